"""The committees' reminders, found by the outbox's hourly scan.

Registered with the outbox in ``CommitteesConfig.ready()``: for each district, in its
local day, one batch of rows (seats to fill), written by the outbox in one transaction
and once each. Action items and meetings scan in their own apps (``followups.scans``,
``meetings.scans``); the weekly digest, which reads across features, is
``safety_portal.digest``'s.
"""

import datetime
from itertools import chain
from zoneinfo import ZoneInfo

from committees import selectors
from committees.models import Committee, District, Membership, Position
from notifications.models import Kind

CHAIRS = [Position.CHAIR, Position.CO_CHAIR]
RECORDERS = [Position.CHAIR, Position.CO_CHAIR, Position.SECRETARY]


def scan(*, now: datetime.datetime, district_ids=None):
    """A batch of rows per district, each in the district's local day."""
    for district in districts_scanned(district_ids):
        local = now.astimezone(ZoneInfo(district.time_zone))
        yield chain(
            _seats(district, local.date()),
        )


def districts_scanned(district_ids=None):
    """The districts a scan looks at: those of ``district_ids``, or every one."""
    districts = District.objects.order_by("pk")
    return districts if district_ids is None else districts.filter(pk__in=district_ids)


def members_by_committee(committee_ids, today, positions=None) -> dict[int, list[int]]:
    """committee id -> user ids of its members in force today (of ``positions``)."""
    seats = Membership.objects.current(today).filter(
        committee_id__in=committee_ids, user__is_active=True
    )
    if positions is not None:
        seats = seats.filter(position__in=positions)
    members: dict[int, list[int]] = {}
    for committee_id, user_id in seats.values_list("committee_id", "user_id").order_by():
        members.setdefault(committee_id, []).append(user_id)
    return members


def administrators_by_committee(committee_ids) -> dict[int, list[int]]:
    """committee id -> user ids of the active administrators of its building, in one query."""
    admins: dict[int, list[int]] = {}
    rows = (
        Committee.objects.filter(pk__in=committee_ids, building__administrators__is_active=True)
        .values_list("pk", "building__administrators")
        .order_by()
    )
    for committee_id, user_id in rows:
        admins.setdefault(committee_id, []).append(user_id)
    return admins


def _seats(district: District, today: datetime.date):
    """Monthly, to the chairs of committees with an empty or ending required seat."""
    committees = list(Committee.objects.filter(district=district).select_related("building"))
    seats = selectors.seats_of(committees, today)
    needy = [c for c in committees if any(seat.state != "filled" for seat in seats[c.pk])]
    chairs = members_by_committee({c.pk for c in needy}, today, CHAIRS)
    for committee in needy:
        for user_id in chairs.get(committee.pk, []):
            yield user_id, Kind.SEAT_ATTENTION, committee, f"{today:%Y-%m}"
