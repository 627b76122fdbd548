"""More faults for the outbox, beyond test_outbox_worker.py (whose helpers this reuses).

A Redis that stalls rather than dies, and a killed worker's task that Redis hands
to the restarted worker (acks late): each still ends in one mail.
"""

import os
import signal
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connections, transaction
from django.urls import reverse

from notifications import services as outbox
from notifications import tasks
from notifications.models import Kind, Notification
from safety_portal.celery import app
from tests.factories import ActionItemFactory
from tests.notifications.test_outbox_worker import (
    _broker,
    _free_port,
    _pending_rows,
    _start_redis,
    _wait_for,
    _worker,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def _mails(subject_part: str) -> list:
    return [m for m in mail.outbox if subject_part in m.subject]


def test_a_stalled_broker_costs_a_request_a_second_and_the_mail_goes_once(cast, login, settings):
    """Redis accepts the connection but never answers (SIGSTOP): the socket timeouts
    end the wait. Once it wakes, the publishes that timed out may land after all;
    with a worker and the sweep both at it, the assignee still gets one mail."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    port = _free_port()
    redis = _start_redis(port)
    item = ActionItemFactory(committee=cast.high, title="Fix the east stair light")
    try:
        with _broker(f"redis://127.0.0.1:{port}/0"):
            redis.send_signal(signal.SIGSTOP)
            client = login(cast.chair)
            started = time.monotonic()
            response = client.post(
                reverse("followups:item_assign", args=[item.pk]), {"assignee": cast.staff.pk}
            )
            elapsed = time.monotonic() - started
            assert response.status_code == 302
            assert elapsed < 2, f"the request took {elapsed:.1f} s with the broker stalled"
            row = Notification.objects.get(recipient=cast.staff, kind=Kind.ITEM_ASSIGNED)
            assert row.status == Notification.Status.PENDING
            assert mail.outbox == []

            redis.send_signal(signal.SIGCONT)
            with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
                outbox.sweep()
                tasks.deliver.delay(row.pk)  # and one more copy, for good measure
                time.sleep(1.5)  # the worker drains whatever the broker holds
    finally:
        redis.send_signal(signal.SIGCONT)
        redis.terminate()
        redis.wait(timeout=10)
    sent = _mails("east stair light")
    assert len(sent) == 1
    [to] = sent[0].to
    assert to.endswith(f"<{cast.staff.email}>")
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT


def test_a_killed_workers_task_goes_to_the_restarted_worker_and_sends_once(cast, tmp_path):
    """With acks late, Redis gives the unacknowledged task to the next worker once the
    visibility timeout passes. No sweep here: the redelivered task alone sends it."""
    sent = tmp_path / "sent.txt"
    sending = tmp_path / "sending.txt"
    port = _free_port()
    redis = _start_redis(port)
    db = connections["default"].settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "SENT_MAIL_FILE": str(sent),
        "SENDING_MAIL_FILE": str(sending),
        "SLOW_MAIL_SECONDS": "30",
        "WORKER_VISIBILITY_TIMEOUT": "2",
    }
    [pk] = _pending_rows(cast, 1)
    worker = _worker(env)
    try:
        with _broker(env["REDIS_URL"]):
            tasks.deliver.delay(pk)
        assert _wait_for(sending.exists, 30), "the worker never started sending"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        assert not sent.exists()
        # The claim died with the worker's connection: the row is free to take again.
        assert _wait_for(lambda: _claimable(pk), 10), "the dead worker still holds the row"

        env["SLOW_MAIL_SECONDS"] = "0"
        worker = _worker(env)
        assert _wait_for(
            lambda: Notification.objects.get(pk=pk).status == Notification.Status.SENT, 30
        ), "the restarted worker never got the killed task back"
        assert outbox.sweep() == 0
        [line] = sent.read_text().splitlines()
        assert f"<{cast.staff.email}>" in line
    finally:
        worker.kill()
        worker.wait(timeout=10)
        redis.terminate()
        redis.wait(timeout=10)


def _claimable(pk: int) -> bool:
    with transaction.atomic():
        return (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=Notification.Status.PENDING)
            .exists()
        )
