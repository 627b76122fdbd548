"""`make demo` serves the demo on SQLite, the embedded default; the rest of the suite runs
on PostgreSQL, where SQL that SQLite cannot read passes unseen (an ``OFFSET`` without a
``LIMIT`` in the gate's chain, a parenthesised ``SELECT ... LIMIT 1`` in a recursive
query: once, between them, a parent's Today and every committee's item list answered
500 in the demo). Here the demo is set up on a SQLite file as `make demo` sets it up, and
each of its people walks it and sends its forms (test_demo_crawl's walk), in a process
of its own."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(arguments: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_the_demo_on_sqlite_serves_every_page_and_form_its_people_meet(tmp_path):
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "PRIVATE_FILES_ROOT": str(tmp_path / "private"),
        "DEMO_PASSWORD": "westport-demo-2026",
    }
    for step in (["manage.py", "migrate", "--noinput", "-v0"], ["manage.py", "seed_demo"]):
        done = _run(step, env)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    walked = _run(["-m", "tests.safety_portal.demo_on_sqlite"], env)
    assert walked.returncode == 0, walked.stdout[-5000:] + walked.stderr[-3000:]
    assert "the public:" in walked.stdout and "parent.high:" in walked.stdout
