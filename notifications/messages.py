"""What a notification says, decided when it is sent.

The outbox checks what is the outbox's to check (the person can still sign in, has an
address, wants this kind by itself; the subscriber has not left) and asks the builder
its feature registered for the kind (``notifications.registry``): the builder asks
the gate again, as the recipient, and says what the message says, in the recipient's
language and the district's time zone.
"""

from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from notifications import registry
from notifications.content import Skip
from notifications.models import ACCOUNT_KINDS, Kind, Mode, Notification
from notifications.preferences import modes_for


class Batch:
    """What a batch of rows to people is about, read once for the whole batch.

    One object per recipient (loaded with the claim), what the gate works out for each
    of them (in one query for them all), the records the rows are about with their
    chains (one query per kind of record) and how each recipient wants each kind (one
    query). All of it is read when the first message needs it, so that a failure there
    fails that message, not the batch.
    """

    def __init__(self, rows: list[Notification]):
        self.rows = [row for row in rows if row.recipient_id]
        # The gate works out what each person may see once per batch, not per message.
        people: dict[int, Any] = {}
        for row in self.rows:
            row.recipient = people.setdefault(row.recipient_id, row.recipient)
        self._people = list(people.values())
        self._primed = False
        self._records: dict[str, dict[int, Model]] = {}
        self._modes: dict[tuple[int, str], str] | None = None

    def prime(self) -> None:
        """Let the gate work out what the recipients may see, all of them at once."""
        if not self._primed:
            registry.batch_prime(self._people)
            self._primed = True

    def record(self, row: Notification) -> Model | None:
        """The record ``row`` is about, with its chain; None if it was deleted since."""
        if row.subject_type not in self._records:
            model = apps.get_model(row.subject_type)  # an unknown label is a bug: it fails
            ids = {r.subject_id for r in self.rows if r.subject_type == row.subject_type}
            rows = registry.batch_subjects(model._default_manager.all())
            self._records[row.subject_type] = rows.in_bulk(ids)
        return self._records[row.subject_type].get(row.subject_id)

    def mode(self, row: Notification) -> str:
        if self._modes is None:
            self._modes = modes_for((r.recipient, r.kind) for r in self.rows)
        return self._modes[row.recipient_id, row.kind]


def compose(row: Notification, batch: Batch | None = None) -> EmailMultiAlternatives:
    """The message to a person of the portal (``batch``: what its batch read already)."""
    batch = batch or Batch([row])
    user = row.recipient
    if not user.is_active or user.district_id is None:
        raise Skip("the person can no longer sign in")
    if user.is_service_account:
        raise Skip("a service account gets no e-mail")
    if not user.email:
        raise Skip("no e-mail address")
    mode = Mode.IMMEDIATE if row.kind in ACCOUNT_KINDS else batch.mode(row)
    # "In the weekly digest only", chosen for the digest itself, means the digest.
    if mode == Mode.NONE or (mode == Mode.DIGEST and row.kind != Kind.DIGEST):
        raise Skip("the person chose not to get these by themselves")
    district = user.district
    subject = batch.record(row)
    if subject is None:
        raise Skip("the record no longer exists")
    batch.prime()
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


def compose_for_sender(row: Notification) -> EmailMessage:
    """The message to the sender of the row's record, by its feature's composer, which
    reads the address from the record."""
    composer = registry.sender_composer_for(row.kind)
    if composer is None:
        raise Skip(f"not a sender's kind: {row.kind}")
    model = apps.get_model(row.subject_type)
    subject = model._default_manager.filter(pk=row.subject_id).first()
    if subject is None:
        raise Skip("the record no longer exists")
    return composer(row, subject)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
