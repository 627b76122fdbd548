"""The demo: the cast the README promises, realistic records, and idempotent."""

from io import StringIO

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from accounts.models import User
from committees import access
from committees.models import (
    ActionItem,
    Category,
    Committee,
    District,
    Level,
    Membership,
    RepresentationRule,
)
from committees.selectors import committee_page

pytestmark = pytest.mark.django_db

REQUIRED = [
    "district.admin",
    "principal.high",
    "chair.high",
    "secretary.high",
    "staff.high",
    "counselor.high",
    "officer.high",
    "parent.high",
    "student.high",
    "parent.middle",
    "admin.other",
]


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _snapshot() -> str:
    models = [
        m
        for app in ("accounts", "committees", "guardian")
        for m in apps.get_app_config(app).get_models()
    ]
    rows = [obj for model in models for obj in model.objects.order_by("pk")]
    return serializers.serialize("json", rows)


def test_the_command_prints_every_demo_sign_in():
    output = _seed()
    for username in REQUIRED:
        assert f"  {username} " in output
    assert "password for all" in output


def test_a_second_run_changes_nothing():
    _seed()
    before = _snapshot()
    _seed()
    assert _snapshot() == before


@pytest.fixture
def demo():
    _seed()
    return {u.username: u for u in User.objects.all()}


def _items(user):
    return access.visible(user, ActionItem.objects.all())


def test_each_person_sees_what_the_readme_says(demo):
    restricted = ActionItem.objects.filter(visibility=Level.RESTRICTED)
    high = Committee.objects.get(building__slug="westport-high")
    high_restricted = restricted.filter(committee=high)
    assert high_restricted.exists()
    for username in ("parent.high", "student.high", "parent.middle"):
        assert not _items(demo[username]).filter(visibility=Level.RESTRICTED).exists(), username
    for username in ("counselor.high", "officer.high", "chair.high", "principal.high"):
        assert set(high_restricted) <= set(_items(demo[username])), username
    staff_restricted = _items(demo["staff.high"]).filter(visibility=Level.RESTRICTED)
    assert list(staff_restricted) == list(
        restricted.filter(assignee=demo["staff.high"])
    )  # only the item assigned to him
    assert set(_items(demo["district.admin"])) == set(
        ActionItem.objects.filter(committee__district__slug="westport")
    )
    assert not _items(demo["admin.other"]).filter(committee__district__slug="westport").exists()
    marshal = list(_items(demo["fire.marshal"]))
    assert len(marshal) == 1 and marshal[0].visibility == Level.RESTRICTED


def test_every_category_sits_somewhere_and_a_required_seat_is_empty(demo):
    westport = District.objects.get(slug="westport")
    seated = set(
        Membership.objects.filter(committee__district=westport).values_list("category", flat=True)
    )
    assert seated == set(Category.values)
    assert RepresentationRule.objects.filter(district=westport).exists()
    elementary = Committee.objects.get(building__slug="harbor-view")
    page = committee_page(demo["chair.elementary"], elementary)
    empty = [seat.category for seat in page.seats if seat.state == "empty"]
    assert empty == [Category.MENTAL_HEALTH]
    middle = Committee.objects.get(building__slug="cedar-point")
    ending = [s for s in committee_page(demo["chair.middle"], middle).seats if s.state == "ending"]
    assert ending, "a term ending within 30 days"


def test_follow_ups_in_every_status_some_overdue_and_outside_assignees(demo):
    westport = ActionItem.objects.filter(committee__district__slug="westport")
    assert set(westport.values_list("status", flat=True)) == set(ActionItem.Status.values)
    today = access.district_today(District.objects.get(slug="westport"))
    assert any(item.is_overdue(today) for item in westport)
    director = demo["facilities.director"]
    high = Committee.objects.get(building__slug="westport-high")
    assert westport.filter(committee=high, assignee=director).exists()
    assert not access.can(director, access.VIEW, high)
    assert westport.filter(verified_at__isnull=False).exists()
    assert westport.filter(attachments__isnull=False).exists()
