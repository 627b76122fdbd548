"""The committees' reminders, found by the outbox's hourly scan.

Registered with the outbox in ``CommitteesConfig.ready()``: for each district, in its
local day, one batch of rows (items due and overdue, seats to fill, the weekly
digest), written by the outbox in one transaction and once each.
"""

import datetime
from itertools import chain
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef

from committees import selectors
from committees.models import Committee, District, Membership, Position, RepresentationRule
from followups.models import ActionItem
from notifications.models import Kind

CHAIRS = [Position.CHAIR, Position.CO_CHAIR]
RECORDERS = [Position.CHAIR, Position.CO_CHAIR, Position.SECRETARY]
# How far ahead an item's due date can be for its assignee's "due soon" reminder.
LONGEST_NOTICE_DAYS = 30
# The weekly digest goes out on Monday (0) from this local hour.
DIGEST_WEEKDAY, DIGEST_HOUR = 0, 6


def scan(*, now: datetime.datetime):
    """A batch of rows per district, each in the district's local day."""
    for district in District.objects.all():
        local = now.astimezone(ZoneInfo(district.time_zone))
        yield chain(
            _items(district, local.date()),
            _seats(district, local.date()),
            _digests(district, local),
        )


def members_by_committee(committee_ids, today, positions=None) -> dict[int, list[int]]:
    """committee id -> user ids of its members in force today (of ``positions``)."""
    seats = Membership.objects.current(today).filter(
        committee_id__in=committee_ids, user__is_active=True
    )
    if positions is not None:
        seats = seats.filter(position__in=positions)
    members: dict[int, list[int]] = {}
    for committee_id, user_id in seats.values_list("committee_id", "user_id"):
        members.setdefault(committee_id, []).append(user_id)
    return members


def _items(district: District, today: datetime.date):
    items = list(
        ActionItem.objects.filter(
            committee__district=district,
            status__in=selectors.OPEN_STATUSES,
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


def _seats(district: District, today: datetime.date):
    """Monthly, to the chairs of committees with an empty or ending required seat."""
    committees = list(Committee.objects.filter(district=district).select_related("building"))
    counts, ending = selectors.seat_counts([c.pk for c in committees], today)
    rules = list(RepresentationRule.objects.filter(district=district))
    needy = [
        c
        for c in committees
        if any(
            seat.state != "filled"
            for seat in selectors.seats_for(c, rules, counts[c.pk], ending[c.pk])
        )
    ]
    chairs = members_by_committee({c.pk for c in needy}, today, CHAIRS)
    for committee in needy:
        for user_id in chairs.get(committee.pk, []):
            yield user_id, Kind.SEAT_ATTENTION, committee, f"{today:%Y-%m}"


def _digests(district: District, local: datetime.datetime):
    if local.weekday() != DIGEST_WEEKDAY or local.hour < DIGEST_HOUR:
        return
    year, week, _day = local.date().isocalendar()
    people = district.people.filter(is_active=True).filter(
        Exists(Membership.objects.current(local.date()).filter(user=OuterRef("pk")))
        | Exists(
            ActionItem.objects.filter(assignee=OuterRef("pk"), status__in=selectors.OPEN_STATUSES)
        )
    )
    for person in people:
        yield person.pk, Kind.DIGEST, person, f"{year}-W{week:02d}"
