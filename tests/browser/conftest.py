"""The browser tests' kit: headless Chromium from Debian's packages (``make test``
installs it), driven by Playwright, at a phone's size."""

import pytest

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}


def browser_args() -> list[str]:
    return [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]


@pytest.fixture
def page():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=browser_args())
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        yield context.new_page()
        browser.close()


def fits_the_phone(page) -> bool:
    """Nothing wider than the phone's screen (a mobile browser would zoom out to show it)."""
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
