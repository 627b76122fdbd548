"""What a notification says, decided when it is sent.

The outbox checks what is the outbox's to check (the person can still sign in, has an
address, wants this kind by itself; the subscriber has not left) and asks the builder
its feature registered for the kind (``notifications.registry``): the builder asks
the gate again, as the recipient, and says what the message says, in the recipient's
language and the district's time zone.
"""

from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from notifications import registry
from notifications.content import Skip
from notifications.models import Kind, Mode, Notification
from notifications.preferences import mode_for


def compose(row: Notification) -> EmailMultiAlternatives:
    """The message to a person of the portal."""
    user = row.recipient
    if not user.is_active or user.district_id is None:
        raise Skip("the person can no longer sign in")
    if not user.email:
        raise Skip("no e-mail address")
    mode = mode_for(user, row.kind)
    # "In the weekly digest only", chosen for the digest itself, means the digest.
    if mode == Mode.NONE or (mode == Mode.DIGEST and row.kind != Kind.DIGEST):
        raise Skip("the person chose not to get these by themselves")
    district = user.district
    model = apps.get_model(row.subject_type)
    subject = model._default_manager.filter(pk=row.subject_id).first()
    if subject is None:
        raise Skip("the record no longer exists")
    with (
        translation.override(user.language or settings.LANGUAGE_CODE),
        timezone.override(ZoneInfo(district.time_zone)),
    ):
        content = registry.builder_for(row.kind)(row, user, subject)
        context = {
            "user": user,
            "district": district,
            "content": content,
            "link": absolute(content.link),
            "settings_link": absolute(reverse("notifications:settings")),
            "language": user.language or settings.LANGUAGE_CODE,
        }
        text = render_to_string("notifications/email.txt", context)
        html = render_to_string("notifications/email.html", context)
        subject_line = f"[{district.name}] {content.subject}"
    message = EmailMultiAlternatives(
        subject=subject_line, body=text, to=[f"{user.display_name} <{user.email}>"]
    )
    message.attach_alternative(html, "text/html")
    return message


def compose_for_subscriber(row: Notification) -> EmailMessage:
    """The message to a subscriber of the public pages, by its feature's composer."""
    if row.subscription.unsubscribed_at is not None:
        raise Skip("unsubscribed")
    composer = registry.subscriber_composer_for(row.kind)
    if composer is None:
        raise Skip(f"not a subscriber's kind: {row.kind}")
    return composer(row)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
