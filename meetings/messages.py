"""What the meetings' notifications say, decided when they are sent.

Each builder declares its kind to the outbox (``@builds``) when ``MeetingsConfig.ready()``
loads this module; the gate is asked again as the recipient (see ``committees.messages``).
A restricted meeting is never described: the message says that something needs
attention and links to it.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import access
from committees.access import Cap
from committees.messages import builds, require_view
from committees.models import Level
from meetings import deadlines, scans
from meetings.models import (
    AgendaItem,
    Meeting,
    MeetingNotice,
    MeetingRules,
    PublicMinutes,
    PublicSummary,
)
from notifications.content import Content, Skip, attention, day, shared, when
from notifications.models import Kind


def _meeting(user, meeting: Meeting, *, subject: str, line: str, agenda=False) -> Content:
    require_view(user, meeting)
    link = reverse("meetings:meeting", args=[meeting.pk])
    if meeting.visibility == Level.RESTRICTED:
        return attention(link)
    lines = [line, f"{meeting.title} · {meeting.committee.name}", when(meeting.starts_at)]
    if meeting.location:
        lines.append(meeting.location)
    items = []
    if agenda:
        visible = access.visible(user, AgendaItem.objects.filter(meeting=meeting))
        items = [
            _("%(title)s (restricted: sign in to see it)") % {"title": _("An agenda item")}
            if item.visibility == Level.RESTRICTED
            else item.title
            for item in visible
        ]
    return Content(
        subject=f"{subject}: {meeting.title}",
        lines=lines,
        link=link,
        link_text=_("Open the meeting"),
        items=items,
    )


def _district_rules(meeting: Meeting) -> tuple:
    """The meeting's district and its open meeting rules, read once for a batch."""

    def read():
        district = meeting.committee.district
        return district, MeetingRules.for_district(district)

    return shared(("meeting rules", meeting.committee.district_id), read)


@builds(Kind.MEETING_SCHEDULED)
def meeting_scheduled(row, user, meeting):
    return _meeting(
        user, meeting, subject=_("Meeting scheduled"), line=_("A meeting is scheduled.")
    )


@builds(Kind.MEETING_CHANGED)
def meeting_changed(row, user, meeting):
    if meeting.status == Meeting.Status.CANCELLED:
        raise Skip("the meeting was cancelled since")
    return _meeting(
        user, meeting, subject=_("Meeting changed"), line=_("A meeting was changed. It is now:")
    )


@builds(Kind.MEETING_CANCELLED)
def meeting_cancelled(row, user, meeting):
    return _meeting(
        user, meeting, subject=_("Meeting cancelled"), line=_("This meeting is cancelled.")
    )


@builds(Kind.MEETING_REMINDER)
def meeting_reminder(row, user, meeting):
    if meeting.status == Meeting.Status.CANCELLED:
        raise Skip("the meeting was cancelled")
    if timezone.localtime(meeting.starts_at).date().isoformat() != row.period:
        raise Skip("the meeting moved to another day")
    return _meeting(
        user, meeting, subject=_("Tomorrow"), line=_("A meeting is tomorrow."), agenda=True
    )


@builds(Kind.MINUTES_APPROVAL)
def minutes_approval(row, user, meeting):
    """The scan's reminder (period ``r<revision>``) to those who record meetings, or the
    submission (``r<revision>-s<when>``) to the approvers, told at once."""
    revision, _sep, submitted = row.period.partition("-")
    if meeting.minutes_approved_at or revision != f"r{meeting.minutes_revision}":
        raise Skip("the minutes were approved since")
    if submitted and meeting.minutes_submitted_at is None:
        raise Skip("the minutes went back to draft since")
    if not access.can(user, Cap.RECORD_MEETINGS, meeting):
        raise Skip("the person no longer records this committee's meetings")
    if submitted and meeting.minutes_submitted_by_id == user.pk:
        raise Skip("the person submitted them")
    return _meeting(
        user,
        meeting,
        subject=_("Minutes to approve"),
        line=_("The minutes of this meeting are submitted for your approval.")
        if submitted
        else _("The minutes of this meeting await the committee's approval."),
    )


@builds(Kind.NOTICE_DUE)
def notice_due(row, user, meeting):
    """The scan's reminder (period ``notice-<deadline>``): the notice is not public yet."""
    if meeting.status != Meeting.Status.SCHEDULED or meeting.has_started():
        raise Skip("the meeting was cancelled, or has started")
    if MeetingNotice.objects.filter(meeting=meeting, published_at__isnull=False).exists():
        raise Skip("the notice is public")
    district, rules = _district_rules(meeting)
    deadline = deadlines.notice_due(meeting.starts_at, rules, district.time_zone)
    if row.period != scans.notice_period(deadline):
        raise Skip("the meeting moved since")
    if not access.can(user, Cap.DRAFT_PUBLIC_UPDATE, meeting):
        raise Skip("the person may not propose the notice")
    late = deadline <= timezone.now()
    line = (
        _("This meeting's notice had to be public by %(due)s. Post it as soon as you can.")
        if late
        else _("This meeting's notice must be public by %(due)s: propose it now.")
    ) % {"due": when(deadline)}
    return _meeting(user, meeting, subject=_("Notice to post"), line=line)


