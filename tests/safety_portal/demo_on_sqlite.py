"""The demo's walk (test_demo_crawl) in a process of its own, on the database `make demo`
uses: SQLite. Run by test_demo_on_sqlite with DATABASE_URL naming a SQLite file that
``migrate`` and ``seed_demo`` have filled; prints what broke and exits 1 if anything did.
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safety_portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tests.safety_portal.test_demo_crawl import PEOPLE, _send, _sign_in, _walk  # noqa: E402


def main() -> int:
    assert connection.vendor == "sqlite", connection.vendor
    setup_test_environment()  # the test client's host, and e-mail kept in memory
    broke = []
    for username in PEOPLE:
        client = Client()
        pages, broken, forms = _walk(client, _sign_in(client, username))
        errors = _send(client, forms)
        print(f"{username or 'the public'}: {pages} pages, {len(forms)} forms", flush=True)
        broke += [(username, *row) for row in broken + errors]
    for row in broke:
        print("BROKE", *row)
    return 1 if broke else 0


if __name__ == "__main__":
    sys.exit(main())
