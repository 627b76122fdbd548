"""The outbox (ARCHITECTURE.md, "Side effects: the outbox").

A change writes its notifications in its own transaction (``notify``); after the
commit, a Celery task per row delivers it. Whatever that task did not deliver (the
broker was down, a worker died, the mail server refused) the beat's sweep picks
up. Each row is claimed with ``select_for_update(skip_locked=True)`` in a
transaction that lasts until it is marked, so two sweeps, or a task delivered
twice, never send it twice, and a worker killed mid-send leaves it pending.
"""

import datetime
import logging
import smtplib
from collections.abc import Iterable
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q

from notifications.models import Kind, Mode, Notification, Preference

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Seconds to wait after the 1st, 2nd, 3rd and 4th failed attempt.
BACKOFF = (60, 5 * 60, 30 * 60, 2 * 60 * 60)

__all__ = [
    "MAX_ATTEMPTS",
    "deliver",
    "insert",
    "mode_for",
    "notification_retry",
    "notify",
    "preferences_save",
    "sweep",
    "write",
]


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def label(record: Model) -> str:
    return record._meta.label_lower


def write(rows: Iterable[tuple[int, str, Model, str]]) -> list[int]:
    """Insert (recipient id, kind, subject, period) rows, once each; the pending ids.

    A row that exists already (same recipient, kind, subject and period) is left
    alone, so scans and retried requests write nothing twice.
    """
    return insert(
        Notification(
            recipient_id=recipient_id,
            kind=kind,
            subject_type=label(subject),
            subject_id=subject.pk,
            period=str(period),
        )
        for recipient_id, kind, subject, period in rows
        if recipient_id is not None
    )


def insert(rows: Iterable[Notification]) -> list[int]:
    """Insert unsaved rows, skipping those that exist; the ids of the pending ones."""
    new = list(rows)
    if not new:
        return []
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    match = Q(pk__in=[])
    for row in new:
        match |= Q(
            recipient_id=row.recipient_id,
            subscription_id=row.subscription_id,
            kind=row.kind,
            subject_type=row.subject_type,
            subject_id=row.subject_id,
            period=row.period,
        )
    return list(
        Notification.objects.filter(match, status=Notification.Status.PENDING).values_list(
            "pk", flat=True
        )
    )


def notify(*, recipients: Iterable, kind: str, subject: Model, period, by=None) -> list[int]:
    """Announce a change to people, in the caller's transaction; sent after it commits.

    ``by``, who made the change, is not told of it.
    """
    ids = {getattr(r, "pk", r) for r in recipients} - {None, getattr(by, "pk", None)}
    pks = write((recipient_id, kind, subject, period) for recipient_id in sorted(ids))
    if pks:
        transaction.on_commit(partial(enqueue, pks))
    return pks


def enqueue(pks: list[int]) -> None:
    """Ask a worker to deliver each row; with the broker down, leave them to the sweep."""
    from notifications import tasks

    for pk in pks:
        try:
            tasks.deliver.delay(pk)
        except Exception:  # the broker is unreachable: the sweep delivers them later
            logger.warning("Broker unavailable; %d notification(s) left to the sweep", len(pks))
            return


def deliver(*, notification_id: int) -> str:
    """Send one row if it is still pending and due; a second call does nothing."""
    with transaction.atomic():
        row = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient__district", "subscription__district")
            .filter(pk=notification_id, status=Notification.Status.PENDING)
            .filter(next_attempt_at__lte=_now())
            .first()
        )
        if row is None:
            return "nothing to do"
        return _send(row)


def sweep(*, limit: int = 1000) -> int:
    """Deliver what is pending and due, one row per transaction; how many were handled."""
    handled = 0
    while handled < limit:
        with transaction.atomic():
            row = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient__district", "subscription__district")
                .filter(status=Notification.Status.PENDING, next_attempt_at__lte=_now())
                .order_by("next_attempt_at", "id")
                .first()
            )
            if row is None:
                break
            _send(row)
        handled += 1
    return handled


def _send(row: Notification) -> str:
    from notifications.messages import Skip, compose
    from notifications.subscriptions import compose_for_subscriber

    try:
        message = compose(row) if row.recipient_id else compose_for_subscriber(row)
    except Skip as skip:
        row.status, row.reason = Notification.Status.SKIPPED, str(skip)[:200]
        row.save(update_fields=["status", "reason"])
        return "skipped"
    except Exception as error:  # a bug does not mend by retrying: show it to the admins
        logger.exception("Could not compose notification %s", row.pk)
        return _fail(row, error, final=True)
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        return _fail(row, error, final=row.attempts + 1 >= MAX_ATTEMPTS)
    row.status, row.sent_at = Notification.Status.SENT, _now()
    row.attempts += 1
    row.save(update_fields=["status", "sent_at", "attempts"])
    return "sent"


def _fail(row: Notification, error: Exception, *, final: bool) -> str:
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if final:
        row.status = Notification.Status.FAILED
    else:
        wait = BACKOFF[min(row.attempts, len(BACKOFF)) - 1]
        row.next_attempt_at = _now() + datetime.timedelta(seconds=wait)
    row.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    return "failed" if final else "retry"


@transaction.atomic
def notification_retry(*, notification: Notification, by) -> Notification:
    """A district administrator sends a failed message again (the mail server is back)."""
    row = Notification.objects.select_for_update().get(pk=notification.pk)
    if row.status != Notification.Status.FAILED:
        return row
    row.status, row.attempts, row.next_attempt_at = Notification.Status.PENDING, 0, _now()
    row.save(update_fields=["status", "attempts", "next_attempt_at"])
    transaction.on_commit(partial(enqueue, [row.pk]))
    return row


# --- preferences ---------------------------------------------------------------------------


def mandatory(user) -> set[str]:
    district = user.district
    return set(district.mandatory_notifications) if district else set()


def mode_for(user, kind: str) -> str:
    """How ``user`` wants ``kind``: right away unless they chose otherwise and may."""
    if kind in mandatory(user):
        return Mode.IMMEDIATE
    chosen = Preference.objects.filter(user=user, kind=kind).values_list("mode", flat=True)
    return chosen.first() or Mode.IMMEDIATE


@transaction.atomic
def preferences_save(
    *, user, modes: dict[str, str], due_soon_days: int | None = None, language: str | None = None
) -> None:
    """Save a person's choices; a kind the district made mandatory cannot be switched off."""
    unknown = set(modes) - set(Kind.values)
    if unknown:
        raise ValidationError(f"Unknown kinds: {', '.join(sorted(unknown))}.")
    forced = {k for k, mode in modes.items() if k in mandatory(user) and mode != Mode.IMMEDIATE}
    if forced:
        names = ", ".join(str(Kind(k).label) for k in sorted(forced))
        raise ValidationError(f"The district requires these to be sent right away: {names}.")
    for kind, mode in modes.items():
        if mode not in Mode.values:
            raise ValidationError(f"Unknown choice {mode!r}.")
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"mode": mode})
    fields = []
    if due_soon_days is not None:
        user.due_soon_days = due_soon_days
        fields.append("due_soon_days")
    if language is not None:
        user.language = language
        fields.append("language")
    if fields:
        user.full_clean(validate_unique=False)
        user.save(update_fields=fields)
