"""Setting up the suite's databases when a run stopped from outside has left its own.

A run whose ``make test`` is killed leaves its xdist workers running, connected to their
test databases (``test_<name>_gw0``...). The next run's set-up then fails on every test:
Django cannot drop a database someone is connected to. Before its databases are made,
each worker ends whatever sessions are left on the one it is about to make; a run of the
suite owns its test databases (two runs at once on one server would clash anyway).
"""

import psycopg
from django.db import connections


def end_sessions_on(name: str, settings_dict: dict) -> int:
    """End every session connected to the database ``name`` of the server ``settings_dict``
    names (through its maintenance database, ``postgres``); how many were ended."""
    params = {
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as server:
        ended = server.execute(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchone()[0]
    return ended


def end_stale_sessions() -> None:
    """End the sessions left on each test database this process is about to make."""
    for alias in connections:
        connection = connections[alias]
        test = connection.settings_dict.get("TEST", {})
        if connection.vendor != "postgresql" or test.get("MIRROR"):
            continue
        end_sessions_on(connection.creation._get_test_db_name(), connection.settings_dict)
