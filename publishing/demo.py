"""The demo's public updates and the people of the public who follow them by e-mail.

Called by the ``seed_demo`` command after the core's demo and the features whose
records the updates talk about (drills, follow-ups), finding people and committees by
their usernames and schools. Idempotent: an update already there (by committee and
title), or a subscriber already there (by address), is left as it is.
"""

from dataclasses import dataclass

from auditlog.context import set_actor as acting_as
from django.contrib.auth import get_user_model

from committees.models import Building, Committee, District, PublicTextChange
from notifications.models import Subscription
from publishing import services, subscriptions
from publishing.models import PublicUpdate

User = get_user_model()


@dataclass(frozen=True)
class Translation:
    language: str
    title: str
    body: str


@dataclass(frozen=True)
class DemoUpdate:
    committee: str  # a school's slug, or "district" for the district committee
    title: str
    body: str
    written_by: str
    published_by: str | None  # None: a draft
    translations: tuple[Translation, ...] = ()
    withdrawn: str = ""  # the reason, for an update published and then withdrawn


@dataclass(frozen=True)
class Correction:
    """A correction of a published update, proposed and left waiting for a second person."""

    committee: str
    title: str
    by: str
    old_words: str
    new_words: str


@dataclass(frozen=True)
class Subscriber:
    """Someone of the public who follows the updates by e-mail."""

    email: str
    school: str | None  # None: every school of the district
    language: str
    confirmed: bool


DRILL_UPDATE = "Lockdown drill in October"

# Published updates for each building, one in three languages, drafts, a withdrawn one.
UPDATES = [
    DemoUpdate(
        committee="westport-high",
        title="Printed visitor badges at the front office",
        body="Every visitor to Westport High School now signs in at the front office and wears "
        "a printed badge with their photo and the date. Please bring a photo ID when you "
        "visit. Thank you for helping us know who is in the building.",
        written_by="secretary.high",
        published_by="chair.high",
        translations=(
            Translation(
                language="es",
                title="Credenciales impresas para visitantes en la oficina principal",
                body="Todas las personas que visitan Westport High School se registran ahora en "
                "la oficina principal y llevan una credencial impresa con su foto y la fecha. "
                "Traiga una identificación con foto cuando nos visite. Gracias por ayudarnos a "
                "saber quién está en el edificio.",
            ),
            Translation(
                language="pt",
                title="Crachás impressos para visitantes na secretaria",
                body="Todos os visitantes da Westport High School agora se registram na "
                "secretaria e usam um crachá impresso com foto e data. Traga um documento com "
                "foto quando nos visitar. Obrigado por nos ajudar a saber quem está no prédio.",
            ),
        ),
    ),
    DemoUpdate(
        committee="westport-high",
        title=DRILL_UPDATE,
        body="Students and staff practised a lockdown drill with the Westport Police Department "
        "in October. The committee reviewed the drill and staff will receive a refresher on "
        "the January professional development day. Families do not need to do anything.",
        written_by="secretary.high",
        published_by="principal.high",
    ),
    DemoUpdate(
        committee="cedar-point",
        title="Safer mornings in the car line",
        body="The town traffic officer observed arrival on two mornings. From December, the car "
        "line enters from the north gate only and a second staff member helps at the curb.",
        written_by="teacher.middle",
        published_by="chair.middle",
        translations=(
            Translation(
                language="es",
                title="Mañanas más seguras en la fila de autos",
                body="El agente de tráfico observó la llegada durante dos mañanas. A partir de "
                "diciembre, la fila de autos entra solo por la puerta norte y un segundo "
                "miembro del personal ayuda en la acera.",
            ),
        ),
    ),
    DemoUpdate(
        committee="harbor-view",
        title="A family guide to reunification",
        body="If the school ever has to move students to another site, families will be told "
        "where and how to pick up their children by text, e-mail and on this page. A "
        "plain-language guide is being written with parents and will be shared this winter.",
        written_by="chair.elementary",
        published_by="principal.elementary",
    ),
    DemoUpdate(
        committee="district",
        title="Bus evacuation drills on every route",
        body="Every school bus route ran its two fall evacuation drills with our transportation "
        "contractor. Students practised leaving by the front and rear doors.",
        written_by="social.worker",
        published_by="district.admin",
    ),
    DemoUpdate(
        committee="westport-high",
        title="New doors for the east wing",
        body="The east wing doors will be replaced during winter break.",
        written_by="secretary.high",
        published_by="chair.high",
        withdrawn="Posted before the work was scheduled; a corrected update will follow.",
    ),
    DemoUpdate(
        committee="westport-high",
        title="Spring drill schedule",
        body="Drills this spring will include an evacuation to the athletic fields and a shelter "
        "in place drill. Dates will be shared with families a week ahead.",
        written_by="secretary.high",
        published_by=None,
    ),
]

