"""Settings come from the environment and refuse bad values by name."""

import os

import pytest
from django.db import connection

from tests.helpers import manage, run_django

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k7$wq3-production-like-secret-for-the-deploy-check-0a9f8e7d6c5b4a3",
    "ALLOWED_HOSTS": "safety.westport.example.org",
}


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DEBUG": "false", "ALLOWED_HOSTS": "x.example.org"}, "SECRET_KEY"),
        ({"DEBUG": "false", "SECRET_KEY": "s" * 50}, "ALLOWED_HOSTS"),
        ({"DISTRICT_TIME_ZONE": "Mars/Olympus_Mons"}, "DISTRICT_TIME_ZONE"),
        ({"REDIS_URL": "http://127.0.0.1:6379"}, "REDIS_URL"),
        ({"DATABASE_URL": "mysql://root@localhost/db"}, "DATABASE_URL"),
        ({"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "twenty-five"}, "EMAIL_PORT"),
        ({"LOG_LEVEL": "CHATTY"}, "LOG_LEVEL"),
        ({"SESSION_IDLE_MINUTES": "0"}, "SESSION_IDLE_MINUTES"),
        ({"SIGN_IN_FAILURE_LIMIT": "many"}, "SIGN_IN_FAILURE_LIMIT"),
        ({"SIGN_IN_LOCKOUT_MINUTES": "-5"}, "SIGN_IN_LOCKOUT_MINUTES"),
        ({"DATABASE_REPLICA_URL": "mysql://replica/db"}, "DATABASE_REPLICA_URL"),
        ({"DATABASE_REPLICA_URL": "postgres://replica/db"}, "DATABASE_REPLICA_URL"),  # SQLite
        ({"DATABASE_TRANSACTION_POOLING": "sometimes"}, "DATABASE_TRANSACTION_POOLING"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(env, named):
    result = run_django("print('started')", env)
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr.strip().splitlines()[-1]


def test_embedded_defaults_with_nothing_set():
    code = (
        "from django.conf import settings\n"
        "print(settings.DATABASES['default']['ENGINE'])\n"
        "print(settings.CELERY_TASK_ALWAYS_EAGER)\n"
        "print(settings.EMAIL_BACKEND)\n"
        "print(settings.TIME_ZONE)\n"
    )
    result = run_django(code, {})
    assert result.returncode == 0, result.stderr
    engine, eager, email, tz = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert eager == "True"
    assert email == "django.core.mail.backends.console.EmailBackend"
    assert tz == "America/New_York"


def test_services_are_read_from_urls():
    code = (
        "from django.conf import settings\n"
        "print(settings.DATABASES['default']['ENGINE'])\n"
        "print(settings.CELERY_BROKER_URL)\n"
        "print(settings.CELERY_TASK_ALWAYS_EAGER)\n"
        "print(settings.CACHES['default']['BACKEND'])\n"
        "print(settings.EMAIL_BACKEND)\n"
    )
    env = {
        "DATABASE_URL": "postgres://root@127.0.0.1:5432/postgres",
        "REDIS_URL": "redis://127.0.0.1:6379/3",
        "EMAIL_HOST": "smtp.example.org",
    }
    result = run_django(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "redis://127.0.0.1:6379/3",
        "False",
        "safety_portal.cache.RedisCache",
        "django.core.mail.backends.smtp.EmailBackend",
    ]


def test_a_replica_url_adds_the_replica_and_its_router():
    code = (
        "from django.conf import settings\n"
        "print(settings.DATABASES['replica']['HOST'])\n"
        "print(settings.DATABASES['replica']['TEST']['MIRROR'])\n"
        "print(settings.DATABASE_ROUTERS)\n"
        "print(settings.DATABASES['replica'].get('DISABLE_SERVER_SIDE_CURSORS', False))\n"
    )
    env = {
        "DATABASE_URL": "postgres://root@127.0.0.1:5432/postgres",
        "DATABASE_REPLICA_URL": "postgres://root@replica.internal:5432/postgres",
        "DATABASE_TRANSACTION_POOLING": "true",
    }
    result = run_django(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:4] == [
        "replica.internal",
        "default",
        "['safety_portal.db_router.ReplicaRouter']",
        "True",
    ]
    plain = (
        "from django.conf import settings\n"
        "print(sorted(settings.DATABASES), settings.DATABASE_ROUTERS)"
    )
    without = run_django(plain, {"DATABASE_URL": env["DATABASE_URL"]})
    assert without.stdout.strip() == "['default'] []"


def test_check_deploy_is_clean_under_production_settings():
    env = dict(PRODUCTION, DATABASE_URL=os.environ.get("DATABASE_URL", ""))
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_guardian_has_no_anonymous_user_row():
    from django.conf import settings

    assert settings.ANONYMOUS_USER_NAME is None


@pytest.mark.django_db
def test_the_database_connection_runs_without_jit():
    """A page reads a page of rows; JIT compiled the gate's plans for longer than they run."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_the_quick_start_migrates_and_seeds_on_sqlite(tmp_path):
    """`make demo` runs on SQLite: every migration must apply there too."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/demo.sqlite3", "DEBUG": "true"}
    migrated = manage("migrate", "--noinput", env=env, timeout=300)
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    seeded = manage("seed_demo", env=env, timeout=300)
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    assert "Demo district ready" in seeded.stdout
