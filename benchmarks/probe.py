"""Run one in-process measure on a generated database: ``python -m benchmarks.probe``.

    DATABASE_URL=postgres://.../bench_state python -m benchmarks.probe scan

The product's settings come from the environment, as the runner sets it (production
settings; DEBUG=true for ``seed_demo`` only). The result is printed as one JSON line
after ``RESULT_MARK``, whatever else the product prints.
"""

import argparse
import importlib
import json
import os
import sys

import django

RESULT_MARK = "BENCH-RESULT "
COMMANDS = {
    "pages": "page_setup",
    "queries": "query_counts",
    "scan": "reminder_scan",
    "outbox": "outbox_sweep",
    "settle": "outbox_settle",
    "permissions": "permission_sweep",
    "csv": "csv_export",
    "seed_demo": "seed_demo",
}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("--database-url", help="default: DATABASE_URL")
    args = parser.parse_args(argv)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safety_portal.settings")
    django.setup()
    # The product's models load only once Django is set up, as in manage.py.
    measures = importlib.import_module("benchmarks.measures")
    result = getattr(measures, COMMANDS[args.command])()
    sys.stdout.write(RESULT_MARK + json.dumps(result, default=str) + "\n")


if __name__ == "__main__":
    main()
