"""Attendance and minutes: who came, the sections and their votes, submission, approval
and revisions.

Nothing is recorded as having happened before the meeting starts. Minutes go from draft
to submitted (the approvers are told at once) to approved, by the chair or by the
committee's vote as the committee's rule says, never by whoever submitted them.
Approved minutes that change (a section, a vote) are kept as a revision first, and
approved again; a corrected vote keeps what it was.
"""

import calendar
import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from committees import access
from committees.access import Cap
from committees.models import Committee, Level, Membership, Position
from meetings.models import (
    AgendaItem,
    Attendance,
    Guest,
    Meeting,
    MeetingRules,
    MinutesSection,
    MinutesSectionRevision,
    RollCall,
    Vote,
    VoteCorrection,
)
from meetings.services.common import next_order, require_recorder, require_started
from notifications import services as notifications
from notifications.models import Kind

__all__ = [
    "REVIEW_MONTHS",
    "VOTE_FIELDS",
    "attendance_members",
    "attendance_record",
    "first_review_on",
    "members_in_force",
    "minutes_approve",
    "minutes_approvers",
    "minutes_section_add",
    "minutes_section_edit",
    "minutes_submit",
    "may_approve",
    "quorum_of",
    "quorum_present",
    "roll_members",
    "vote_correct",
    "vote_record",
]

# What a correction of a vote may change, and keeps as it was.
VOTE_FIELDS = (
    "motion",
    "mover",
    "seconder",
    "result",
    "yes",
    "no",
    "abstain",
    "note",
    "public_motion",
)


def members_in_force(meeting: Meeting):
    """The committee's members on the meeting's day, in the district's time zone."""
    day = meeting.starts_at.astimezone(ZoneInfo(meeting.committee.district.time_zone)).date()
    return Membership.objects.current(day).filter(committee_id=meeting.committee_id)


def attendance_members(meeting: Meeting):
    """Whose attendance may be recorded: the members in force, and at a restricted
    meeting (an executive session) only those cleared for restricted records."""
    members = members_in_force(meeting)
    if meeting.visibility == Level.RESTRICTED:
        members = members.filter(restricted_clearance=True)
    return members


def quorum_of(meeting: Meeting, members: int) -> int:
    return meeting.committee.quorum or members // 2 + 1


def quorum_present(meeting: Meeting, attendance) -> int:
    """The members present who count toward the quorum: those who took part remotely
    count only where the committee's rule says so."""
    remote_counts = meeting.committee.remote_counts_toward_quorum
    return sum(
        a.status == Attendance.Status.PRESENT
        and (remote_counts or a.mode != Attendance.Mode.REMOTE)
        for a in attendance
    )


