"""The follow-ups' reminders, found by the outbox's hourly scan: items falling due.

Registered with the outbox in ``FollowupsConfig.ready()``: for each district, in its
local day, one batch of rows, written by the outbox in one transaction and once each.
"""

import datetime
from zoneinfo import ZoneInfo

from committees.models import Committee, District
from committees.scans import CHAIRS, members_by_committee
from followups.models import ActionItem
from followups.selectors import OPEN_STATUSES
from notifications.models import Kind

# How far ahead an item's due date can be for its assignee's "due soon" reminder.
LONGEST_NOTICE_DAYS = 30


def scan(*, now: datetime.datetime):
    """A batch of rows per district, in the district's local day."""
    for district in District.objects.all():
        yield _items(district, now.astimezone(ZoneInfo(district.time_zone)).date())


def _items(district: District, today: datetime.date):
    """Items due soon, today or overdue, to their assignees; long overdue ones also to the
    committee's chairs and the building's administrators."""
    items = list(
        ActionItem.objects.filter(
            committee__district=district,
            status__in=OPEN_STATUSES,
            due_date__isnull=False,
            due_date__lte=today + datetime.timedelta(days=LONGEST_NOTICE_DAYS),
            assignee__isnull=False,
        ).select_related("assignee", "committee")
    )
    late = [i for i in items if (today - i.due_date).days >= district.escalation_days]
    late_ids = {i.pk for i in late}
    chairs = members_by_committee({i.committee_id for i in late}, today, CHAIRS)
    admins: dict[int, list[int]] = {}
    for committee in Committee.objects.filter(pk__in={i.committee_id for i in late}):
        if committee.building_id:
            admins[committee.pk] = list(
                committee.building.administrators.values_list("pk", flat=True)
            )
    for item in items:
        due = item.due_date.isoformat()
        days_left = (item.due_date - today).days
        if days_left < 0:
            yield item.assignee_id, Kind.ITEM_OVERDUE, item, due
        elif days_left == 0:
            yield item.assignee_id, Kind.ITEM_DUE_TODAY, item, due
        elif days_left <= item.assignee.due_soon_days:
            yield item.assignee_id, Kind.ITEM_DUE_SOON, item, due
        if item.pk in late_ids:
            for user_id in {*chairs.get(item.committee_id, []), *admins.get(item.committee_id, [])}:
                yield user_id, Kind.ITEM_ESCALATED, item, due
