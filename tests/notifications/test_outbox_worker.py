"""Exactly once, with real workers on real Redis, and a broker that goes away.

These run in real transactions (the on-commit hooks fire, other connections see
the rows). Fault tests start their own Redis on a spare port; the shared one is
never stopped.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection, connections
from django.urls import reverse

from notifications import services as outbox
from notifications import tasks
from notifications.models import Kind, Notification
from safety_portal.celery import app
from tests.factories import ActionItemFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def slow_mail(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.SlowMemoryBackend"
    mail.outbox = []


def _pending_rows(cast, n: int) -> list[int]:
    items = [ActionItemFactory(committee=cast.high, assignee=cast.staff) for _ in range(n)]
    Notification.objects.all().delete()
    return outbox.write((cast.staff.pk, Kind.ITEM_ASSIGNED, item, "once") for item in items)


def _in_threads(*targets) -> list:
    """Run the targets at once, each on its own connection; their results, in order."""
    start = threading.Barrier(len(targets))
    results: list = [None] * len(targets)
    errors: list = []

    def run(i, target):
        try:
            start.wait()
            results[i] = target()
        except Exception as error:  # raised again below, in the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


def test_two_sweeps_at_the_same_moment_send_each_row_once(cast, slow_mail):
    pks = _pending_rows(cast, 12)
    # Small batches, so that each sweep claims some while the other is sending.
    handled = _in_threads(lambda: outbox.sweep(batch=2), lambda: outbox.sweep(batch=2))
    assert all(handled), f"the sweeps did not overlap: {handled}"
    assert sum(handled) == 12
    assert set(Notification.objects.filter(pk__in=pks).values_list("status", flat=True)) == {
        Notification.Status.SENT
    }
    assert len(mail.outbox) == 12


def test_a_task_delivered_twice_sends_once(cast, slow_mail):
    [pk] = _pending_rows(cast, 1)
    results = _in_threads(
        lambda: tasks.deliver.apply(args=[pk]).get(),
        lambda: tasks.deliver.apply(args=[pk]).get(),
    )
    assert sorted(results) == ["nothing to do", "sent"]
    assert tasks.deliver.apply(args=[pk]).get() == "nothing to do"
    assert len(mail.outbox) == 1


def test_a_real_worker_delivers_an_assignment_made_on_a_page(cast, login, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    assert not app.conf.task_always_eager, "the worker, not the request, must send it"
    item = ActionItemFactory(committee=cast.high, title="Replace the gym PA horn")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        response = login(cast.chair).post(
            reverse("followups:item_assign", args=[item.pk]), {"assignee": cast.staff.pk}
        )
        assert response.status_code == 302
        assert _wait_for(lambda: any("gym PA" in m.subject for m in mail.outbox), 20)
        time.sleep(0.5)
    [sent] = [m for m in mail.outbox if "gym PA" in m.subject]
    assert sent.to[0].endswith(f"<{cast.staff.email}>")


# A Redis of our own, to stop and start


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_redis(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return process
        time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


@contextlib.contextmanager
def _broker(url: str):
    """Point the Celery app at another broker for a while."""
    before = app.conf.broker_url
    app.conf.broker_url = url
    app._after_fork()  # drop the pooled connections to the old broker
    try:
        yield
    finally:
        app.conf.broker_url = before
        app._after_fork()


def test_with_the_broker_down_a_request_answers_quickly_and_the_sweep_sends_later(
    cast, login, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    port = _free_port()
    redis = _start_redis(port)
    item = ActionItemFactory(committee=cast.high, title="Check the bus loop gate")
    with _broker(f"redis://127.0.0.1:{port}/0"):
        redis.terminate()
        redis.wait(timeout=10)
        client = login(cast.chair)
        started = time.monotonic()
        response = client.post(
            reverse("followups:item_assign", args=[item.pk]), {"assignee": cast.staff.pk}
        )
        elapsed = time.monotonic() - started
        assert response.status_code == 302
        assert elapsed < 2, f"the request took {elapsed:.1f} s with the broker down"
        row = Notification.objects.get(recipient=cast.staff, kind=Kind.ITEM_ASSIGNED)
        assert row.status == Notification.Status.PENDING
        assert mail.outbox == []
        redis = _start_redis(port)
        try:
            with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
                tasks.sweep.delay()
                _wait_for(lambda: any("bus loop" in m.subject for m in mail.outbox), 20)
        finally:
            redis.terminate()
            redis.wait(timeout=10)
    assert len([m for m in mail.outbox if "bus loop gate" in m.subject]) == 1
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT


# A worker killed in the middle of sending


def _worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "safety_portal",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_a_worker_killed_mid_send_and_restarted_sends_once(cast, tmp_path):
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
    }
    [pk] = _pending_rows(cast, 1)
    worker = _worker(env)
    try:
        with _broker(env["REDIS_URL"]):
            tasks.deliver.delay(pk)
        assert _wait_for(sending.exists, 30), "the worker never started sending"
        worker.send_signal(signal.SIGKILL)  # in the middle of the slow send
        worker.wait(timeout=10)
        assert not sent.exists()
        assert _wait_for(
            lambda: Notification.objects.get(pk=pk).status == Notification.Status.PENDING, 10
        )  # the claim died with its connection: still pending, not lost

        env["SLOW_MAIL_SECONDS"] = "0"
        worker = _worker(env)
        with _broker(env["REDIS_URL"]):
            tasks.sweep.delay()
        assert _wait_for(
            lambda: Notification.objects.get(pk=pk).status == Notification.Status.SENT, 30
        )
        time.sleep(1)  # a redelivered copy of the killed task, if any, changes nothing
        assert sent.read_text().count("\n") == 1
    finally:
        worker.kill()
        worker.wait(timeout=10)
        redis.terminate()
        redis.wait(timeout=10)
