"""Generate the statewide volume into a database: ``python -m benchmarks.generate``.

    python -m benchmarks.generate --scale 0.01 --database-url postgres://.../bench_state

The database must be migrated (``manage.py migrate``); the rows are added to what is
there. Prints what was written as JSON; progress goes to stderr.
"""

import argparse
import importlib
import json
import os
import time

import django


def parse(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.01, help="1 = statewide")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--items", type=int, help="action items (default: by the scale)")
    parser.add_argument(
        "--due-fraction",
        type=float,
        default=0.01,
        help="share of the items open and falling due within the reminder scan's window",
    )
    parser.add_argument("--no-vacuum", action="store_true", help="skip VACUUM ANALYZE")
    return parser.parse_args(argv)


def main(argv=None) -> dict:
    args = parse(argv)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safety_portal.settings")
    django.setup()
    # The product's models load only once Django is set up for the database given, as
    # in manage.py.
    statewide = importlib.import_module("benchmarks.statewide")
    started = time.monotonic()
    result = statewide.generate(args.scale, items=args.items, due_fraction=args.due_fraction)
    if not args.no_vacuum:
        statewide.vacuum()
    result["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
