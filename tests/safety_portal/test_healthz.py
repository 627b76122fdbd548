import json

import pytest
from django.test import override_settings

from tests.helpers import run_django

pytestmark = pytest.mark.django_db


def test_healthy_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_unavailable_broker_is_named(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "unavailable"}


def test_unavailable_database_is_named():
    code = (
        "from django.test import Client\n"
        "r = Client().get('/healthz')\n"
        "print(r.status_code)\n"
        "print(r.content.decode())\n"
    )
    result = run_django(code, {"DATABASE_URL": "postgres://root@127.0.0.1:1/nothing"})
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().split("\n", 1)
    assert status == "503"
    assert json.loads(body)["checks"] == {"database": "unavailable", "broker": "ok"}
