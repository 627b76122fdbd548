"""The meetings' reminders, found by the outbox's hourly scan: tomorrow's meetings, and
minutes written but not yet approved.

Registered with the outbox in ``MeetingsConfig.ready()``: for each district, in its local
day, one batch of rows, written by the outbox in one transaction and once each.
"""

import datetime
from itertools import chain
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef

from committees.models import District
from committees.scans import RECORDERS, districts_scanned, members_by_committee
from meetings.models import Meeting, MinutesSection
from notifications.models import Kind

# Minutes older than this are not chased any more.
MINUTES_WINDOW_DAYS = 60


def scan(*, now: datetime.datetime, district_ids=None):
    """A batch of rows per district, each in the district's local day."""
    for district in districts_scanned(district_ids):
        local = now.astimezone(ZoneInfo(district.time_zone))
        yield chain(
            _meetings_tomorrow(district, local),
            _minutes(district, now, local.date()),
        )


def _meetings_tomorrow(district: District, local: datetime.datetime):
    zone = local.tzinfo
    tomorrow = local.date() + datetime.timedelta(days=1)
    start = datetime.datetime.combine(tomorrow, datetime.time(), zone)
    end = datetime.datetime.combine(tomorrow + datetime.timedelta(days=1), datetime.time(), zone)
    meetings = list(
        Meeting.objects.filter(
            committee__district=district,
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=start,
            starts_at__lt=end,
        )
    )
    members = members_by_committee({m.committee_id for m in meetings}, local.date())
    for meeting in meetings:
        for user_id in members.get(meeting.committee_id, []):
            yield user_id, Kind.MEETING_REMINDER, meeting, tomorrow.isoformat()


def _minutes(district: District, now: datetime.datetime, today: datetime.date):
    """Held meetings whose minutes are written but not yet approved."""
    meetings = list(
        Meeting.objects.filter(
            committee__district=district,
            minutes_approved_at__isnull=True,
            starts_at__lt=now - datetime.timedelta(days=1),
            starts_at__gte=now - datetime.timedelta(days=MINUTES_WINDOW_DAYS),
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .filter(Exists(MinutesSection.objects.filter(meeting=OuterRef("pk"))))
    )
    recorders = members_by_committee({m.committee_id for m in meetings}, today, RECORDERS)
    for meeting in meetings:
        for user_id in recorders.get(meeting.committee_id, []):
            yield user_id, Kind.MINUTES_APPROVAL, meeting, f"r{meeting.minutes_revision}"
