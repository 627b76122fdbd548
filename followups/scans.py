"""The follow-ups' reminders, found by the outbox's hourly scan: items falling due.

Registered with the outbox in ``FollowupsConfig.ready()``: for each district, in its
local day, one batch of rows, written by the outbox in one transaction and once each.

A scan costs what falls due, not what the table holds: it reads only the open,
assigned items of a window of due dates (the escalation's catch-up behind, the
longest notice ahead), through the index on (committee, status, due date), in four
queries per district whatever their number, and streams them to the outbox in chunks.
"""

import datetime
from zoneinfo import ZoneInfo

from committees.models import District
from committees.scans import (
    CHAIRS,
    administrators_by_committee,
    districts_scanned,
    members_by_committee,
)
from followups.models import OPEN_STATUSES, ActionItem
from notifications.models import Kind

# How far ahead an item's due date can be for its assignee's "due soon" reminder.
LONGEST_NOTICE_DAYS = 30
# An overdue item is reminded of and escalated up to this many days after its
# escalation fell due (a later scan makes up for missed ones); older ones are left to
# the item lists, which show them overdue.
CATCH_UP_DAYS = 7
# Items read from the database at a time.
CHUNK = 2000


def scan(*, now: datetime.datetime, district_ids=None):
    """A batch of rows per district, in the district's local day."""
    for district in districts_scanned(district_ids):
        yield _items(district, now.astimezone(ZoneInfo(district.time_zone)).date())


def _items(district: District, today: datetime.date):
    """Items due soon, today or overdue, to their assignees; long overdue ones also to the
    committee's chairs and the building's administrators."""
    escalate_from = today - datetime.timedelta(days=district.escalation_days)
    window = ActionItem.objects.filter(
        committee__district=district,
        status__in=OPEN_STATUSES,
        assignee__isnull=False,
        due_date__gte=escalate_from - datetime.timedelta(days=CATCH_UP_DAYS),
        due_date__lte=today + datetime.timedelta(days=LONGEST_NOTICE_DAYS),
    )
    late = set(
        window.filter(due_date__lte=escalate_from)
        .values_list("committee_id", flat=True)
        .distinct()
        .order_by()
    )
    chairs = members_by_committee(late, today, CHAIRS)
    admins = administrators_by_committee(late)
    items = (
        window.select_related("assignee")
        .only("committee_id", "due_date", "assignee__due_soon_days")
        .order_by()
    )
    for item in items.iterator(chunk_size=CHUNK):
        due = item.due_date.isoformat()
        days_left = (item.due_date - today).days
        if days_left < 0:
            yield item.assignee_id, Kind.ITEM_OVERDUE, item, due
        elif days_left == 0:
            yield item.assignee_id, Kind.ITEM_DUE_TODAY, item, due
        elif days_left <= item.assignee.due_soon_days:
            yield item.assignee_id, Kind.ITEM_DUE_SOON, item, due
        if item.due_date <= escalate_from:
            for user_id in {*chairs.get(item.committee_id, []), *admins.get(item.committee_id, [])}:
                yield user_id, Kind.ITEM_ESCALATED, item, due
