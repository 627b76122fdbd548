"""The incidents' reminders, found by the outbox's hourly scan: drills due or missed.

Registered with the outbox in ``IncidentsConfig.ready()``: for each district, in its
local day, one batch of rows, written by the outbox in one transaction and once each.
"""

import datetime
from zoneinfo import ZoneInfo

from committees.models import Committee, District
from committees.scans import RECORDERS, districts_scanned, members_by_committee
from incidents import cadence
from notifications.models import Kind
from safety_portal.school_calendar import school_year_of


def scan(*, now: datetime.datetime, district_ids=None):
    """A batch of rows per district, in the district's local day."""
    for district in districts_scanned(district_ids):
        yield _drills(district, now.astimezone(ZoneInfo(district.time_zone)).date())


# A missed drill is reported for this many days after its period ends (a later scan
# makes up for one that did not run), then left to the calendar page.
MISSED_NOTICE_DAYS = 7


def _drills(district: District, today: datetime.date):
    """A drill period under way with no drill planned: to those who record drills. A
    period that ended without its drill: to them and to the building's administrators."""
    committees = {
        c.pk: c
        for c in Committee.objects.filter(district=district, building__isnull=False)
        .select_related("building")
        .prefetch_related("building__administrators")
    }
    if not committees:
        return
    _, calendars = cadence.calendars(district, list(committees), school_year_of(today), today)
    recorders = members_by_committee(list(calendars), today, RECORDERS)
    for pk, periods in calendars.items():
        for period in periods:
            if period.status == cadence.DUE and period.planned is None:
                people, kind = set(recorders.get(pk, [])), Kind.DRILL_DUE
            elif period.status == cadence.MISSING and (
                (today - period.ends).days <= MISSED_NOTICE_DAYS
            ):
                admins = {a.pk for a in committees[pk].building.administrators.all()}
                people, kind = {*recorders.get(pk, []), *admins}, Kind.DRILL_MISSED
            else:
                continue
            for user_id in sorted(people):
                yield user_id, kind, committees[pk], period.starts.isoformat()
