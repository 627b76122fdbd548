"""The demo as its people meet it: signed in as each of the cast, every link followed.

A link the product shows must lead somewhere: no server error, and no page that answers
"not found" or "forbidden" to the person it was shown to. Each kind of page (its address
with the numbers taken out) is visited a few times, so the walk covers every page the
demo reaches without reading every record of the district.
"""

import collections
import re
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User

pytestmark = pytest.mark.django_db

# Everyone the README names, and people whose view is narrow (one shared item, only the
# items assigned to them, another district).
PEOPLE = [
    None,
    "district.admin",
    "principal.high",
    "chair.high",
    "secretary.high",
    "staff.high",
    "parent.high",
    "student.high",
    "fire.marshal",
    "facilities.director",
    "teacher.middle",
    "admin.other",
    "parent.millbrook",
]
# Signing out ends the walk; the admin's delete and history pages and the schema are not
# pages of the product's own.
NOT_FOLLOWED = re.compile(r"^/(accounts/logout|i18n/|static/|admin/|api/v1/schema)")
PER_KIND = 3
LIMIT = 400


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href.split("#")[0])


def _kind(url: str) -> str:
    return re.sub(r"\d+", "N", url.split("?")[0])


def _walk(client, start: list[str]) -> tuple[int, list[tuple[int, str, str]]]:
    """(pages read, [(status, address, the page that linked to it)] of broken links)."""
    queue = collections.deque((url, "") for url in start)
    seen: set[str] = set()
    kinds: collections.Counter = collections.Counter()
    broken = []
    while queue and len(seen) < LIMIT:
        url, came_from = queue.popleft()
        if url in seen or kinds[_kind(url)] >= PER_KIND:
            continue
        seen.add(url)
        kinds[_kind(url)] += 1
        response = client.get(url)
        if response.status_code >= 500 or response.status_code in (403, 404):
            broken.append((response.status_code, url, came_from))
            continue
        if response.status_code in (301, 302):
            queue.append((response["Location"], url))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for link in parser.links:
            if link.startswith("/") and not link.startswith("//") and not NOT_FOLLOWED.match(link):
                queue.append((link, url))
    return len(seen), broken


def test_every_link_shown_to_each_person_of_the_demo_works(client, subtests, settings):
    settings.DEBUG = True  # seed_demo runs on a demo copy only
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
    for username in PEOPLE:
        with subtests.test(person=username or "the public"):
            client.logout()
            if username:
                client.force_login(User.objects.get(username=username))
                start = ["/", "/committees/"]
            else:
                start = ["/", "/public/westport/", "/es/public/westport/", "/public/millbrook/"]
            pages, broken = _walk(client, start)
            assert broken == []
            assert pages > (20 if username else 10)
