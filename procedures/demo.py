"""The demo's confidential procedures, each with its history of versions, reviews and copies.

Called by the ``seed_demo`` command after ``committees.demo.seed``, whose people and
committees it finds by their usernames and schools. Idempotent: a procedure already
there (by committee and title) is left as it is.
"""

import datetime
from dataclasses import dataclass

from auditlog.context import set_actor as acting_as
from django.contrib.auth import get_user_model

from committees import access
from committees.demo import second_eyes
from committees.models import Committee, District, PublicTextChange
from procedures import services
from procedures.models import Procedure, ProcedureCopy

User = get_user_model()


@dataclass(frozen=True)
class Version:
    days_ago: int
    by: str
    body: str
    note: str = ""


@dataclass(frozen=True)
class Review:
    days_ago: int
    by: str
    note: str


@dataclass(frozen=True)
class Copy:
    days_ago: int
    by: str
    given_to: str
    how: str


@dataclass(frozen=True)
class DemoProcedure:
    committee: str  # a school's slug, or "district" for the district committee
    kind: str
    title: str
    owner: str
    history: tuple[Version | Review | Copy, ...]  # oldest first, a version first


EOP_V1 = (
    "## Incident command\n\nThe superintendent is incident commander until the "
    "police or fire department arrives; the Director of School Safety is deputy. "
    "The emergency operations centre opens in the central office conference room; "
    "the alternate is the Westport Police Department community room.\n\n"
    "## Communication\n\nThe notification tree starts with the dispatcher line; "
    "families hear through the mass-notification system only after the incident "
    "commander approves the wording."
)
LOCKDOWN_V1 = (
    "Lockdown is announced over the PA with the plain-language phrase "
    '"Lockdown, lockdown, lockdown". Teachers lock doors, cover the door '
    "windows, move students out of sight lines and take attendance. Hall sweeps "
    "are by the two assistant principals; the gym and cafeteria staff use the "
    "storage rooms behind the stage."
)
FIRE_MARSHAL = "Brian Cole, Fire Marshal, Westport Fire Department"

# The lockdown review falls due within a month.
PROCEDURES = [
    DemoProcedure(
        committee="district",
        kind=Procedure.Kind.EMERGENCY_OPERATIONS,
        title="District emergency operations plan",
        owner="district.admin",
        history=(
            # The committee's secretary writes it down; Maria Delgado approves its public title.
            Version(800, "social.worker", EOP_V1),
            Review(420, "district.admin", "Annual review with police and fire"),
            Copy(
                415,
                "district.admin",
                "Michael Sullivan, Lieutenant, Westport Police Department",
                ProcedureCopy.How.EMAILED,
            ),
            Version(
                60,
                "district.admin",
                EOP_V1 + " Each principal keeps a printed copy of the staff call list in the "
                "red binder in the main office safe.",
                "Printed call lists, after the full-scale drill showed the phone tree stalls",
            ),
            Review(
                40, "district.admin", "Reviewed with Lt. Sullivan and the fire marshal; no change"
            ),
            Copy(38, "district.admin", FIRE_MARSHAL, ProcedureCopy.How.PRINTED),
        ),
    ),
    DemoProcedure(
        committee="westport-high",
        kind=Procedure.Kind.LOCKDOWN,
        title="Westport High School lockdown procedure",
        owner="principal.high",
        history=(
            Version(730, "principal.high", LOCKDOWN_V1),
            Review(
                380,
                "principal.high",
                "Walked through with Officer Reyes; the stage storage rooms still lock",
            ),
            Version(
                352,
                "principal.high",
                LOCKDOWN_V1.replace("take attendance.", "take attendance in the app.")
                + " The school resource officer joins the hall sweep; substitutes find the "
                "procedure card in the sub folder.",
                "Substitutes and the attendance app, after the lockdown drill debrief",
            ),
            Review(345, "chair.high", "Approved by the committee with version 2"),
            Copy(
                340,
                "principal.high",
                "Officer Daniel Reyes, Westport Police Department",
                ProcedureCopy.How.EMAILED,
            ),
            Copy(120, "principal.high", FIRE_MARSHAL, ProcedureCopy.How.PRINTED),
        ),
    ),
    DemoProcedure(
        committee="westport-high",
        kind=Procedure.Kind.REUNIFICATION,
        title="Westport High School reunification procedure",
        owner="principal.high",
        history=(
            Version(
                200,
                "principal.high",
                "Families are directed by text to the reunification site; students are "
                "released only at the release table, against a photo ID and the emergency "
                "card. The request and release tables are staffed by the front office.",
            ),
            Review(90, "principal.high", "Checked against the bus contractor's plan"),
        ),
    ),
]
# Who may approve a procedure's public title, the first who did not propose it.
TITLE_APPROVERS = ("district.admin", "chair.high", "principal.high")


def seed(*, district_slug: str = "westport") -> None:
    """Procedures with versions, reviews and copies given, each on its day."""
    district = District.objects.get(slug=district_slug)
    people = {user.username: user for user in User.objects.filter(district=district)}
    for demo in PROCEDURES:
        committee = _committee(district, demo.committee)
        if not Procedure.objects.filter(committee=committee, title=demo.title).exists():
            _procedure(committee, people, demo)


def _committee(district: District, slug: str) -> Committee:
    if slug == "district":
        return Committee.objects.get(district=district, building__isnull=True)
    return Committee.objects.get(district=district, building__slug=slug)


def _procedure(committee: Committee, people: dict, demo: DemoProcedure) -> None:
    now = datetime.datetime.now(datetime.UTC)
    today = access.district_today(committee.district)
    first, *later = demo.history
    with acting_as(people[first.by]):
        procedure = services.procedure_create(
            committee=committee,
            kind=demo.kind,
            title=demo.title,
            body=first.body,
            owner=people[demo.owner],
            by=people[first.by],
        )
    second_eyes(
        PublicTextChange.objects.filter(
            kind=PublicTextChange.Kind.PROCEDURE, record_id=procedure.pk, decided_at=None
        ).first(),
        people,
        *TITLE_APPROVERS,
    )
    created = now - datetime.timedelta(days=first.days_ago)
    # The demo tells a past: date the records as if they had been written then.
    Procedure.objects.filter(pk=procedure.pk).update(created_at=created)
    procedure.versions.update(created_at=created)
    for event in later:
        with acting_as(people[event.by]):
            record = _event(procedure, event, people[event.by], today)
        if record is None:
            continue
        field = "created_at" if isinstance(event, Version) else "at"
        type(record).objects.filter(pk=record.pk).update(
            **{field: now - datetime.timedelta(days=event.days_ago)}
        )


def _event(procedure: Procedure, event, by, today: datetime.date):
    """One later step of a procedure's history: a version, a review or a copy given."""
    if isinstance(event, Version):
        return services.procedure_version_add(
            procedure=procedure, body=event.body, note=event.note, by=by
        )
    if isinstance(event, Review):
        services.procedure_review_record(
            procedure=procedure,
            by=by,
            note=event.note,
            reviewed_on=today - datetime.timedelta(days=event.days_ago),
        )
        return None
    return services.procedure_copy_record(
        procedure=procedure, given_to=event.given_to, how=event.how, by=by
    )
