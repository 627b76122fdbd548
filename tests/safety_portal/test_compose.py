"""docker-compose.yml is held against the code: no Docker engine runs here."""

import importlib
import re
import shlex
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT, run_django

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
WORKERS = ["worker-mail", "worker-scans"]
PYTHON_SERVICES = ["web", *WORKERS, "beat", "migrate"]


def _substitute(value: str) -> str:
    """Resolve ${VAR:-default} and ${VAR:?message} the way compose does, with stand-ins."""

    def repl(match):
        expr = match.group(1)
        if ":-" in expr:
            return expr.split(":-", 1)[1]
        return "stand-in-value-for-" + expr.split(":?", 1)[0].lower()

    return re.sub(r"\$\{([^}]+)\}", repl, str(value))


def test_every_part_is_there_with_a_health_check():
    for name in ["postgres", "redis", "web", *WORKERS, "beat"]:
        assert name in SERVICES, name
        check = SERVICES[name].get("healthcheck", {})
        assert check.get("test") and not check.get("disable"), f"{name} has no health check"


def test_python_services_share_one_image_built_by_the_dockerfile():
    images = {SERVICES[name]["image"] for name in PYTHON_SERVICES}
    assert len(images) == 1
    assert all(SERVICES[name]["build"] == "." for name in PYTHON_SERVICES)
    assert (ROOT / "Dockerfile").exists()


def _command(name):
    command = SERVICES[name]["command"]
    return command if isinstance(command, list) else shlex.split(command)


def test_commands_name_real_entry_points():
    web = _command("web")
    assert web[0] == "gunicorn"
    module, attr = web[1].split(":")
    assert callable(getattr(importlib.import_module(module), attr))

    for name, verb in [*((worker, "worker") for worker in WORKERS), ("beat", "beat")]:
        command = _command(name)
        assert command[:3] == ["celery", "-A", "safety_portal"], name
        assert command[3] == verb
        app = importlib.import_module(command[2]).celery_app
        assert app.main == "safety_portal"

    migrate = _command("migrate")
    assert migrate[:2] == ["python", "manage.py"]
    from django.core.management import get_commands

    assert migrate[2] in get_commands()


def test_one_worker_per_queue_and_every_queue_has_one():
    app = importlib.import_module("safety_portal").celery_app
    queues = {}
    for name in WORKERS:
        [option] = [part for part in _command(name) if part.startswith("--queues=")]
        queues[name] = option.removeprefix("--queues=").split(",")
    assert sorted(q for qs in queues.values() for q in qs) == sorted(app.amqp.queues)
    assert all(len(qs) == 1 for qs in queues.values()), queues


@pytest.mark.parametrize("name", PYTHON_SERVICES)
def test_every_variable_set_is_one_the_settings_read(name):
    env = {key: _substitute(value) for key, value in SERVICES[name]["environment"].items()}
    result = run_django(
        "from safety_portal import env\nprint(' '.join(sorted(env.NAMES_READ)))", env
    )
    assert result.returncode == 0, result.stderr
    read = set(result.stdout.split())
    assert set(env) - read == set(), "set in docker-compose.yml but never read"


def test_dockerfile_runs_what_compose_runs():
    dockerfile = Path(ROOT / "Dockerfile").read_text()
    assert "safety_portal.wsgi:application" in dockerfile
    assert "pip install ." in dockerfile
