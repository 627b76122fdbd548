"""The follow-ups' part of the hourly scan: what it finds, and what it costs.

When each reminder goes out, day by day and across daylight saving time, is played in
tests/notifications/test_scans.py; here, which items the scan reads at all, and that a
district's scan costs the same number of queries however many of its items fall due.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees import services
from followups.models import ActionItem
from followups.scans import CATCH_UP_DAYS
from notifications import scans
from notifications.models import Kind, Notification
from tests.factories import ActionItemFactory
from tests.notifications.clock import at

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 10)
NOW = at(TODAY, 9)  # nine in the morning in Westport


@pytest.fixture(autouse=True)
def _quiet(cast):
    """No due dates but the test's own, and an empty outbox."""
    ActionItem.objects.update(due_date=None)
    Notification.objects.all().delete()


def _due(cast, committee, days: int, n: int = 1) -> list[ActionItem]:
    """``n`` items of the staff member's, due ``days`` from today (negative: overdue)."""
    due = TODAY + datetime.timedelta(days=days)
    return [
        ActionItemFactory(committee=committee, assignee=cast.staff, due_date=due) for _ in range(n)
    ]


def _scan() -> tuple[int, int]:
    """The hourly scan at NOW: how many reminders of items it wrote, in how many queries."""
    with CaptureQueriesContext(connection) as queries:
        scans.scan(now=NOW)
    return Notification.objects.filter(kind__startswith="item_").count(), len(queries)


def test_the_scan_costs_the_same_queries_however_many_items_fall_due(cast):
    _due(cast, cast.high, -8)  # one long overdue item: its assignee, the chair, the principal
    few_written, few = _scan()
    Notification.objects.all().delete()

    # Many more, on two schools' committees: due soon, today, overdue, long overdue,
    # and some past the catch-up, to more people (a second building administrator).
    services.building_admin_set(building=cast.middle.building, user=cast.outsider, is_admin=True)
    for committee in (cast.high, cast.middle):
        for days in (-20, -9, -8, -3, -1, 0, 1, 2, 3, 12):
            _due(cast, committee, days, n=4)
    many_written, many = _scan()

    assert few_written == 3
    assert many_written > 20 * few_written
    assert many == few


def test_a_second_scan_the_same_day_writes_nothing_and_says_so(cast):
    _due(cast, cast.high, -8)
    _due(cast, cast.high, 0)
    assert scans.scan(now=NOW) > 0
    assert scans.scan(now=NOW + datetime.timedelta(hours=1)) == 0


def test_an_item_overdue_past_the_catch_up_is_left_to_the_lists(cast):
    """Reminded and escalated while a missed scan could still be made up; after that, the
    item lists show it overdue and nobody is mailed about it again, every hour."""
    last_day = -(cast.district.escalation_days + CATCH_UP_DAYS)
    [stale] = _due(cast, cast.high, last_day - 1)
    [caught_up] = _due(cast, cast.high, last_day)
    scans.scan(now=NOW)
    rows = Notification.objects.filter(kind__startswith="item_")
    assert set(rows.values_list("subject_id", flat=True)) == {caught_up.pk}
    assert set(rows.values_list("kind", "recipient")) == {
        (Kind.ITEM_OVERDUE, cast.staff.pk),
        (Kind.ITEM_ESCALATED, cast.chair.pk),
        (Kind.ITEM_ESCALATED, cast.principal.pk),
    }
    assert stale.pk not in set(Notification.objects.values_list("subject_id", flat=True))
