"""The signed-in pages on a phone (issue 18): a chair at 390px, by touch, in their
language. Tables stack into cards, the plan's timeline is a list, every control is a
target of at least 44px, and the language switcher on every page changes the page."""

import os
import re

import pytest
from django.urls import reverse

from tests.browser.conftest import CHROMIUM, fits_the_phone

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="make test installs chromium"),
]
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's


def _sign_in(page, live_server, person):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill(person.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    page.wait_for_url(re.compile(r"/today/$"))


def _small_targets(page, selector: str) -> list[str]:
    return page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector))
            .filter((e) => e.offsetParent !== null)
            .filter((e) => e.getBoundingClientRect().height < 44)
            .map((e) => e.textContent.trim())""",
        selector,
    )


def test_a_chair_works_from_a_phone(cast, live_server, page):
    _sign_in(page, live_server, cast.chair)
    assert page.get_by_role("heading", level=1).text_content() == "Today"
    assert fits_the_phone(page)
    assert _small_targets(page, ".site-nav a, .account button, main .button") == []

    # A table becomes cards: each cell says its column.
    page.goto(live_server.url + reverse("followups:items", args=[cast.high.pk]))
    assert fits_the_phone(page)
    cell = page.locator("main table tbody td").first
    assert cell.get_attribute("data-label")
    assert cell.evaluate("(e) => getComputedStyle(e).display") == "block"
    assert page.locator("main table thead").evaluate("(e) => e.getBoundingClientRect().height") <= 1

    # The plan's timeline is a list of milestones on a phone, not a chart to scroll.
    page.goto(live_server.url + reverse("followups:plan", args=[cast.plans["high"].pk]))
    assert fits_the_phone(page)
    assert page.locator(".timeline-list").is_visible()
    assert not page.locator(".timeline svg").is_visible()


def test_the_switcher_changes_the_language_of_signed_in_pages(cast, live_server, page):
    _sign_in(page, live_server, cast.chair)
    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).text_content() == "Hoy"
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).text_content() == "Today"
