"""A Content-Security-Policy on every page, and templates that need nothing inline.

The permission matrix (tests/test_permission_matrix.py) checks the header on every
HTML response of the URL map, for every role; here: the policy itself, the pages the
matrix does not reach (cached, locked out, the admin's), and the templates.
"""

import re

import pytest
from django.urls import reverse

from committees.models import District
from tests.factories import DistrictFactory, UserFactory
from tests.helpers import ROOT

pytestmark = pytest.mark.django_db

# Rendered into e-mail, never served as a page: mail programs need inline styles.
EMAIL_TEMPLATES = {"notifications/email.html", "notifications/subscriber_email.html"}


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_scripts_and_styles_come_only_from_the_site(client):
    directives = _directives(client.get(reverse("home")))
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_a_public_page_served_from_the_cache_carries_the_policy(client):
    DistrictFactory(name="Westport Public Schools", slug="westport")
    url = reverse("public:district", args=["westport"])
    assert "Content-Security-Policy" in client.get(url)
    # Renamed behind the cache's back: the next page still shows the old name, so it
    # came from the cache.
    District.objects.filter(slug="westport").update(name="Renamed Behind The Cache")

    cached = client.get(url)

    assert "Westport Public Schools" in cached.content.decode()
    assert "Content-Security-Policy" in cached


def test_the_lockout_page_carries_the_policy(client):
    UserFactory(username="chair.high")
    for _ in range(10):
        response = client.post(reverse("login"), {"username": "chair.high", "password": "x"})
    assert response.status_code == 429
    assert _directives(response)["script-src"] == ["'self'"]


def test_the_admin_sign_in_carries_the_policy(client):
    assert _directives(client.get(reverse("admin:login")))["script-src"] == ["'self'"]


def _templates():
    """Every template of the project's apps, with its name as the loader knows it."""
    for path in sorted(ROOT.glob("*/templates/**/*.html")):
        yield path, "/".join(path.parts[path.parts.index("templates") + 1 :])


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["'{]""", re.IGNORECASE)
STYLE = re.compile(r"""(\sstyle\s*=|<style[\s>])""", re.IGNORECASE)


def test_no_template_has_an_inline_script_a_handler_or_a_style():
    found = []
    checked = 0
    for path, name in _templates():
        html = path.read_text()
        checked += 1
        for pattern, what in ((INLINE_SCRIPT, "inline <script>"), (HANDLER, "on*= handler")):
            if pattern.search(html):
                found.append(f"{name}: {what}")
        if name not in EMAIL_TEMPLATES and STYLE.search(html):
            found.append(f"{name}: inline style")
    assert checked > 50, "the walk found no templates: it would prove nothing"
    assert found == []


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        "<a href=x onmouseover='y'>",
        '<p style="color:red">',
        "<style>p{}</style>",
    ],
)
def test_the_template_check_would_catch_each_kind(html):
    assert INLINE_SCRIPT.search(html) or HANDLER.search(html) or STYLE.search(html)


def test_a_script_file_is_allowed_by_the_template_check():
    assert not INLINE_SCRIPT.search('<script src="/static/js/x.js" defer></script>')
