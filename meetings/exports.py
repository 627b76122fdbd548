"""Exports of a meeting's minutes and its public summary, as PDF and as plain text.

An export is built only from what ``selectors.meeting_minutes`` (for a summary,
``selectors.summary_for``) gives the reader, so a parent's PDF holds what a
parent's page shows and nothing more. Both formats render the same list of blocks
(``safety_portal.documents``), so they cannot drift apart. Each section says its level
and each PDF page says the highest level in the document, so a cleared reader knows
what must not be passed on.
"""

from zoneinfo import ZoneInfo

from django.utils.text import slugify

from committees.models import Level
from meetings import selectors
from meetings.models import Attendance, Meeting, RollCall
from safety_portal.documents import DAY, LEVEL_NOTES, RANK, Document, export_footer, local_time


def _zone(meeting: Meeting) -> ZoneInfo:
    return ZoneInfo(meeting.committee.district.time_zone)


def _stem(meeting: Meeting, tz: ZoneInfo, what: str) -> str:
    day = meeting.starts_at.astimezone(tz).date().isoformat()
    return f"{slugify(meeting.committee.name)}-{day}-{what}"


def _heading_fields(doc: Document, meeting: Meeting) -> None:
    committee = meeting.committee
    doc.add("field", committee.name, "Committee")
    doc.add("field", committee.building.name if committee.building else "District-wide", "Building")


def _when(meeting: Meeting, tz: ZoneInfo) -> str:
    when = local_time(meeting.starts_at, tz)
    if meeting.ends_at:
        when += " – " + local_time(meeting.ends_at, tz, "g:i A")
    return when


def _approval(meeting: Meeting, tz: ZoneInfo) -> str:
    if meeting.minutes_approved_at is None and meeting.minutes_submitted_at is not None:
        return (
            f"Submitted for approval on {local_time(meeting.minutes_submitted_at, tz, DAY)}, "
            f"revision {meeting.minutes_revision}: not yet approved"
        )
    if meeting.minutes_approved_at is None:
        return f"Draft, revision {meeting.minutes_revision}: not yet approved by the committee"
    text = (
        f"Approved by the committee on {local_time(meeting.minutes_approved_at, tz, DAY)}, "
        f"revision {meeting.minutes_revision}"
    )
    if meeting.minutes_approved_by:
        text += f" (recorded by {meeting.minutes_approved_by.display_name})"
    return text


def _vote(vote) -> str:
    text = f"Vote: {vote.motion}"
    if vote.mover:
        text += f" Moved by {vote.mover}"
        if vote.seconder:
            text += f", seconded by {vote.seconder}"
        text += "."
    text = (
        f"{text} {vote.get_result_display()} "
        f"({vote.yes} yes, {vote.no} no, {vote.abstain} abstaining)."
    )
    return f"{text} Note: {vote.note}" if vote.note else text


def _corrections(vote, tz: ZoneInfo) -> list[str]:
    """What a vote read before each correction, and why: the vote's own level (the
    selector reads them through the gate, with the vote)."""
    lines = []
    for correction in vote.corrections.all():
        who = correction.by.display_name if correction.by else "the system"
        lines.append(
            f"Corrected on {local_time(correction.at, tz, DAY)} by {who}: {correction.reason}. "
            f"It read: \u201c{correction.was.get('motion', '')}\u201d ({correction.was_counts})."
        )
    return lines


