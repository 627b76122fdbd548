"""The follow-ups' public figures: counted over the school year where the district is."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from committees import services
from followups.models import ActionItem
from followups.selectors import items_completed
from tests.factories import ActionItemFactory, BuildingFactory, DistrictFactory

pytestmark = pytest.mark.django_db
MINUTE = datetime.timedelta(minutes=1)


def test_items_completed_counts_the_school_year_from_the_districts_midnights():
    district = DistrictFactory(time_zone="America/Los_Angeles")
    committee = services.committee_create(
        district=district, name="Oak Hill", building=BuildingFactory(district=district)
    )
    zone = ZoneInfo(district.time_zone)
    begins = datetime.datetime(2026, 7, 1, tzinfo=zone)
    ends = datetime.datetime(2027, 7, 1, tzinfo=zone)
    # Before the first midnight and from the next one on: other school years, although
    # New York (the server's zone) was already, or still, in this one.
    for at in (begins - MINUTE, begins, ends - MINUTE, ends):
        ActionItemFactory(committee=committee, status=ActionItem.Status.DONE, completed_at=at)
    ActionItemFactory(committee=committee, status=ActionItem.Status.OPEN, completed_at=begins)

    assert items_completed([committee.pk], 2026, district=district) == 2
    assert items_completed([committee.pk], 2025, district=district) == 1