@builds(Kind.MINUTES_DUE)
def minutes_due(row, user, meeting):
    """The scan's reminder (period ``draft-<due date>``): draft minutes not submitted."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise Skip("the meeting was cancelled")
    if meeting.minutes_submitted_at or meeting.minutes_approved_at:
        raise Skip("the draft minutes were submitted since")
    district, rules = _district_rules(meeting)
    due = deadlines.minutes_due(meeting.starts_at, rules.draft_minutes_days, district.time_zone)
    if row.period != scans.minutes_period(due):
        raise Skip("the meeting moved since")
    if not access.can(user, Cap.RECORD_MEETINGS, meeting):
        raise Skip("the person no longer records this committee's meetings")
    line = (
        _("The draft minutes of this meeting were due on %(due)s.")
        if due < access.district_today(district)
        else _("The draft minutes of this meeting are due on %(due)s.")
    ) % {"due": day(due)}
    return _meeting(user, meeting, subject=_("Draft minutes due"), line=line)


@builds(Kind.SUMMARY_REVIEW)
def summary_review(row, user, summary: PublicSummary):
    if summary.published_at:
        raise Skip("the summary was published since")
    if summary.sent_back_at:
        raise Skip("the summary was sent back to its author")
    if not access.can(user, Cap.PUBLISH_PUBLIC_UPDATE, summary.meeting):
        raise Skip("the person may no longer publish")
    if summary.written_by_id == user.pk:
        raise Skip("the person wrote it")
    require_view(user, summary.meeting)
    link = reverse("meetings:summary_publish", args=[summary.meeting_id])
    if summary.meeting.visibility == Level.RESTRICTED:
        return attention(link)
    return Content(
        subject=_("To review: the public summary of %(meeting)s")
        % {"meeting": summary.meeting.title},
        lines=[
            _("A public summary awaits review by someone other than its author."),
            summary.meeting.committee.name,
        ],
        link=link,
        link_text=_("Review it"),
    )


@builds(Kind.MINUTES_POSTING_DUE)
def minutes_posting_due(row, user, meeting):
    """The scan's reminder (period ``posted-<due date>``): approved minutes not posted."""
    if meeting.minutes_approved_at is None or meeting.kind == Meeting.Kind.EXECUTIVE:
        raise Skip("the minutes are not approved, or are reviewed for release instead")
    if PublicMinutes.objects.filter(meeting=meeting, published_at__isnull=False).exists():
        raise Skip("the public minutes are posted")
    district = meeting.committee.district
    rules = MeetingRules.for_district(district)
    due = deadlines.minutes_due(meeting.starts_at, rules.posted_minutes_days, district.time_zone)
    if row.period != scans.posting_period(due):
        raise Skip("the meeting moved since")
    if not (
        access.can(user, Cap.DRAFT_PUBLIC_UPDATE, meeting)
        or access.can(user, Cap.PUBLISH_PUBLIC_UPDATE, meeting)
    ):
        raise Skip("the person may neither prepare nor publish the public minutes")
    line = (
        _("The approved minutes of this meeting had to be posted by %(due)s.")
        if due < access.district_today(district)
        else _("The approved minutes of this meeting must be posted by %(due)s.")
    ) % {"due": day(due)}
    return _meeting(user, meeting, subject=_("Minutes to post"), line=line)


@builds(Kind.MINUTES_RELEASE_REVIEW)
def minutes_release_review(row, user, meeting):
    """The scan's reminder (period ``review-<day>``): an executive session's minutes are
    due for release review. Names nothing of the meeting (restricted)."""
    if meeting.minutes_review_on is None or row.period != scans.review_period(
        meeting.minutes_review_on
    ):
        raise Skip("the minutes were reviewed since")
    if not _reviewer(user, meeting):
        raise Skip("the person does not review this committee's executive minutes")
    return attention(reverse("meetings:minutes_release", args=[meeting.pk]))


def _reviewer(user, meeting: Meeting) -> bool:
    return (
        access.can(user, access.VIEW, meeting)
        and access.can(user, Cap.VIEW_RESTRICTED, meeting)
        and access.can(user, Cap.PUBLISH_PUBLIC_UPDATE, meeting)
    )


@builds(Kind.PUBLIC_MINUTES_REVIEW)
def public_minutes_review(row, user, minutes: PublicMinutes):
    if minutes.published_at:
        raise Skip("the public minutes were published since")
    if not access.can(user, Cap.PUBLISH_PUBLIC_UPDATE, minutes.meeting):
        raise Skip("the person may no longer publish")
    if minutes.written_by_id == user.pk:
        raise Skip("the person prepared them")
    require_view(user, minutes)
    require_view(user, minutes.meeting)
    link = reverse("meetings:public_minutes_publish", args=[minutes.meeting_id])
    if minutes.visibility == Level.RESTRICTED:
        return attention(link)
    return Content(
        subject=_("To review: the public minutes of %(meeting)s")
        % {"meeting": minutes.meeting.title},
        lines=[
            _("Public minutes await review by someone other than who prepared them."),
            minutes.meeting.committee.name,
        ],
        link=link,
        link_text=_("Review them"),
    )
