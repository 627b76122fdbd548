"""Attendance and minutes: who came, the sections and their votes, approval and revisions.

Approved minutes that change are kept as a revision first, and approved again.
"""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction

from committees import access
from committees.models import Membership
from meetings.models import (
    AgendaItem,
    Attendance,
    Guest,
    Meeting,
    MinutesSection,
    MinutesSectionRevision,
    Vote,
)
from meetings.services.common import next_order, require_recorder

__all__ = [
    "attendance_record",
    "members_in_force",
    "minutes_approve",
    "minutes_section_add",
    "minutes_section_edit",
    "quorum_of",
    "vote_record",
]


def members_in_force(meeting: Meeting):
    """The committee's members on the meeting's day, in the district's time zone."""
    day = meeting.starts_at.astimezone(ZoneInfo(meeting.committee.district.time_zone)).date()
    return Membership.objects.current(day).filter(committee_id=meeting.committee_id)


def quorum_of(meeting: Meeting, members: int) -> int:
    return meeting.committee.quorum or members // 2 + 1


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    by,
    statuses: dict[int, str],
    notes: dict[int, str] | None = None,
    guests: list[tuple[str, str]] = (),
) -> None:
    """Record who came (membership id -> present, absent or excused) and the guests."""
    require_recorder(by, meeting)
    members = {m.pk: m for m in members_in_force(meeting)}
    unknown = set(statuses) - set(members)
    if unknown:
        raise ValidationError("Attendance can only be recorded for the committee's members.")
    notes = notes or {}
    Attendance.objects.filter(meeting=meeting).delete()
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, membership=members[pk], status=status, note=notes.get(pk, ""))
        for pk, status in statuses.items()
    )
    Guest.objects.filter(meeting=meeting).delete()
    Guest.objects.bulk_create(
        Guest(meeting=meeting, name=name.strip(), organization=org.strip())
        for name, org in guests
        if name.strip()
    )
    if meeting.status == Meeting.Status.SCHEDULED:
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status"])


@transaction.atomic
def minutes_section_add(
    *,
    meeting: Meeting,
    heading: str,
    by,
    body: str = "",
    visibility: str | None = None,
    agenda_item: AgendaItem | None = None,
    documents: str = "",
) -> MinutesSection:
    require_recorder(by, meeting)
    _reopen(meeting)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "That agenda item belongs to another meeting."})
    order = next_order(meeting.sections)
    section = MinutesSection(
        meeting=meeting,
        agenda_item=agenda_item,
        order=order,
        heading=heading,
        body=body,
        documents=documents.strip(),
        visibility=visibility or meeting.default_level,
    )
    section.full_clean()
    access.check_level(section)
    section.save()
    return section


@transaction.atomic
def vote_record(
    *,
    section: MinutesSection,
    motion: str,
    result: str,
    by,
    mover: str = "",
    seconder: str = "",
    yes: int = 0,
    no: int = 0,
    abstain: int = 0,
    public_motion: str = "",
    note: str = "",
) -> Vote:
    require_recorder(by, section.meeting)
    vote = Vote(
        section=section,
        motion=motion,
        result=result,
        mover=mover,
        seconder=seconder,
        yes=yes,
        no=no,
        abstain=abstain,
        public_motion=public_motion,
        note=note,
    )
    vote.full_clean()
    vote.save()
    return vote


def _reopen(meeting: Meeting) -> None:
    """Before approved minutes change: keep the approved revision, open the next one."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_approved_at is None:
        return
    MinutesSectionRevision.objects.bulk_create(
        MinutesSectionRevision(
            meeting=meeting,
            section=section,
            revision=meeting.minutes_revision,
            order=section.order,
            heading=section.heading,
            body=section.body,
            documents=section.documents,
            visibility=section.visibility,
            approved_at=meeting.minutes_approved_at,
            approved_by_id=meeting.minutes_approved_by_id,
        )
        for section in meeting.sections.all()
    )
    meeting.minutes_revision += 1
    meeting.minutes_approved_at = meeting.minutes_approved_by = None
    meeting.save(update_fields=["minutes_revision", "minutes_approved_at", "minutes_approved_by"])


@transaction.atomic
def minutes_section_edit(
    *,
    section: MinutesSection,
    by,
    heading: str,
    body: str,
    visibility: str,
    documents: str | None = None,
) -> MinutesSection:
    require_recorder(by, section.meeting)
    section = (
        MinutesSection.objects.select_for_update().select_related("meeting").get(pk=section.pk)
    )
    section.heading, section.body, section.visibility = heading, body, visibility
    if documents is not None:
        section.documents = documents.strip()
    section.full_clean()
    access.check_level(section)
    _reopen(section.meeting)
    section.save(update_fields=["heading", "body", "visibility", "documents"])
    # Its kept revisions and the follow-ups made from it are never less strict than it.
    access.raise_contents(section)
    return section


@transaction.atomic
def minutes_approve(*, meeting: Meeting, by) -> Meeting:
    """The committee approved the minutes: recorded with who and when."""
    require_recorder(by, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_approved_at is not None:
        return meeting
    if not meeting.sections.exists():
        raise ValidationError("There are no minutes to approve yet.")
    meeting.minutes_approved_at = datetime.datetime.now(datetime.UTC)
    meeting.minutes_approved_by = by
    meeting.save(update_fields=["minutes_approved_at", "minutes_approved_by"])
    return meeting
