"""The meetings' reminders, found by the outbox's hourly scan: tomorrow's meetings,
minutes written but not yet approved, notices that must be public within a day, and
draft minutes due within two days or late.

Registered with the outbox in ``MeetingsConfig.ready()``: for each district, in its local
day, one batch of rows, written by the outbox in one transaction and once each.
"""

import datetime
from itertools import chain
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef

from committees.models import District
from committees.scans import RECORDERS, districts_scanned, members_by_committee
from committees.services.public_text import publishers_of
from meetings import deadlines
from meetings.models import Meeting, MeetingNotice, MeetingRules, MinutesSection, PublicMinutes
from meetings.selectors import LATE_MINUTES_WINDOW_DAYS
from notifications.models import Kind

# Minutes older than this are not chased any more (nor shown late on Today).
MINUTES_WINDOW_DAYS = LATE_MINUTES_WINDOW_DAYS
ONE_DAY = datetime.timedelta(days=1)
# A notice is chased this long before it must be public; draft minutes this many days
# before they are due.
NOTICE_AHEAD = datetime.timedelta(hours=24)
DRAFT_AHEAD_DAYS = 2
# No notice is due further ahead than this (48 hours, a long weekend and holidays).
NOTICE_HORIZON = datetime.timedelta(days=21)


def scan(*, now: datetime.datetime, district_ids=None):
    """A batch of rows per district, each in the district's local day."""
    for district in districts_scanned(district_ids):
        local = now.astimezone(ZoneInfo(district.time_zone))
        rules = MeetingRules.for_district(district)
        yield chain(
            _meetings_tomorrow(district, local),
            _minutes(district, now, local.date()),
            _notices_due(district, rules, now, local.date()),
            _draft_minutes_due(district, rules, now, local.date()),
            _minutes_to_post(district, rules, now, local.date()),
            _release_reviews(district, local.date()),
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


def notice_period(deadline: datetime.datetime) -> str:
    return f"notice-{deadline.astimezone(datetime.UTC).isoformat()}"


def _notices_due(district: District, rules, now: datetime.datetime, today: datetime.date):
    """Scheduled meetings not yet announced whose notice must be public within a day
    (or had to be already): once per meeting and deadline, to those who record them."""
    meetings = list(
        Meeting.objects.filter(
            committee__district=district,
            status=Meeting.Status.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + NOTICE_HORIZON,
        ).exclude(
            Exists(MeetingNotice.objects.filter(meeting=OuterRef("pk"), published_at__isnull=False))
        )
    )
    due = {}
    for meeting in meetings:
        deadline = deadlines.notice_due(meeting.starts_at, rules, district.time_zone)
        if deadline <= now + NOTICE_AHEAD:
            due[meeting] = deadline
    recorders = members_by_committee({m.committee_id for m in due}, today, RECORDERS)
    for meeting, deadline in due.items():
        for user_id in recorders.get(meeting.committee_id, []):
            yield user_id, Kind.NOTICE_DUE, meeting, notice_period(deadline)


def minutes_period(due: datetime.date) -> str:
    return f"draft-{due.isoformat()}"


def _draft_minutes_due(district: District, rules, now: datetime.datetime, today: datetime.date):
    """Held meetings whose draft minutes are not submitted and are due within two days
    or late: once per meeting and due date, to those who record them."""
    last_start = datetime.datetime.combine(
        today - datetime.timedelta(days=rules.draft_minutes_days - DRAFT_AHEAD_DAYS) + ONE_DAY,
        datetime.time(),
        ZoneInfo(district.time_zone),
    )
    meetings = list(
        Meeting.objects.filter(
            committee__district=district,
            minutes_submitted_at__isnull=True,
            minutes_approved_at__isnull=True,
            starts_at__lt=min(now, last_start),
            starts_at__gte=now - datetime.timedelta(days=MINUTES_WINDOW_DAYS),
        ).exclude(status=Meeting.Status.CANCELLED)
    )
    recorders = members_by_committee({m.committee_id for m in meetings}, today, RECORDERS)
    for meeting in meetings:
        due = deadlines.minutes_due(meeting.starts_at, rules.draft_minutes_days, district.time_zone)
        for user_id in recorders.get(meeting.committee_id, []):
            yield user_id, Kind.MINUTES_DUE, meeting, minutes_period(due)


def posting_period(due: datetime.date) -> str:
    return f"posted-{due.isoformat()}"


def _minutes_to_post(district: District, rules, now: datetime.datetime, today: datetime.date):
    """Approved minutes of held meetings (not executive sessions, which are reviewed for
    release instead) whose public minutes are not published and are due within two days
    or late: once per meeting and due date, to those who record them."""
    last_start = datetime.datetime.combine(
        today - datetime.timedelta(days=rules.posted_minutes_days - DRAFT_AHEAD_DAYS) + ONE_DAY,
        datetime.time(),
        ZoneInfo(district.time_zone),
    )
    window = datetime.timedelta(days=rules.posted_minutes_days + MINUTES_WINDOW_DAYS)
    meetings = list(
        Meeting.objects.filter(
            committee__district=district,
            minutes_approved_at__isnull=False,
            starts_at__lt=min(now, last_start),
            starts_at__gte=now - window,
        )
        .exclude(kind=Meeting.Kind.EXECUTIVE)
        .exclude(status=Meeting.Status.CANCELLED)
        .exclude(
            Exists(PublicMinutes.objects.filter(meeting=OuterRef("pk"), published_at__isnull=False))
        )
    )
    recorders = members_by_committee({m.committee_id for m in meetings}, today, RECORDERS)
    for meeting in meetings:
        due = deadlines.minutes_due(
            meeting.starts_at, rules.posted_minutes_days, district.time_zone
        )
        for user_id in recorders.get(meeting.committee_id, []):
            yield user_id, Kind.MINUTES_POSTING_DUE, meeting, posting_period(due)


def review_period(day: datetime.date) -> str:
    return f"review-{day.isoformat()}"


def _release_reviews(district: District, today: datetime.date):
    """Executive sessions whose minutes are due for release review today or before: once
    per meeting and review day, to the committee's chairs and its building's
    administrators (the message goes only to those cleared among them)."""
    meetings = list(
        Meeting.objects.filter(
            committee__district=district,
            kind=Meeting.Kind.EXECUTIVE,
            minutes_review_on__lte=today,
        ).select_related("committee__district", "committee__building")
    )
    reviewers = {}
    for meeting in meetings:
        if meeting.committee_id not in reviewers:
            reviewers[meeting.committee_id] = publishers_of(meeting.committee)
        for user_id in sorted(reviewers[meeting.committee_id]):
            yield (
                user_id,
                Kind.MINUTES_RELEASE_REVIEW,
                meeting,
                review_period(meeting.minutes_review_on),
            )
