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
