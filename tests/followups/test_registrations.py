"""Follow-ups join the core's registries; the core's pages stand without them."""

import pytest
from django.urls import reverse

from committees import hooks, redaction
from committees.models import Level, PublicTextChange
from committees.services import public_text
from followups import registrations

pytestmark = pytest.mark.django_db


def test_registering_twice_adds_nothing_twice():
    before = (
        list(hooks.COMMITTEE_LINKS),
        list(hooks.COMMITTEE_PANELS),
        list(redaction.RESTRICTED_TEXT),
    )
    registrations.register()
    assert (
        list(hooks.COMMITTEE_LINKS),
        list(hooks.COMMITTEE_PANELS),
        list(redaction.RESTRICTED_TEXT),
    ) == before
    assert public_text.KINDS[PublicTextChange.Kind.MILESTONE] is registrations.MILESTONE_TITLE
    assert registrations.PANEL in hooks.COMMITTEE_PANELS
    assert set(registrations.LINKS) <= set(hooks.COMMITTEE_LINKS)


def test_the_committee_page_shows_the_open_items_through_the_hook(cast, login, monkeypatch):
    url = reverse("committees:detail", args=[cast.high.pk])
    page = login(cast.chair).get(url).content.decode()
    assert "Open action items" in page
    assert reverse("followups:items", args=[cast.high.pk]) in page
    assert cast.items[("high", Level.COMMITTEE)].title in page
    monkeypatch.setattr(hooks, "COMMITTEE_PANELS", [])
    monkeypatch.setattr(hooks, "COMMITTEE_LINKS", [])
    page = login(cast.chair).get(url).content.decode()
    assert "Open action items" not in page
    assert reverse("followups:items", args=[cast.high.pk]) not in page
