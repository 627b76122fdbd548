"""Sending the outbox's rows: one by one as they are written, and in batches by the sweep.

Rows are claimed with ``select_for_update(skip_locked=True)`` in a transaction that
lasts until they are marked, so two sweeps, or a task delivered twice, never send a
row twice, and a worker killed mid-send leaves its rows pending (what it had sent of
its batch goes again: at most a batch). A mail server that fails is tried again
later, backing off; a message that cannot be composed (a bug) fails at once.

The sweep claims ``BATCH`` rows at a time, composes them, sends them over
``EMAIL_CONNECTIONS`` connections to the mail server at once (threads that do nothing
else) and marks them all in one update, until nothing is due
or its time is up (rows it had no time to send stay pending and due). Its queries are
per batch, whatever its size and however many people it goes to: the claim, the records
the rows are about with their chains (one query per kind of record), the recipients'
preferences, what they may see (the gate's scopes, one query for them all), a savepoint,
the update. A message adds only what its builder reads beyond its record's chain (none
for most). The batch is composed under one savepoint; if a message fails, it is composed
again row by row, each under its own, so that a database error in one builder fails
that message, not the batch (tests/notifications/test_delivery.py pins these counts).
Measured to a local SMTP sink (benchmarks at scale 0.1: 321 messages to distinct
people, on a shared two-core machine): 100 to 170 messages a second over one connection,
about half of the time waiting on the server's replies; over four, about 1.5 times as
many on the same machine (the rest is composing: templates and headers).
"""

import contextlib
import datetime
import logging
import smtplib
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from notifications.content import Skip, batch_reads
from notifications.messages import Batch, compose, compose_for_sender, compose_for_subscriber
from notifications.models import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Seconds to wait after the 1st, 2nd, 3rd and 4th failed attempt.
BACKOFF = (60, 5 * 60, 30 * 60, 2 * 60 * 60)
# Rows claimed, sent and marked together, in one transaction.
BATCH = 100
# A sweep starts no batch, and sends no message, after this many seconds: the beat
# starts one every minute, and a task is stopped after 60 (CELERY_TASK_SOFT_TIME_LIMIT).
SWEEP_SECONDS = 40
# What marking a row that was not sent writes.
MARKED = ["status", "reason", "attempts", "last_error", "next_attempt_at"]


def deliver(*, notification_id: int) -> str:
    """Send one row if it is still pending and due; a second call does nothing."""
    with transaction.atomic():
        rows = list(_claim().filter(pk=notification_id))
        if not rows:
            return "nothing to do"
        [outcome] = _send(rows, deadline=None)
        return outcome


def sweep(*, limit: int | None = None, batch: int = BATCH, seconds: float = SWEEP_SECONDS) -> int:
    """Deliver what is pending and due, a batch per transaction, until none is left,
    ``limit`` rows are handled or ``seconds`` have passed; how many rows were handled."""
    deadline = time.monotonic() + seconds
    handled = 0
    while time.monotonic() < deadline and (limit is None or handled < limit):
        size = batch if limit is None else min(batch, limit - handled)
        with transaction.atomic():
            rows = list(_claim().order_by("next_attempt_at", "id")[:size])
            if not rows:
                break
            handled += len(_send(rows, deadline=deadline))
    return handled


def _claim():
    return (
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient__district", "subscription__district")
        .filter(status=Notification.Status.PENDING, next_attempt_at__lte=timezone.now())
    )


def _send(rows: list[Notification], *, deadline: float | None) -> list[str]:
    """Compose, send and mark the claimed rows; the outcome of each row handled.

    Rows left when the deadline passes are not touched: still pending and due, they
    are the next sweep's.
    """
    composed = []
    with batch_reads():
        messages = _compose_all(rows, Batch(rows))
    for row, message in messages:
        if isinstance(message, Skip):
            row.status, row.reason = Notification.Status.SKIPPED, str(message)[:200]
        elif message is not None:
            composed.append((row, message))
    outcomes = {row.pk: row.status for row in rows if row.status != Notification.Status.PENDING}
    outcomes.update(_transmit(composed, deadline))
    _mark(rows, outcomes)
    return [outcomes[row.pk] for row in rows if row.pk in outcomes]


