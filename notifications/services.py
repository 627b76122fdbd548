"""The outbox (ARCHITECTURE.md, "Side effects: the outbox").

A change writes its notifications in its own transaction (``notify``, or
``subscribers_notify`` for the public's subscriptions); after the commit, a Celery
task per row delivers the few a change usually writes, and a sweep the many of an
update to every subscriber (``notifications.delivery``). Whatever those did not
deliver (the broker was down, a worker died, the mail server refused) the beat's
sweep picks up. What a message says is decided when it is sent, by the builder its
feature registered (``notifications.registry``).
"""

import datetime
import logging
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import Model

from notifications import tasks
from notifications.delivery import BACKOFF, MAX_ATTEMPTS, deliver, sweep
from notifications.models import Notification, Webhook, WebhookDelivery
from notifications.preferences import mandatory, mode_for, preferences_save
from notifications.rows import New, insert, label, write

logger = logging.getLogger(__name__)

__all__ = [
    "BACKOFF",
    "MAX_ATTEMPTS",
    "ONE_BY_ONE",
    "deliver",
    "enqueue",
    "insert",
    "mandatory",
    "mode_for",
    "notification_retry",
    "notify",
    "webhook_emit",
    "preferences_save",
    "sender_notify",
    "subscribers_notify",
    "sweep",
    "write",
]


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


# More new rows than this at once are sent by one sweep (in batches, over one mail
# connection) rather than by a task each.
ONE_BY_ONE = 20


def notify(*, recipients: Iterable, kind: str, subject: Model, period, by=None) -> list[int]:
    """Announce a change to people, in the caller's transaction; sent after it commits.

    ``by``, who made the change, is not told of it. The ids of the rows written
    now: a row this change announced already (same period) is not written again.
    """
    ids = {getattr(r, "pk", r) for r in recipients} - {None, getattr(by, "pk", None)}
    pks = write((recipient_id, kind, subject, period) for recipient_id in sorted(ids))
    if pks:
        transaction.on_commit(partial(enqueue, pks))
    return pks


def subscribers_notify(
    *, subscriptions: Iterable, kind: str, subject: Model, period: str
) -> list[int]:
    """Announce something to subscribers of the public pages, once per subscription;
    the ids of the rows written now."""
    pks = insert(
        New(kind, label(subject), subject.pk, period, subscription_id=subscription.pk)
        for subscription in subscriptions
    )
    if pks:
        transaction.on_commit(partial(enqueue, pks))
    return pks


def sender_notify(*, kind: str, subject: Model, period: str, district_id: int) -> list[int]:
    """Write to the sender of ``subject`` (of ``district_id``), at the address it holds
    (its feature's composer reads it), in the caller's transaction; sent after it commits."""
    pks = insert([New(kind, label(subject), subject.pk, period, district_id=district_id)])
    if pks:
        transaction.on_commit(partial(enqueue, pks))
    return pks


def enqueue(pks: list[int]) -> None:
    """Ask a worker to deliver the rows: a task each for a few, one sweep for many.

    With the broker down, they are left to the beat's sweep.
    """
    _ask_workers(pks, tasks.deliver, tasks.sweep, "notification(s)")


def _ask_workers(pks: list[int], deliver, sweep, what: str) -> None:
    """``deliver`` each row by its own task, or one ``sweep`` for many; with the broker
    unreachable, the beat's sweep sends them later."""
    try:
        if len(pks) > ONE_BY_ONE:
            sweep.delay()
            return
        for pk in pks:
            deliver.delay(pk)
    except Exception:  # the broker is unreachable: the sweep delivers them later
        logger.warning("Broker unavailable; %d %s left to the sweep", len(pks), what)


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


def webhook_emit(*, district_id: int, event: str, subject: Model) -> list[int]:
    """Tell the district's webhooks that chose ``event`` of ``subject``, in the caller's
    transaction; sent after it commits (``notifications.webhooks``). The ids of the rows
    written: none when no webhook of the district listens (one query)."""
    hooks = Webhook.objects.filter(
        district_id=district_id, removed_at__isnull=True, account__is_active=True
    ).values_list("pk", "events")
    rows = [
        WebhookDelivery(
            webhook_id=pk,
            event=event,
            subject_type=label(subject),
            subject_id=subject.pk,
        )
        for pk, events in hooks
        if event in events
    ]
    pks = [row.pk for row in WebhookDelivery.objects.bulk_create(rows)]
    if pks:
        transaction.on_commit(partial(webhooks_enqueue, pks))
    return pks


def webhooks_enqueue(pks: list[int]) -> None:
    """Ask a worker to send the deliveries, as ``enqueue`` does the messages."""
    _ask_workers(pks, tasks.deliver_webhook, tasks.sweep_webhooks, "webhook delivery(ies)")
