"""Every page a person reaches, timed: ``python -m benchmarks.crawl``.

    python -m benchmarks.crawl --database-url postgres://.../bench_state --as bench.admin

Signed in as each person named (``-``: the public), it follows every link from where they
land (Today, their committees, the public pages), reading at most two addresses of each
shape (``/committees/N/action-items/``), and prints the slowest pages with their queries
and size, and every page that failed. On a database the generator filled at scale 1
(``benchmarks.generate``), it finds the pages whose cost grows with the data, which the
benchmark's fixed list of pages does not show (docs/benchmarks.md, "Every page of the
generated data, crawled"). Only GET requests are made; nothing is changed but what
reading records (the audit trail of restricted reads, the session).

Exits non-zero if a page answered a server error.
"""

import argparse
import dataclasses
import gc
import logging
import os
import re
import sys
import time
from collections import Counter, deque
from urllib.parse import urljoin, urlsplit

import django

STARTS = ("/today/", "/committees/", "/")
# Not pages: signing out, the files of the site, the admin's deletions (a GET asks to
# confirm, but nothing a crawl should wander into).
SKIPPED = re.compile(r"/logout/|^/static/|^/media/|/delete/$")
HREF = re.compile(r'href="([^"#]+)"')
PER_SHAPE = 2


@dataclasses.dataclass(frozen=True)
class Visit:
    path: str
    status: int
    seconds: float
    queries: int
    size: int
    error: str = ""


def shape(path: str) -> str:
    """The address with its numbers as N and its query's values left out."""
    parts = urlsplit(path)
    keys = sorted({pair.split("=", 1)[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(keys) if keys else "")


def crawl(
    client, *, starts=STARTS, limit: int = 300, per_shape: int = PER_SHAPE, look=None
) -> list[Visit]:
    """Follow the links of the pages ``client`` reads from ``starts``, breadth first, up to
    ``limit`` pages and ``per_shape`` of each shape; ``look(path, response)`` is shown
    each page read (the tests look for what the reader must not see).

    Each page is read twice and the second read is timed and counted: the first pays
    once per process for templates and translations. The public pages' cache would answer
    the second read of an anonymous reader, so ``client`` should carry a session cookie
    (``anonymous``) for the public's pages to be rendered each time.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    queue, seen, shapes, visits = deque(starts), set(), Counter(), []
    while queue and len(visits) < limit:
        path = queue.popleft()
        if path in seen or SKIPPED.search(path) or shapes[shape(path)] >= per_shape:
            continue
        seen.add(path)
        shapes[shape(path)] += 1
        response, error = _read(client, path)
        if response is not None and look is not None:
            look(path, response)
        if response is not None:
            # A collection of the crawl's own garbage is not the page's time.
            gc.disable()
            try:
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    _read(client, path)
                    seconds = time.perf_counter() - started
            finally:
                gc.enable()
            counted = len(queries)
        else:
            seconds, counted = 0.0, 0
        status = 500 if response is None else response.status_code
        body = b"" if response is None or response.streaming else response.content
        visits.append(Visit(path, status, seconds, counted, len(body), error))
        if status == 200 and "html" in response.get("Content-Type", ""):
            for href in HREF.findall(body.decode(errors="replace")):
                target = urljoin(path, href.replace("&amp;", "&"))
                if target.startswith("/") and not target.startswith("//"):
                    queue.append(target)
    return visits


def anonymous(client):
    """``client``, as a reader whose cookie names no session: the public's pages are
    rendered for it, never answered from the public cache."""
    from django.conf import settings

    client.cookies[settings.SESSION_COOKIE_NAME] = "anonymous"
    return client


def _read(client, path: str):
    try:
        return client.get(path, secure=True), ""
    except Exception as exc:  # noqa: BLE001 - a page's failure is what is reported
        return None, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def failures(visits: list[Visit]) -> list[Visit]:
    return [visit for visit in visits if visit.status >= 500]


def report(who: str, visits: list[Visit], top: int) -> str:
    lines = [f"== {who}: {len(visits)} pages, {len(failures(visits))} failed"]
    slowest = sorted(visits, key=lambda visit: visit.seconds, reverse=True)[:top]
    for visit in failures(visits) + [v for v in slowest if v.status < 500]:
        lines.append(
            f"{visit.seconds * 1000:8.1f} ms {visit.queries:4d} q {visit.size / 1024:7.1f} KB "
            f"{visit.status} {visit.path}{'  ' + visit.error if visit.error else ''}"
        )
    return "\n".join(lines)


def parse(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument(
        "--as",
        dest="people",
        action="append",
        help="a user name, or - for the public (default: the benchmark's administrator, "
        "chair and parent, and the public)",
    )
    parser.add_argument("--limit", type=int, default=300, help="pages per person")
    parser.add_argument("--top", type=int, default=20, help="slowest pages shown")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safety_portal.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    from benchmarks import cast

    setup_test_environment()  # the test client's host is allowed, mail stays in memory
    # Each failure is in the report, its traceback is not wanted.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    logging.getLogger("axes").setLevel(logging.WARNING)
    people = args.people or [cast.DISTRICT_ADMIN, cast.CHAIR, cast.PARENT, "-"]
    failed = 0
    for who in people:
        client = Client()
        if who == "-":
            anonymous(client)
        else:
            client.force_login(get_user_model().objects.get(username=who))
        visits = crawl(client, limit=args.limit)
        failed += len(failures(visits))
        print(report(who if who != "-" else "the public", visits, args.top), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