def _mark(rows: list[Notification], outcomes: dict[int, str]) -> None:
    """Write the outcomes: the sent rows in one update, the others (few) in another."""
    sent = [row for row in rows if outcomes.get(row.pk) == "sent"]
    others = [row for row in rows if row.pk in outcomes and outcomes[row.pk] != "sent"]
    if sent:
        Notification.objects.filter(pk__in=[row.pk for row in sent]).update(
            status=Notification.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
        )
    if others:
        Notification.objects.bulk_update(others, MARKED)


def _compose_all(rows: list[Notification], batch: Batch) -> list[tuple[Notification, Any]]:
    """Each row's message, or the Skip that says why there is none, or None for a row
    whose message failed (the row is marked failed).

    The batch is composed under one savepoint. Should a message fail (a bug, perhaps a
    database error that spoils what the transaction did since), that is rolled back and
    each row is composed again under a savepoint of its own, so that the failure stays
    with its row. A Skip needs no rollback: builders write nothing before they return
    (``committees.messages.as_recipient`` keeps the read after).
    """
    try:
        with transaction.atomic():
            return [(row, _compose(row, batch, alone=False)) for row in rows]
    except Exception:  # whichever it was, composing each row alone shows it again
        return [(row, _compose(row, batch, alone=True)) for row in rows]


def _compose(row: Notification, batch: Batch, *, alone: bool):
    """The row's message, or the Skip that says why there is none. ``alone``: under a
    savepoint of its own, which a skip or a failure rolls back; a failure marks the row
    failed (None)."""
    try:
        with transaction.atomic() if alone else contextlib.nullcontext():
            if row.recipient_id:
                return compose(row, batch)
            if row.subscription_id:
                return compose_for_subscriber(row)
            return compose_for_sender(row)
    except Skip as skip:
        return skip
    except Exception as error:
        if not alone:
            raise
        # A bug does not mend by retrying: show it to the admins.
        logger.exception("Could not compose notification %s", row.pk)
        _fail(row, error, final=True)
        return None


def _transmit(composed: list, deadline: float | None) -> dict[int, str]:
    """Send the messages; row id -> "sent", "retry" or "failed".

    Over EMAIL_CONNECTIONS connections at once (threads that only talk to the mail
    server: no database), the n-th message on the (n mod connections)-th, so that the
    batch does not wait on one server reply after another.
    """
    lanes = max(1, min(settings.EMAIL_CONNECTIONS, len(composed)))
    if lanes == 1:
        return _transmit_over(composed, deadline)
    outcomes: dict[int, str] = {}
    with ThreadPoolExecutor(max_workers=lanes, thread_name_prefix="outbox-smtp") as pool:
        for lane in pool.map(lambda n: _transmit_over(composed[n::lanes], deadline), range(lanes)):
            outcomes.update(lane)
    return outcomes


def _transmit_over(composed: list, deadline: float | None) -> dict[int, str]:
    """Send the messages over one connection, in order.

    A message the server refuses is tried again later; the connection is then opened
    afresh for the next. If it cannot be opened, every message left waits for the
    next attempt.
    """
    outcomes: dict[int, str] = {}
    connection = mail.get_connection()
    try:
        for index, (row, message) in enumerate(composed):
            if deadline is not None and time.monotonic() > deadline:
                break
            try:
                connection.open()
            except (smtplib.SMTPException, OSError) as error:
                for waiting, _message in composed[index:]:
                    outcomes[waiting.pk] = _fail(waiting, error)
                break
            try:
                connection.send_messages([message])
            except (smtplib.SMTPException, OSError) as error:
                outcomes[row.pk] = _fail(row, error)
                _close(connection)
            else:
                outcomes[row.pk] = "sent"
    finally:
        _close(connection)
    return outcomes


def _close(connection) -> None:
    with contextlib.suppress(smtplib.SMTPException, OSError):
        connection.close()


def _fail(row: Notification, error: Exception, *, final: bool | None = None) -> str:
    """Count a failed attempt; final when composing failed or the attempts are spent."""
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if final is None:
        final = row.attempts >= MAX_ATTEMPTS
    if final:
        row.status = Notification.Status.FAILED
    else:
        wait = BACKOFF[min(row.attempts, len(BACKOFF)) - 1]
        row.next_attempt_at = timezone.now() + datetime.timedelta(seconds=wait)
    return "failed" if final else "retry"