def minutes_document(user, meeting: Meeting, via: str | None = None) -> Document:
    """The full minutes of ``meeting`` as ``user`` may see them (``via``: for the trail)."""
    minutes = selectors.meeting_minutes(user, meeting, via)
    tz = _zone(meeting)
    levels = [meeting.visibility]
    levels += [item.visibility for item in minutes.agenda]
    levels += [section.visibility for section in minutes.sections]
    highest = Level(max(levels, key=lambda level: RANK[Level(level)]))
    doc = Document(
        title=f"Minutes: {meeting.title}",
        filename=_stem(meeting, tz, "minutes"),
        footer=export_footer(user, tz, highest.label.lower()),
    )
    doc.add("title", f"Minutes: {meeting.title}")
    _heading_fields(doc, meeting)
    kind = meeting.get_kind_display()
    if meeting.public_purpose:
        kind += f": {meeting.public_purpose}"
    doc.add("field", kind, "Kind")
    doc.add("field", _when(meeting, tz), "When")
    doc.add("field", meeting.location or "—", "Where")
    doc.add("field", meeting.get_status_display(), "Meeting")
    doc.add("field", LEVEL_NOTES[Level(meeting.visibility)], "Level")
    doc.add("field", _approval(meeting, tz), "Minutes")
    if highest == Level.RESTRICTED:
        doc.add("mark", "This document contains restricted information: do not pass it on.")

    doc.add("heading", "Attendance")
    if not minutes.attendance:
        doc.add("text", "Not recorded.")
    for status in Attendance.Status:
        rows = [a for a in minutes.attendance if a.status == status]
        if rows:
            doc.add("subheading", f"{status.label} ({len(rows)})")
        for a in rows:
            name = a.membership.user.display_name
            if a.status == Attendance.Status.PRESENT and a.mode == Attendance.Mode.REMOTE:
                name += f", remotely ({a.remote_reason})" if a.remote_reason else ", remotely"
            doc.add("item", name + (f" ({a.note})" if a.note else ""))
    if minutes.guests:
        doc.add("subheading", f"Guests ({len(minutes.guests)})")
        for guest in minutes.guests:
            org = f" ({guest.organization})" if guest.organization else ""
            doc.add("item", guest.name + org)

    doc.add("heading", "Agenda")
    if not minutes.agenda:
        doc.add("text", "No agenda items.")
    for n, item in enumerate(minutes.agenda, start=1):
        details = [str(Level(item.visibility).label)]
        if item.presenter:
            details.append(item.presenter)
        details.append(f"{item.minutes} min")
        doc.add("item", f"{n}. {item.title} ({', '.join(details)})")

    doc.add("heading", "Minutes")
    if not minutes.sections:
        doc.add("text", "No minutes.")
    for section in minutes.sections:
        doc.add("subheading", section.heading)
        doc.add("mark", LEVEL_NOTES[Level(section.visibility)])
        if section.body.strip():
            doc.add("body", section.body.strip())
        for title, link in section.document_list:
            doc.add("item", f"Document: {title}" + (f" ({link})" if link else ""))
        for vote in section.votes.all():
            text = _vote(vote)
            if meeting.kind == Meeting.Kind.EXECUTIVE:
                text += f" Public record: {vote.public_motion or 'wording withheld'}."
            doc.add("text", text)
            for entry in vote.roll.all():  # as strict as its vote: the gate read it
                note = f" ({entry.note})" if entry.note else ""
                choice = RollCall.Choice(entry.choice).label
                doc.add("item", f"Roll call: {entry.membership.user.display_name}: {choice}{note}")
            for line in _corrections(vote, tz):
                doc.add("item", line)
    return doc


def summary_document(user, record: selectors.PublicMeeting) -> Document:
    """The public summary, for a reader the gate has already let see it.

    It says what the public page says and nothing more (the notice's title and
    place, the summary, an executive session's public record), so the same file can
    be handed to anyone once published; a draft says DRAFT wherever it is read.
    """
    meeting, notice, summary = record.meeting, record.notice, record.summary
    tz = _zone(meeting)
    draft = summary.published_at is None
    if notice is not None:
        title = notice.title
    elif meeting.kind == Meeting.Kind.EXECUTIVE:
        title = "Executive session"
    else:
        title = "Committee meeting"
    doc = Document(
        title=("DRAFT: " if draft else "") + f"Public summary: {title}",
        filename=_stem(meeting, tz, "public-summary" + ("-draft" if draft else "")),
        footer=export_footer(user, tz, "committee (draft, not public)" if draft else "public"),
    )
    doc.add("title", ("DRAFT — " if draft else "") + title)
    if draft:
        doc.add("mark", "DRAFT: not published, not public. Do not share.")
    doc.add("field", meeting.committee.district.name, "District")
    when = local_time(meeting.starts_at, tz)
    if meeting.status == Meeting.Status.CANCELLED:
        when += " (cancelled)"
    doc.add("field", when, "When")
    if notice is not None and notice.place:
        doc.add("field", notice.place, "Where")
    if notice is not None and notice.purpose:
        doc.add("field", notice.purpose, "Purpose")
    if draft:
        doc.add("field", "Draft, not yet published", "Status")
    else:
        doc.add("field", local_time(summary.published_at, tz, DAY), "Published")
    doc.add("heading", "Summary")
    doc.add("body", summary.text)
    public_record = summary.record or {}
    if public_record:
        if meeting.kind == Meeting.Kind.EXECUTIVE:
            doc.add("heading", "Executive session: public record")
            day = local_time(meeting.starts_at, tz, DAY)
            doc.add("text", f"The committee met in executive session on {day}.")
        else:
            doc.add("heading", "Votes taken")
        if public_record.get("purpose"):
            doc.add("field", public_record["purpose"], "Purpose")
        for vote in public_record.get("votes", []):
            doc.add(
                "item",
                f"{vote['motion']}: {vote['result']} "
                f"({vote['yes']} yes, {vote['no']} no, {vote['abstain']} abstaining)",
            )
            for entry in vote.get("roll", []):
                choice = RollCall.Choice(entry["choice"]).label
                doc.add("item", f"Roll call: {entry['name']}: {choice}")
        if not public_record.get("votes"):
            doc.add("text", "No vote was taken.")
    return doc
