"""Each person of the cast on a phone (issue 18): signs in by keyboard in their language,
lands on Today, and follows every link it offers, on a 390px screen where nothing is
wider than the screen."""

import os
import re

import pytest
from django.urls import reverse

from tests.browser.conftest import CHROMIUM, PHONE, browser_args, fits_the_phone
from tests.conftest import ROLES

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="make test installs chromium"),
]
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
LANGUAGES = ["en", "es", "pt"]
TODAY = {"en": "Today", "es": "Hoy", "pt": "Hoje"}


def test_each_person_signs_in_by_keyboard_and_follows_today(cast, live_server):
    people = [role for role in ROLES if role != "anonymous"]
    problems = []
    followed = 0
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=browser_args())
        for n, role in enumerate(people):
            language = LANGUAGES[n % 3]
            context = browser.new_context(
                viewport=PHONE, is_mobile=True, has_touch=True, locale=language
            )
            page = context.new_page()
            page.goto(live_server.url + reverse("login"))
            assert page.locator("html").get_attribute("lang") == language, role
            # By keyboard: the username field has the focus, Tab to the password, Enter.
            page.keyboard.type(cast.people[role].username)
            page.keyboard.press("Tab")
            page.keyboard.type(PASSWORD)
            page.keyboard.press("Enter")
            page.wait_for_url(re.compile(r"/today/$"))
            assert page.get_by_role("heading", level=1).text_content() == TODAY[language], role
            if not fits_the_phone(page):
                problems.append(f"{role}: Today is wider than the phone")
            links = page.eval_on_selector_all(
                "main .today-list a", "(links) => links.map((a) => a.getAttribute('href'))"
            )
            for href in dict.fromkeys(links):
                response = page.goto(live_server.url + href)
                followed += 1
                if response is None or response.status != 200:
                    problems.append(f"{role}: {href} answered {response and response.status}")
                elif not fits_the_phone(page):
                    problems.append(f"{role}: {href} is wider than the phone")
            context.close()
        browser.close()
    assert problems == []
    assert followed > 10  # the cast has work waiting on Today
