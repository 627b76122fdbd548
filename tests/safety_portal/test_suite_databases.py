"""The suite makes its test databases afresh even where a run stopped from outside left
sessions on them (tests/databases.py)."""

import uuid

import psycopg
import pytest
from django.conf import settings

from tests.databases import end_sessions_on

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="PostgreSQL's sessions",
)


def _server(dbname: str, **options):
    database = settings.DATABASES["default"]
    return psycopg.connect(
        dbname=dbname,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        **options,
    )


def test_the_sessions_a_stopped_run_left_on_a_database_are_ended_so_it_can_be_dropped():
    name = f"test_left_behind_{uuid.uuid4().hex[:8]}"
    with _server("postgres", autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
        try:
            left = _server(name)  # a worker of the stopped run, still connected
            left.execute("SELECT 1")
            with pytest.raises(psycopg.errors.ObjectInUse):
                server.execute(f'DROP DATABASE "{name}"')

            assert end_sessions_on(name, settings.DATABASES["default"]) == 1

            with pytest.raises(psycopg.OperationalError):
                left.execute("SELECT 1")
            left.close()
            server.execute(f'DROP DATABASE "{name}"')
            assert end_sessions_on(name, settings.DATABASES["default"]) == 0
        finally:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
