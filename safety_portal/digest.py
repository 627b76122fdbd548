"""The weekly digest: a person's items due and the meetings of their coming week.

It reads across features (action items, meetings), so it lives on top of them. Registered
with the outbox in ``SafetyPortalConfig.ready()``: the scan writes one row per person and
ISO week on Monday morning, in the district's local time; the builder (``@builds``)
decides at sending time, as the recipient, what the message says.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import access
from committees.messages import builds, recipient_today
from committees.models import District, Level, Membership
from committees.scans import districts_scanned
from followups.models import OPEN_STATUSES, ActionItem
from meetings.models import Meeting
from notifications.content import Content, Skip, day, when
from notifications.models import Kind, Notification
from notifications.rows import label

# The weekly digest goes out on Monday (0) from this local hour.
DIGEST_WEEKDAY, DIGEST_HOUR = 0, 6


def scan(*, now: datetime.datetime, district_ids=None):
    """A batch of rows per district, in the district's local time."""
    for district in districts_scanned(district_ids):
        yield _digests(district, now.astimezone(ZoneInfo(district.time_zone)))


def _digests(district: District, local: datetime.datetime):
    if local.weekday() != DIGEST_WEEKDAY or local.hour < DIGEST_HOUR:
        return
    year, week, _day = local.date().isocalendar()
    period = f"{year}-W{week:02d}"
    # Each hourly scan of the morning offers only the people without this week's digest
    # (a member who joined since): re-offering all 28,000 of the state every hour cost
    # seconds of the outbox's insert to learn that each row exists.
    written = Notification.objects.filter(
        recipient=OuterRef("pk"),
        kind=Kind.DIGEST,
        subject_type=label(district.people.model),
        subject_id=OuterRef("pk"),
        period=period,
    )
    people = (
        district.people.filter(is_active=True)
        .filter(
            Exists(Membership.objects.current(local.date()).filter(user=OuterRef("pk")))
            | Exists(ActionItem.objects.filter(assignee=OuterRef("pk"), status__in=OPEN_STATUSES))
        )
        .exclude(Exists(written))
    )
    # With its district: read through ``district.people``, each person is handed the
    # district by its id, which ``only("id")`` left to a query per person (28,000 of them,
    # 20 s, on a statewide Monday morning).
    for person in people.only("id", "district_id").order_by().iterator(chunk_size=2000):
        yield person.pk, Kind.DIGEST, person, period


@builds(Kind.DIGEST)
def digest(row, user, subject):
    if subject.pk != user.pk:
        raise Skip("a digest is for its owner")
    today = recipient_today(user)
    week = today + datetime.timedelta(days=7)
    items = access.visible(
        user,
        ActionItem.objects.filter(
            assignee=user, status__in=OPEN_STATUSES, due_date__lte=week
        ).order_by("due_date", "id"),
    )
    meetings = access.visible(
        user,
        Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=timezone.now(),
            starts_at__lt=timezone.now() + datetime.timedelta(days=7),
        )
        .select_related("committee")
        .order_by("starts_at"),
    )
    lines = []
    restricted = set(access.restricted_of(items))
    for item in items:
        title = (
            _("An item that needs your attention (restricted: sign in to see it)")
            if item in restricted
            else item.title
        )
        if item.due_date < today:
            state = _("overdue")
        else:
            state = _("due %(day)s") % {"day": day(item.due_date)}
        lines.append(f"{title}: {state}")
    for meeting in meetings:
        title = (
            _("A restricted meeting (sign in to see it)")
            if meeting.visibility == Level.RESTRICTED
            else f"{meeting.title} · {meeting.committee.name}"
        )
        lines.append(f"{title}: {when(meeting.starts_at)}")
    if not lines:
        raise Skip("nothing due and no meeting this week")
    return Content(
        subject=_("Your week on the safety committees"),
        lines=[_("Due or overdue, and meetings in the coming week:")],
        link=reverse("portal:mine"),
        link_text=_("Open the portal"),
        items=lines,
    )
