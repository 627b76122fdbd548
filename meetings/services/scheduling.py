"""Meetings on the calendar: scheduled from the standing agenda, changed and cancelled on record.

Members hear of each (the outbox, decided at sending time by the gate).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from committees import access, public_cache
from committees.models import Committee, Membership
from committees.records import fields_set
from meetings import deadlines
from meetings.models import (
    AgendaItem,
    AgendaTemplateItem,
    Meeting,
    MeetingChange,
    MeetingNotice,
    MeetingRules,
)
from meetings.services.common import require_recorder
from notifications import services as notifications
from notifications.models import Kind

__all__ = [
    "MEETING_FIELDS",
    "NOTICE_MARGIN",
    "meeting_cancel",
    "meeting_change",
    "meeting_schedule",
    "notice_deadline",
    "notice_too_late",
]

# A notice is proposed, then approved by someone else: a deadline closer than this is
# one nobody could meet.
NOTICE_MARGIN = datetime.timedelta(hours=1)

MEETING_FIELDS = (
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "location",
    "video_link",
    "public_purpose",
    "visibility",
)


def notice_deadline(meeting: Meeting, rules: MeetingRules | None = None) -> datetime.datetime:
    """When the meeting's notice must be public, by its district's open meeting rules."""
    district = meeting.committee.district
    rules = rules or MeetingRules.for_district(district)
    return deadlines.notice_due(meeting.starts_at, rules, district.time_zone)


def notice_too_late(meeting: Meeting, now: datetime.datetime | None = None):
    """The notice's deadline if a scheduled meeting's notice, not yet public, can no
    longer be posted on time (past, or within ``NOTICE_MARGIN``); None otherwise.

    A warning, not a refusal: an emergency meeting is posted as soon as it can be.
    """
    now = now or datetime.datetime.now(datetime.UTC)
    if meeting.status != Meeting.Status.SCHEDULED or meeting.starts_at <= now:
        return None
    if MeetingNotice.objects.filter(meeting=meeting, published_at__isnull=False).exists():
        return None
    due = notice_deadline(meeting)
    return due if due < now + NOTICE_MARGIN else None


def _jsonable(value):
    return value.isoformat() if isinstance(value, datetime.date | datetime.datetime) else value


def _validate(meeting: Meeting) -> None:
    meeting.full_clean()
    if not meeting.location.strip() and not meeting.video_link:
        raise ValidationError({"location": _("Give a place or a video link.")})
    if meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    if meeting.kind == Meeting.Kind.EXECUTIVE and not meeting.public_purpose.strip():
        raise ValidationError(
            {"public_purpose": _("An executive session needs its purpose in general terms.")}
        )


@transaction.atomic
def meeting_schedule(
    *,
    committee: Committee,
    title: str,
    starts_at: datetime.datetime,
    by,
    kind: str = Meeting.Kind.REGULAR,
    ends_at: datetime.datetime | None = None,
    location: str = "",
    video_link: str = "",
    public_purpose: str = "",
    visibility: str | None = None,
) -> Meeting:
    """Schedule a meeting; its agenda starts from the committee's standing items.

    ``visibility`` None: restricted for an executive session, committee otherwise.
    """
    require_recorder(by, committee)
    meeting = Meeting(
        committee=committee,
        title=title,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        video_link=video_link,
        public_purpose=public_purpose,
        created_by=by,
    )
    meeting.visibility = visibility or meeting.default_level
    _validate(meeting)
    meeting.save()
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            order=n,
            title=standing.title,
            minutes=standing.minutes,
            visibility=meeting.default_level,
        )
        for n, standing in enumerate(
            AgendaTemplateItem.objects.filter(committee=committee), start=1
        )
    )
    change = MeetingChange.objects.create(
        meeting=meeting, kind=MeetingChange.Kind.SCHEDULED, actor=by
    )
    _tell_members(meeting, change, Kind.MEETING_SCHEDULED, by)
    return meeting


def _tell_members(meeting: Meeting, change: MeetingChange, kind: str, by) -> None:
    """Every member in force; the gate decides at sending time who may hear of it.

    A meeting recorded after it took place is news to nobody.
    """
    if meeting.starts_at < datetime.datetime.now(datetime.UTC):
        return
    today = access.district_today(meeting.committee.district)
    members = Membership.objects.current(today).filter(committee_id=meeting.committee_id)
    notifications.notify(
        recipients=members.values_list("user_id", flat=True),
        kind=kind,
        subject=meeting,
        period=f"change-{change.pk}",
        by=by,
    )


@transaction.atomic
def meeting_change(*, meeting: Meeting, by, reason: str = "", **values) -> Meeting:
    require_recorder(by, meeting)
    unknown = set(values) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} of a meeting.")
    if values.get("visibility") is None:
        values.pop("visibility", None)  # kept as it is
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting was cancelled; schedule a new one instead."))
    changed = fields_set(meeting, values)
    if not changed:
        return meeting
    changes = {k: [_jsonable(before), _jsonable(after)] for k, (before, after) in changed.items()}
    _validate(meeting)
    meeting.save(update_fields=list(changes))
    if "visibility" in changes:
        access.raise_contents(meeting)  # its agenda, minutes, revisions and follow-ups
    change = MeetingChange.objects.create(
        meeting=meeting, kind=MeetingChange.Kind.CHANGED, changes=changes, reason=reason, actor=by
    )
    _tell_members(meeting, change, Kind.MEETING_CHANGED, by)
    public_cache.bump_on_commit(meeting.committee.district_id)  # an announced time may move
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by, reason: str) -> Meeting:
    require_recorder(by, meeting)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        return meeting
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status"])
    change = MeetingChange.objects.create(
        meeting=meeting, kind=MeetingChange.Kind.CANCELLED, reason=reason.strip(), actor=by
    )
    _tell_members(meeting, change, Kind.MEETING_CANCELLED, by)
    public_cache.bump_on_commit(meeting.committee.district_id)
    return meeting
