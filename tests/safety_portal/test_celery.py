"""The Celery wiring, with a real worker on the real Redis."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from safety_portal.celery import app
from safety_portal.tasks import ping


def test_settings_reach_the_app():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit == settings.CELERY_TASK_TIME_LIMIT
    assert app.conf.broker_transport_options["socket_timeout"] == 1
    assert "safety_portal.tasks.ping" in app.tasks


@pytest.mark.worker
def test_a_real_worker_answers_through_redis():
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "make test sets REDIS_URL"
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert ping.delay().get(timeout=20) == "pong"


# Queues: mail never waits behind a scan (settings.CELERY_TASK_ROUTES)

QUEUE_OF = {
    "notifications.tasks.deliver": "mail",
    "notifications.tasks.sweep": "mail",
    "notifications.tasks.deliver_webhook": "mail",
    "notifications.tasks.sweep_webhooks": "mail",
    "notifications.tasks.scan": "scans",
    "committees.tasks.sweep_permissions": "scans",
    "safety_portal.tasks.ping": "scans",
}


def _our_tasks() -> set[str]:
    app.loader.import_default_modules()
    return {name for name in app.tasks if not name.startswith("celery.")}


def test_every_task_goes_to_its_queue():
    assert _our_tasks() == set(QUEUE_OF), "a new task: say here which queue it belongs to"
    for name, queue in QUEUE_OF.items():
        assert app.amqp.router.route({}, name)["queue"].name == queue, name


def test_the_beat_starts_only_known_tasks_and_workers_know_both_queues():
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= set(QUEUE_OF)
    assert set(app.amqp.queues) == set(QUEUE_OF.values()) == {"mail", "scans"}
