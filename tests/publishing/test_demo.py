"""The demo's public updates: the Westport story, told once however often the seed runs."""

import io

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from committees.models import District, PublicTextChange
from notifications.models import Kind, Notification, Subscription
from publishing import demo
from publishing.models import PublicUpdate
from publishing.selectors import public_updates

pytestmark = pytest.mark.django_db


def _seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


def _rows() -> str:
    """Every row the publishing demo writes, with its content."""
    rows = [
        obj
        for model in apps.get_app_config("publishing").get_models()
        for obj in model._default_manager.order_by("pk")
    ]
    rows += Subscription.objects.order_by("pk")
    rows += PublicTextChange.objects.filter(
        kind__in=[PublicTextChange.Kind.UPDATE, PublicTextChange.Kind.TRANSLATION]
    ).order_by("pk")
    return serializers.serialize("json", rows)


def test_updates_in_every_state_a_waiting_correction_and_subscribers_told_once(settings):
    settings.DEBUG = True  # the demo runs with DEBUG on, as `make demo` runs it
    _seed()
    westport = District.objects.get(slug="westport")
    updates = PublicUpdate.objects.filter(committee__district=westport)
    assert sorted(u.state for u in updates) == ["draft"] + ["published"] * 5 + ["withdrawn"]
    badges = updates.get(title="Printed visitor badges at the front office")
    assert sorted(badges.translations.values_list("language", flat=True)) == ["es", "pt"]
    assert set(public_updates(westport)) == set(updates.filter(published_at__isnull=False))
    # The secretary's correction waits for a second reader; the public reads the first text.
    drill = updates.get(title=demo.DRILL_UPDATE)
    [correction] = PublicTextChange.objects.filter(
        kind=PublicTextChange.Kind.UPDATE, record_id=drill.pk
    )
    assert correction.decided_at is None
    assert "January 19" in correction.texts["body"] and "January 19" not in drill.body
    subscribers = Subscription.objects.filter(district=westport)
    assert sorted(s.active for s in subscribers) == [False, True, True, True]
    told = Notification.objects.filter(kind=Kind.PUBLIC_UPDATE, subscription__in=subscribers)
    assert {row.subscription for row in told} == {s for s in subscribers if s.active}

    before = _rows()
    _seed()
    assert _rows() == before
