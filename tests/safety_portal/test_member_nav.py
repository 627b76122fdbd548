"""The signed-in menu: made once per language and kind of reader, the same links and words
for each kind as a fresh render gives, never one kind's links to another."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix
from django.utils import translation

from tests.factories import UserFactory

MENU = Template("{% load portal %}{% member_nav %}")
ADMIN_ONLY = ["audit:trail", "portal:district_overview", "accounts:service_accounts"]


def _menu(user) -> str:
    return MENU.render(Context({"user": user}))


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


@pytest.mark.django_db
def test_each_kind_of_reader_gets_its_own_links_whatever_was_made_before():
    admin = UserFactory(is_district_admin=True)
    member = UserFactory(is_district_admin=False)
    superuser = UserFactory(is_district_admin=False, is_superuser=True)
    with translation.override("en"):
        for _ in range(2):  # the second round is read from what the first made
            for_admin, for_member, for_superuser = _menu(admin), _menu(member), _menu(superuser)
            for name in ADMIN_ONLY:
                assert reverse(name) in _links(for_admin)
                assert reverse(name) not in _links(for_member) + _links(for_superuser)
            assert reverse("admin:index") in _links(for_admin)
            assert reverse("admin:index") in _links(for_superuser)
            assert reverse("admin:index") not in _links(for_member)
            assert reverse("today") in _links(for_member)


@pytest.mark.django_db
def test_the_menu_is_in_the_readers_language():
    member = UserFactory(is_district_admin=False)
    shown = {}
    for language in ("en", "es", "pt", "en"):
        with translation.override(language):
            shown.setdefault(language, _menu(member))
            assert _menu(member) == shown[language]
    assert ">Today</a>" in shown["en"]
    assert ">Hoy</a>" in shown["es"]
    assert ">Hoje</a>" in shown["pt"]


@pytest.mark.django_db
def test_the_menu_follows_the_script_prefix():
    member = UserFactory(is_district_admin=False)
    with translation.override("en"):
        at_root = _menu(member)
        try:
            set_script_prefix("/district-portal/")
            under = _menu(member)
        finally:
            set_script_prefix("/")
    assert _links(under) == ["/district-portal" + link for link in _links(at_root)]
    assert all(not link.startswith("/district-portal/") for link in _links(at_root))


@pytest.mark.django_db
def test_a_page_shows_the_menu_to_a_signed_in_reader_only(client):
    member = UserFactory(is_district_admin=False)
    home = reverse("home")
    assert reverse("portal:mine") not in _links(client.get(home).content.decode())
    client.force_login(member)
    page = client.get(home).content.decode()
    assert reverse("portal:mine") in _links(page)
    assert reverse("audit:trail") not in _links(page)
