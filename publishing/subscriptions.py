"""E-mail subscriptions to a district's or a school's public updates.

Double opt-in: asking sends only a confirmation link; updates go out once it is
followed. Every message carries a one-click unsubscribe link (and the
List-Unsubscribe headers mail programs use). Messages go through the outbox like
any other, and say only what the public pages say: the published update.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from committees import access
from committees.models import Building, District
from notifications import services as outbox
from notifications.content import Skip
from notifications.models import Kind, Notification, Subscription
from publishing import selectors
from publishing.models import PublicUpdate


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _url(name: str, args: list, language: str) -> str:
    with translation.override(language):
        return f"{settings.SITE_URL}{reverse(name, args=args)}"


@transaction.atomic
def subscription_request(
    *, email: str, district: District, language: str, building: Building | None = None
) -> Subscription:
    """Ask for updates; a confirmation link goes out (at most one a day per address).

    The answer is the same whether the address was new, waiting or subscribed, so
    the form tells nobody who reads the district's updates.
    """
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if building is not None and building.district_id != district.pk:
        raise ValidationError({"building": _("Choose a school of this district.")})
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    subscription, _created = Subscription.objects.select_for_update().get_or_create(
        email=email,
        district=district,
        building=building,
        defaults={"language": language, "token": secrets.token_urlsafe(32)},
    )
    if subscription.active:
        return subscription
    if subscription.unsubscribed_at is not None:  # coming back: a new link, a new start
        subscription.token = secrets.token_urlsafe(32)
        subscription.confirmed_at = subscription.unsubscribed_at = None
    subscription.language = language
    subscription.save()
    today = access.district_today(district).isoformat()
    outbox.subscribers_notify(
        subscriptions=[subscription],
        kind=Kind.SUBSCRIPTION_CONFIRM,
        subject=subscription,
        period=today,
    )
    return subscription


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscription | None:
    subscription = Subscription.objects.select_for_update().filter(token=token).first()
    if subscription is None or subscription.unsubscribed_at is not None:
        return None
    if subscription.confirmed_at is None:
        subscription.confirmed_at = _now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


@transaction.atomic
def subscription_end(*, token: str) -> Subscription | None:
    subscription = Subscription.objects.select_for_update().filter(token=token).first()
    if subscription is not None and subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = _now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


def announce(*, update: PublicUpdate) -> None:
    """Tell the subscribers of its district (or its school) of a published update, once."""
    committee = update.committee
    audience = Q()  # a district-wide update: every subscriber of the district
    if committee.building_id:  # a school's: its subscribers and the district's
        audience = Q(building__isnull=True) | Q(building_id=committee.building_id)
    subscribers = Subscription.objects.filter(
        audience,
        district_id=committee.district_id,
        confirmed_at__isnull=False,
        unsubscribed_at__isnull=True,
    )
    outbox.subscribers_notify(
        subscriptions=subscribers, kind=Kind.PUBLIC_UPDATE, subject=update, period="published"
    )


# --- composing, at sending time (registered with the outbox in PublishingConfig.ready()) --


def confirmation_compose(row: Notification) -> EmailMultiAlternatives:
    """The link that confirms a subscription (double opt-in)."""
    subscription = row.subscription
    district = subscription.district
    language = subscription.language
    with translation.override(language):
        if subscription.confirmed_at is not None:
            raise Skip("confirmed already")
        where = subscription.building.name if subscription.building else district.name
        subject = _("Confirm your subscription to %(where)s safety updates") % {"where": where}
        lines = [
            _(
                "Someone, probably you, asked to get the school safety updates of "
                "%(where)s by e-mail. Nothing is sent until you confirm."
            )
            % {"where": where},
        ]
        link = _url("public:subscription_confirm", [district.slug, subscription.token], language)
        return _message(subscription, subject, lines, link, _("Confirm my subscription"))


def update_compose(row: Notification) -> EmailMultiAlternatives:
    """A published update, in the subscriber's language where it is translated."""
    subscription = row.subscription
    if not subscription.active:
        raise Skip("not confirmed, or unsubscribed")
    district = subscription.district
    language = subscription.language
    with translation.override(language):
        update = (
            selectors.public_updates(district)
            .filter(pk=row.subject_id)
            .first()  # through the gate, as the public: still published?
        )
        if update is None:
            raise Skip("the update is no longer published")
        title, body, fallback = selectors.in_language(update, language)
        lines = [body]
        if fallback:
            lines.insert(0, _("Not yet translated: shown in English."))
        lines.append(formats.date_format(update.first_published_at.date(), "DATE_FORMAT"))
        link = _url("public:update", [district.slug, update.pk], language)
        return _message(
            subscription, title, lines, link, _("Read it on the district's safety page")
        )


def _message(subscription: Subscription, subject, lines, link, link_text):
    """The e-mail (the outbox's layout for subscribers), with its one-click unsubscribe link."""
    district = subscription.district
    language = subscription.language
    unsubscribe = _url("public:unsubscribe", [district.slug, subscription.token], language)
    context = {
        "district": district,
        "lines": lines,
        "link": link,
        "link_text": link_text,
        "unsubscribe": unsubscribe,
        "language": language,
        "subject": subject,
    }
    text = render_to_string("notifications/subscriber_email.txt", context)
    html = render_to_string("notifications/subscriber_email.html", context)
    message = EmailMultiAlternatives(
        subject=f"[{district.name}] {subject}",
        body=text,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


COMPOSERS = {
    Kind.SUBSCRIPTION_CONFIRM: confirmation_compose,
    Kind.PUBLIC_UPDATE: update_compose,
}