def roll_members(meeting: Meeting):
    """Who is called on a roll call: the members whose attendance may be recorded."""
    return attendance_members(meeting)


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    by,
    statuses: dict[int, str],
    notes: dict[int, str] | None = None,
    guests: list[tuple[str, str]] = (),
    modes: dict[int, str] | None = None,
    remote_reasons: dict[int, str] | None = None,
) -> None:
    """Record who came (membership id -> present, absent or excused), how each present
    member took part (in person or remotely, with the reason where the district's rules
    want one) and the guests."""
    require_recorder(by, meeting)
    require_started(meeting, _("Attendance is recorded once the meeting has started."))
    members = {m.pk: m for m in attendance_members(meeting)}
    unknown = set(statuses) - set(members)
    if unknown and meeting.visibility == Level.RESTRICTED:
        in_force = set(members_in_force(meeting).values_list("pk", flat=True))
        if unknown <= in_force:
            raise ValidationError(
                _(
                    "This is a restricted session: only members cleared for restricted "
                    "records attend it."
                )
            )
    if unknown:
        raise ValidationError(_("Attendance can only be recorded for the committee's members."))
    notes, modes, remote_reasons = notes or {}, modes or {}, remote_reasons or {}
    rows = []
    for pk, status in statuses.items():
        mode, reason = modes.get(pk) or Attendance.Mode.IN_PERSON, ""
        if status != Attendance.Status.PRESENT:
            mode = Attendance.Mode.IN_PERSON  # only who took part took part somehow
        elif mode == Attendance.Mode.REMOTE:
            reason = (remote_reasons.get(pk) or "").strip()
        rows.append(
            Attendance(
                meeting=meeting,
                membership=members[pk],
                status=status,
                mode=mode,
                remote_reason=reason[:300],
                note=notes.get(pk, ""),
            )
        )
    missing = [r.membership_id for r in rows if r.mode == "remote" and not r.remote_reason]
    if missing and MeetingRules.for_district(meeting.committee.district).remote_reason_required:
        message = _("Under the district's rules, say why the member took part remotely.")
        raise ValidationError({f"r{pk}": message for pk in missing})
    Attendance.objects.filter(meeting=meeting).delete()
    Attendance.objects.bulk_create(rows)
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
        raise ValidationError({"agenda_item": _("That agenda item belongs to another meeting.")})
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
    roll: dict[int, str] | None = None,
    roll_notes: dict[int, str] | None = None,
) -> Vote:
    """Record a vote. With a ``roll`` (membership id -> yes, no, abstain or absent) it is
    a roll call: each member's vote by name, and the counts follow from the roll. Where
    the district's rules say so, a vote in executive session is a roll call."""
    require_recorder(by, section.meeting)
    if by is not None and not access.can(by, access.VIEW, section):
        raise PermissionDenied(_("You may not record this committee's meetings."))
    meeting = section.meeting
    if roll:
        yes, no, abstain = _roll_counts(meeting, roll)
    elif meeting.kind == Meeting.Kind.EXECUTIVE and _roll_required(meeting):
        raise ValidationError(
            {
                "roll": _(
                    "Under the district's open meeting rules, a vote in executive session "
                    "is taken by roll call: record each member's vote."
                )
            }
        )
    _reopen(meeting)
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
    if roll:
        roll_notes = roll_notes or {}
        RollCall.objects.bulk_create(
            RollCall(
                vote=vote,
                membership_id=pk,
                choice=choice,
                note=(roll_notes.get(pk) or "").strip()[:300],
            )
            for pk, choice in roll.items()
        )
    return vote


def _roll_required(meeting: Meeting) -> bool:
    return MeetingRules.for_district(meeting.committee.district).roll_call_in_executive


def _roll_counts(
    meeting: Meeting, roll: dict[int, str], also: set[int] = frozenset()
) -> tuple[int, int, int]:
    """The tally of a roll call (yes, no, abstaining); absent members are not counted.
    ``also``: members a roll may name besides those called today (a corrected roll keeps
    the members it named when it was taken)."""
    called = set(roll_members(meeting).values_list("pk", flat=True)) | set(also)
    if set(roll) - called:
        raise ValidationError({"roll": _("A roll call names the committee's members only.")})
    if set(roll.values()) - set(RollCall.Choice.values):
        raise ValidationError({"roll": _("Each member votes yes, no, abstain, or is absent.")})
    choices = list(roll.values())
    return choices.count("yes"), choices.count("no"), choices.count("abstain")


