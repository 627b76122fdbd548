"""The public pages as a parent meets them: on a phone, by keyboard, in their language.

Headless Chromium from Debian's packages (``make test`` installs it), driven by
Playwright against the live server.
"""

import os
import re

import pytest
from django.urls import reverse

from committees import services
from tests.browser.conftest import CHROMIUM, fits_the_phone
from tests.factories import BuildingFactory, DistrictFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="make test installs chromium"),
]


@pytest.fixture
def district():
    district = DistrictFactory(
        name="Westport Public Schools", slug="westport", tip_line="1-800-555-0142"
    )
    building = BuildingFactory(district=district, name="Westport High School", slug="high")
    services.committee_create(
        district=district, building=building, name="Westport High School Safety Committee"
    )
    return district


def test_a_parent_sends_a_concern_from_a_phone_by_keyboard(district, live_server, page):
    page.goto(live_server.url + reverse("public:district", args=["westport"]))
    assert page.locator("html").get_attribute("lang") == "en"
    assert fits_the_phone(page)
    # The first Tab reaches the skip link, which takes the reader to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"

    page.goto(live_server.url + reverse("public:building", args=["westport", "high"]))
    assert fits_the_phone(page)
    page.get_by_role("link", name=re.compile("safety concern", re.IGNORECASE)).first.click()
    page.wait_for_url(re.compile(r"/concerns/new/"))
    assert fits_the_phone(page)
    assert "not for emergencies" in page.content()
    # Every field is reached by its label.
    # The school page's link chose its school already.
    assert page.get_by_label("School or building").input_value() == "high"
    page.get_by_label("Where exactly").fill("The gate by the bus loop")
    page.get_by_label("What is the concern?").fill("The gate does not latch.")
    # Tabbing through the form never lands in the spam trap.
    page.get_by_label("School or building").focus()
    names = []
    for _ in range(8):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.name || document.activeElement.tagName"))
    assert "website" not in names
    page.get_by_label("Your name").focus()
    page.keyboard.type("Maria Lopez")
    page.keyboard.press("Enter")  # sends the form
    page.wait_for_url(re.compile(r"/concerns/status/"))
    assert re.search(r"C-[A-Z2-9]{8}", page.content())
    assert "Received" in page.content()
    assert fits_the_phone(page)


def test_the_page_speaks_the_readers_language(district, live_server, page):
    page.goto(live_server.url + "/es" + reverse("public:concern", args=["westport"]))
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_label("Escuela o edificio").is_visible()
    assert fits_the_phone(page)
