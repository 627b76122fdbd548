"""The demo as its people meet it: signed in as each of the cast, every link followed,
every form sent.

Every page read on the way has each id once, and every id a label or an
``aria-describedby`` names is on the page (a screen reader reads the help text and the
errors it points to).

A link the product shows must lead somewhere: no server error, and no page that answers
"not found" or "forbidden" to the person it was shown to. Each kind of page (its address
with the numbers taken out) is visited a few times, so the walk covers every page the
demo reaches without reading every record of the district. Then each kind of form met on
the way is sent twice, as shown and with every field left blank: bad input gets a
message, never a server error.
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


class _Page(HTMLParser):
    """A page's links, and its POST forms with the values they show."""

    def __init__(self, url: str):
        super().__init__()
        self.url = url
        self.links: list[str] = []
        self.ids: list[str] = []
        self.references: set[str] = set()  # ids named by label for= and aria-describedby
        self.forms: list[tuple[str, dict[str, list[str]]]] = []
        self._form: dict[str, list[str]] | None = None
        self._action = ""
        self._select: list | None = None  # [name, selected value, first value]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        for name in ("aria-describedby", "aria-labelledby"):
            self.references.update((attrs.get(name) or "").split())
        if tag == "label" and attrs.get("for"):
            self.references.add(attrs["for"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"].split("#")[0])
        elif tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form, self._action = {}, attrs.get("action") or self.url
        elif self._form is not None and attrs.get("name"):
            self._field(tag, attrs)

    def _field(self, tag, attrs):
        name, kind = attrs["name"], attrs.get("type", "text")
        if tag == "input" and kind in ("checkbox", "radio"):
            if "checked" in attrs:
                self._form.setdefault(name, []).append(attrs.get("value", "on"))
        elif tag == "input" and kind not in ("submit", "button", "file"):
            self._form.setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "textarea":
            self._form.setdefault(name, []).append("")
        elif tag == "select":
            self._select = [name, None, None]
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[2] is None and value:
                self._select[2] = value
            if "selected" in attrs:
                self._select[1] = value

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self._form is not None:
            name, selected, first = self._select
            chosen = selected if selected is not None else first or ""
            self._form.setdefault(name, []).append(chosen)
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append((self._action, self._form))
            self._form = None


def _kind(url: str) -> str:
    return re.sub(r"\d+", "N", url.split("?")[0])


def _walk(client, start: list[str]):
    """(pages read, [(status, address, the page that linked to it)] of broken links, the
    forms met: {(kind of address, field names): (address, values)})."""
    queue = collections.deque((url, "") for url in start)
    seen: set[str] = set()
    kinds: collections.Counter = collections.Counter()
    broken = []
    forms = {}
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
        page = _Page(url)
        page.feed(response.content.decode())
        twice = {i for i in page.ids if page.ids.count(i) > 1}
        missing = page.references - set(page.ids)
        if twice or missing:
            broken.append((200, url, f"ids twice: {sorted(twice)}, named but absent: {missing}"))
        for link in page.links:
            if link.startswith("/") and not link.startswith("//") and not NOT_FOLLOWED.match(link):
                queue.append((link, url))
        for action, values in page.forms:
            if not NOT_FOLLOWED.match(action):
                forms.setdefault((_kind(action), tuple(sorted(values))), (action, values))
    return len(seen), broken, forms


def _sign_in(client, username: str | None) -> list[str]:
    """Sign the client in as the person (None: the public); where their walk starts."""
    client.logout()
    if username:
        client.force_login(User.objects.get(username=username))
        return ["/", "/committees/"]
    return ["/", "/public/westport/", "/es/public/westport/", "/public/millbrook/"]


def _send(client, forms) -> list[tuple[int, str, str]]:
    """Each form as shown, then blank: [(status, address, which)] of server errors."""
    errors = []
    for action, values in forms.values():
        blank = {name: [""] for name in values if name != "csrfmiddlewaretoken"}
        for which, data in (("as shown", values), ("blank", blank)):
            response = client.post(action, data)
            if response.status_code >= 500:
                errors.append((response.status_code, action, which))
    return errors


def test_every_link_and_form_shown_to_each_person_of_the_demo_works(client, subtests, settings):
    settings.DEBUG = True  # seed_demo runs on a demo copy only
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
    for username in PEOPLE:
        with subtests.test(person=username or "the public"):
            pages, broken, forms = _walk(client, _sign_in(client, username))
            assert broken == []
            assert pages > (20 if username else 10)
            assert forms, "every person of the demo is shown a form (the public: subscribe)"
            assert _send(client, forms) == []