# Four eyes on corrections too: the secretary's correction of a published update
# waits for the chair, and the public still reads the first text.
CORRECTIONS = [
    Correction(
        committee="westport-high",
        title=DRILL_UPDATE,
        by="secretary.high",
        old_words="the January professional development day",
        new_words="the January 19 professional development day",
    ),
]

SUBSCRIBERS = [
    Subscriber(
        email="r.okonkwo@example.net", school="westport-high", language="en", confirmed=True
    ),
    Subscriber(
        email="familia.garcia@example.net", school="cedar-point", language="es", confirmed=True
    ),
    Subscriber(email="ana.souza@example.net", school=None, language="pt", confirmed=True),
    Subscriber(  # never confirmed
        email="pat.lindqvist@example.net", school="harbor-view", language="en", confirmed=False
    ),
]


def seed(*, district_slug: str = "westport") -> None:
    """Subscribers first, so that the updates published next are announced to them."""
    district = District.objects.get(slug=district_slug)
    people = {user.username: user for user in User.objects.filter(district=district)}
    for subscriber in SUBSCRIBERS:
        _subscriber(district, subscriber)
    for update in UPDATES:
        committee = _committee(district, update.committee)
        if not PublicUpdate.objects.filter(committee=committee, title=update.title).exists():
            _update(committee, people, update)
    for correction in CORRECTIONS:
        _correction(_committee(district, correction.committee), people, correction)


def _committee(district: District, slug: str) -> Committee:
    if slug == "district":
        return Committee.objects.get(district=district, building__isnull=True)
    return Committee.objects.get(district=district, building__slug=slug)


def _subscriber(district: District, subscriber: Subscriber) -> None:
    if Subscription.objects.filter(email=subscriber.email, district=district).exists():
        return
    building = (
        Building.objects.get(district=district, slug=subscriber.school)
        if subscriber.school
        else None
    )
    subscription = subscriptions.subscription_request(
        email=subscriber.email, district=district, building=building, language=subscriber.language
    )
    if subscriber.confirmed:
        subscriptions.subscription_confirm(token=subscription.token)


def _update(committee: Committee, people: dict, demo: DemoUpdate) -> None:
    author = people[demo.written_by]
    with acting_as(author):
        update, _ = services.update_save(
            committee=committee, title=demo.title, body=demo.body, by=author
        )
        for translation in demo.translations:
            services.update_translation_save(
                update=update,
                language=translation.language,
                title=translation.title,
                body=translation.body,
                by=author,
            )
    if demo.published_by:
        publisher = people[demo.published_by]
        with acting_as(publisher):
            services.update_publish(update=update, by=publisher)
            if demo.withdrawn:
                services.update_withdraw(update=update, by=publisher, reason=demo.withdrawn)


def _correction(committee: Committee, people: dict, demo: Correction) -> None:
    update = PublicUpdate.objects.get(committee=committee, title=demo.title)
    if PublicTextChange.objects.filter(
        kind=PublicTextChange.Kind.UPDATE, record_id=update.pk
    ).exists():
        return
    with acting_as(people[demo.by]):
        services.update_correct(
            update=update,
            title=demo.title,
            body=update.body.replace(demo.old_words, demo.new_words),
            by=people[demo.by],
        )
