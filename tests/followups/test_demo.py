"""The demo's follow-ups: items in every status, some overdue, at every level, assigned."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from committees import access
from committees.models import Committee, District, Level
from followups.models import ActionItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people(settings):
    settings.DEBUG = True  # the demo runs with DEBUG on, as `make demo` runs it
    call_command("seed_demo", stdout=io.StringIO())
    return {u.username: u for u in User.objects.select_related("district")}


def _committee(slug: str) -> Committee:
    return Committee.objects.get(building__slug=slug)


def test_follow_ups_in_every_status_some_overdue_and_outside_assignees(demo_people):
    westport = ActionItem.objects.filter(committee__district__slug="westport")
    assert set(westport.values_list("status", flat=True)) == set(ActionItem.Status.values)
    today = access.district_today(District.objects.get(slug="westport"))
    assert any(item.is_overdue(today) for item in westport)
    director = demo_people["facilities.director"]
    high = _committee("westport-high")
    assert westport.filter(committee=high, assignee=director).exists()
    assert not access.can(director, access.VIEW, high)
    assert westport.filter(verified_at__isnull=False).exists()
    assert westport.filter(attachments__isnull=False).exists()


def test_every_committee_has_committee_and_restricted_items(demo_people):
    today = access.district_today(District.objects.get(slug="westport"))
    for committee in Committee.objects.all():
        items = ActionItem.objects.filter(committee=committee)
        levels = set(items.values_list("visibility", flat=True))
        assert levels == {Level.COMMITTEE, Level.RESTRICTED}, committee
        assert not items.filter(assignee__isnull=True).exists(), committee
        assert all(item.due_date for item in items), committee
        for item in items:
            assert item.description, item
    assert ActionItem.objects.filter(title="Replace faded evacuation maps in classrooms").exists()
    assert ActionItem.objects.filter(title__icontains="loading dock").exists()
    overdue = [
        item
        for item in ActionItem.objects.filter(committee__district__slug="westport")
        if item.is_overdue(today)
    ]
    assert {item.committee.name for item in overdue} >= {
        "Westport High School Safety Committee",
        "District Safety Committee",
    }
