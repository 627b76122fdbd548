"""Sending the outbox's rows: one by one as they are written, and by the sweep.

Each row is claimed with ``select_for_update(skip_locked=True)`` in a transaction
that lasts until it is marked, so two sweeps, or a task delivered twice, never send
it twice, and a worker killed mid-send leaves it pending.
"""

import datetime
import logging
import smtplib

from django.db import transaction
from django.utils import timezone

from notifications.content import Skip
from notifications.messages import compose, compose_for_subscriber
from notifications.models import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Seconds to wait after the 1st, 2nd, 3rd and 4th failed attempt.
BACKOFF = (60, 5 * 60, 30 * 60, 2 * 60 * 60)


def deliver(*, notification_id: int) -> str:
    """Send one row if it is still pending and due; a second call does nothing."""
    with transaction.atomic():
        row = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient__district", "subscription__district")
            .filter(pk=notification_id, status=Notification.Status.PENDING)
            .filter(next_attempt_at__lte=timezone.now())
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
                .filter(status=Notification.Status.PENDING, next_attempt_at__lte=timezone.now())
                .order_by("next_attempt_at", "id")
                .first()
            )
            if row is None:
                break
            _send(row)
        handled += 1
    return handled


def _send(row: Notification) -> str:
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
    row.status, row.sent_at = Notification.Status.SENT, timezone.now()
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
        row.next_attempt_at = timezone.now() + datetime.timedelta(seconds=wait)
    row.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    return "failed" if final else "retry"