@transaction.atomic
def vote_correct(
    *,
    vote: Vote,
    by,
    reason: str,
    roll: dict[int, str] | None = None,
    roll_notes: dict[int, str] | None = None,
    **fields,
) -> Vote:
    """Correct a vote already in the minutes; what it was stays on the record.

    A vote taken by roll call is corrected member by member: ``roll`` (membership id ->
    yes, no, abstain or absent, for every member it named) and ``roll_notes`` (left out:
    the notes stay as they were); the tally follows from the corrected roll, and the roll
    as it was is kept with the correction.

    While the minutes are a draft or submitted, the correction returns them to draft;
    once approved, it goes through the correction path of approved minutes (the
    approved revision is kept and the minutes are approved again).
    """
    vote = Vote.objects.select_for_update().select_related("section__meeting").get(pk=vote.pk)
    require_recorder(by, vote.section.meeting)
    if by is not None and not access.can(by, access.VIEW, vote):
        raise PermissionDenied(_("You may not record this committee's meetings."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the vote is corrected (kept on the record).")})
    unknown = set(fields) - set(VOTE_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of a vote: {', '.join(sorted(unknown))}")
    # The vote's row is locked: its roll is read once and corrected behind it.
    entries = list(
        RollCall.objects.filter(vote=vote).select_related("membership__user").order_by("pk")
    )
    was = {name: getattr(vote, name) for name in VOTE_FIELDS}
    for name, value in fields.items():
        setattr(vote, name, value if value is not None else was[name])
    counts = ("yes", "no", "abstain")
    new_roll = _corrected_roll(entries, roll, roll_notes)
    if new_roll is not None:
        vote.yes, vote.no, vote.abstain = _roll_counts(
            vote.section.meeting,
            {pk: choice for pk, (choice, _note) in new_roll.items()},
            also={entry.membership_id for entry in entries},
        )
    elif entries and any(getattr(vote, n) != was[n] for n in counts):
        raise ValidationError(_("The counts of a roll call follow from its roll."))
    old_roll = {entry.membership_id: (entry.choice, entry.note) for entry in entries}
    roll_changed = new_roll is not None and new_roll != old_roll
    if {name: getattr(vote, name) for name in VOTE_FIELDS} == was and not roll_changed:
        raise ValidationError(_("Nothing to correct: the vote already reads so."))
    vote.full_clean()
    _reopen(vote.section.meeting)
    if entries:
        was["roll"] = [
            {
                "membership": entry.membership_id,
                "name": entry.membership.user.display_name,
                "choice": entry.choice,
                "note": entry.note,
            }
            for entry in entries
        ]
    VoteCorrection.objects.create(vote=vote, was=was, reason=reason[:300], by=by)
    vote.save(update_fields=list(VOTE_FIELDS))
    if roll_changed:
        _roll_rewrite(vote, entries, new_roll)
    return vote


def _corrected_roll(entries: list, roll, roll_notes):
    """The corrected roll, membership id -> (choice, note), or None when the roll is not
    corrected. Only a roll call has a roll to correct, and it names every member it named
    before."""
    if not roll:
        return None
    if not entries:
        raise ValidationError(
            {"roll": _("This vote was taken by counts: it has no roll to correct.")}
        )
    missing = {entry.membership_id for entry in entries} - set(roll)
    if missing or not all(roll.values()):
        raise ValidationError({"roll": _("A roll call records every member's vote.")})
    notes_before = {entry.membership_id: entry.note for entry in entries}
    return {
        pk: (
            choice,
            notes_before.get(pk, "")
            if roll_notes is None
            else (roll_notes.get(pk) or "").strip()[:300],
        )
        for pk, choice in roll.items()
    }


def _roll_rewrite(vote: Vote, entries: list, new_roll: dict[int, tuple[str, str]]) -> None:
    """Each member's entry as corrected: changed in place (the trail keeps each change),
    a member the roll had missed added."""
    by_member = {entry.membership_id: entry for entry in entries}
    for pk, (choice, note) in new_roll.items():
        entry = by_member.get(pk)
        if entry is None:
            RollCall.objects.create(vote=vote, membership_id=pk, choice=choice, note=note)
        elif (entry.choice, entry.note) != (choice, note):
            entry.choice, entry.note = choice, note
            entry.save(update_fields=["choice", "note"])


def _reopen(meeting: Meeting) -> None:
    """Before minutes change: submitted minutes go back to draft; approved minutes keep
    the approved revision and open the next one."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_approved_at is None:
        if meeting.minutes_submitted_at is not None:
            meeting.minutes_submitted_at = meeting.minutes_submitted_by = None
            meeting.save(update_fields=["minutes_submitted_at", "minutes_submitted_by"])
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
    meeting.minutes_submitted_at = meeting.minutes_submitted_by = None
    meeting.save(
        update_fields=[
            "minutes_revision",
            "minutes_approved_at",
            "minutes_approved_by",
            "minutes_submitted_at",
            "minutes_submitted_by",
        ]
    )


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


def minutes_approvers(meeting: Meeting) -> set[int]:
    """Who records the approval under the committee's rule: its chairs, or, when the
    committee approves by a vote, anyone who records its meetings (chairs and
    secretaries), in force today."""
    committee = meeting.committee
    positions = [Position.CHAIR, Position.CO_CHAIR]
    if committee.minutes_approval == Committee.MinutesApproval.VOTE:
        positions.append(Position.SECRETARY)
    today = access.district_today(committee.district)
    seats = Membership.objects.current(today).filter(
        committee_id=committee.pk, position__in=positions
    )
    if meeting.visibility == Level.RESTRICTED:
        seats = seats.filter(restricted_clearance=True)
    return set(seats.values_list("user_id", flat=True))


def may_approve(user, meeting: Meeting) -> bool:
    """Would the service take ``user``'s approval of these minutes now? (For the page.)"""
    return (
        meeting.minutes_state == "submitted"
        and meeting.minutes_submitted_by_id != user.pk
        and user.pk in minutes_approvers(meeting)
        and access.can(user, Cap.RECORD_MEETINGS, meeting)
    )


@transaction.atomic
def minutes_submit(*, meeting: Meeting, by) -> Meeting:
    """Submit the minutes for approval: the approvers are told at once, through the outbox."""
    require_recorder(by, meeting)
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("committee__district")
        .get(pk=meeting.pk)
    )
    require_started(meeting, _("Minutes are submitted once the meeting has started."))
    if meeting.minutes_approved_at is not None:
        raise ValidationError(_("These minutes are already approved."))
    if meeting.minutes_submitted_at is not None:
        return meeting
    if not meeting.sections.exists():
        raise ValidationError(_("There are no minutes to submit yet."))
    meeting.minutes_submitted_at = datetime.datetime.now(datetime.UTC)
    meeting.minutes_submitted_by = by
    meeting.save(update_fields=["minutes_submitted_at", "minutes_submitted_by"])
    notifications.notify(
        recipients=minutes_approvers(meeting),
        kind=Kind.MINUTES_APPROVAL,
        subject=meeting,
        period=f"r{meeting.minutes_revision}-s{int(meeting.minutes_submitted_at.timestamp())}",
        by=by,
    )
    return meeting


@transaction.atomic
def minutes_approve(*, meeting: Meeting, by) -> Meeting:
    """Record the approval: by the chair, or after the committee's vote, as the
    committee's rule says; never by whoever submitted them (four eyes).

    ``by`` None is the system (seed, imports of approved minutes).
    """
    require_recorder(by, meeting)
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("committee__district")
        .get(pk=meeting.pk)
    )
    if meeting.minutes_approved_at is not None:
        return meeting
    if not meeting.sections.exists():
        raise ValidationError(_("There are no minutes to approve yet."))
    if by is not None:
        if meeting.minutes_submitted_at is None:
            raise ValidationError(_("Submit the minutes for approval first."))
        if meeting.minutes_submitted_by_id == by.pk:
            raise ValidationError(
                _("You submitted these minutes; someone else records their approval (four eyes).")
            )
        if by.pk not in minutes_approvers(meeting):
            if meeting.committee.minutes_approval == Committee.MinutesApproval.VOTE:
                raise ValidationError(
                    _("The chair or the secretary records the committee's vote on the minutes.")
                )
            raise ValidationError(_("Under this committee's rule, the chair approves the minutes."))
    meeting.minutes_approved_at = datetime.datetime.now(datetime.UTC)
    meeting.minutes_approved_by = by
    fields = ["minutes_approved_at", "minutes_approved_by"]
    if meeting.kind == Meeting.Kind.EXECUTIVE and meeting.minutes_review_on is None:
        # Reviewed for release from now on (M.G.L. c.30A §22(g)); a reviewer moves the day.
        today = access.district_today(meeting.committee.district)
        meeting.minutes_review_on = first_review_on(today)
        fields.append("minutes_review_on")
    meeting.save(update_fields=fields)
    return meeting


# How long after their approval an executive session's minutes are first reviewed.
REVIEW_MONTHS = 6


def first_review_on(day: datetime.date, months: int = REVIEW_MONTHS) -> datetime.date:
    """``months`` after ``day``, on the same day of the month or the month's last."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))
