"""axe-core on every page of the URL map a person of the cast reaches (issue 18), on a
phone and on a desktop: no serious or critical violation.

The pages are the permission matrix's: every GET it expects a role to be answered with
a page (200, HTML). Each page is read as the first person of the cast who reaches it,
the district administrator first (who reaches the most). axe-core comes from the npm
registry (package.json; ``make test`` installs it).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.test import Client

from tests.browser.conftest import CHROMIUM, PHONE, browser_args
from tests.conftest import add_chains
from tests.test_permission_matrix import CASES

sync_api = pytest.importorskip("playwright.sync_api")

AXE = Path(settings.BASE_DIR) / "node_modules/axe-core/axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
ORDER = [
    "district_admin",
    "chair",
    "secretary",
    "parent",
    "officer",
    "staff",
    "student",
    "cleared_staff",
    "principal",
    "stranger",
    "outsider",
    "other_admin",
    "anonymous",
]
NOT_PAGES = (".csv", ".pdf", ".txt", ".ics", ".atom", ".json", "/api/")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="make test installs chromium"),
    pytest.mark.skipif(not AXE.exists(), reason="make test installs axe-core (npm ci)"),
]


def _pages(cast) -> dict[str, list[str]]:
    """role -> the pages first reached by that role."""
    seen: set[str] = set()
    by_role: dict[str, list[str]] = {}
    for role in ORDER:
        for name, build in CASES.items():
            if name.startswith("admin:"):
                continue
            try:
                with transaction.atomic():
                    requests = build(cast, role, name)
            except IntegrityError:
                # A case that writes what it asks about (a proposal to decide) made it for
                # an earlier role already: that role reads the page.
                continue
            for request in requests:
                url = request.url
                if request.method != "get" or request.expected != 200 or url in seen:
                    continue
                if any(part in url for part in NOT_PAGES):
                    continue
                seen.add(url)
                by_role.setdefault(role, []).append(url)
    return by_role


def _session(cast, role: str, url: str) -> list[dict]:
    if role == "anonymous":
        return []
    client = Client()
    client.force_login(cast.people[role])
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url}]


def _violations(page) -> list[str]:
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations
                .filter((v) => v.impact === "serious" || v.impact === "critical")
                .map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", "));
        }"""
    )
    return found


# One test per screen, so that the suite's workers read them side by side.
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_page_has_a_serious_accessibility_violation(cast, live_server, viewport):
    axe = AXE.read_text()
    add_chains(cast)  # the matrix's records held by stricter ones
    pages = _pages(cast)
    assert sum(map(len, pages.values())) > 60  # the matrix's pages, not a handful
    problems = []
    # Signed in before the browser starts (Playwright's loop keeps the ORM out).
    cookies = {role: _session(cast, role, live_server.url) for role in pages}
    checked = False
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=browser_args())
        for role, urls in pages.items():
            # axe is put into each page by the test, past the site's CSP.
            context = browser.new_context(viewport=viewport, bypass_csp=True)
            context.add_cookies(cookies[role])
            context.add_init_script(script=axe)
            page = context.new_page()
            if not checked:
                # axe finds what it should: an image with no text, a field with no label.
                page.set_content('<html lang="en"><img src="x.png"><input></html>')
                assert {v.split(":")[0] for v in _violations(page)} >= {"image-alt", "label"}
                checked = True
            for url in urls:
                try:
                    response = page.goto(live_server.url + url)
                except sync_api.Error as error:
                    if "Download is starting" in str(error):
                        continue  # a file (an attachment), not a page
                    raise
                if response is None or response.status != 200:
                    problems.append(f"{role} {url}: {response and response.status}")
                    continue
                if "text/html" not in (response.headers.get("content-type") or ""):
                    continue
                for violation in _violations(page):
                    problems.append(f"{role} {viewport['width']}px {url}: {violation}")
            context.close()
        browser.close()
    assert problems == []
