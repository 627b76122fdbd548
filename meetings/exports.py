"""Exports of a meeting's minutes and its public summary, as PDF and as plain text.

An export is built only from what ``selectors.meeting_minutes`` (for a summary,
``selectors.summary_for``) gives the reader, so a parent's PDF holds what a
parent's page shows and nothing more. Both formats render the same list of blocks
(``safety_portal.documents``), so they cannot drift apart. Each section says its level
and each PDF page says the highest level in the document, so a cleared reader knows
what must not be passed on.
"""

import io
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.utils.text import slugify
from django.utils.translation import gettext as _

from committees.models import Level
from meetings import selectors
from meetings.models import Attendance, Meeting, RollCall
from safety_portal.documents import (
    DAY,
    LEVEL_NOTES,
    RANK,
    RESTRICTED_MARK,
    TIME,
    Document,
    export_footer,
    local_time,
    render_pdf,
)


def _zone(meeting: Meeting) -> ZoneInfo:
    return ZoneInfo(meeting.committee.district.time_zone)


def _stem(meeting: Meeting, tz: ZoneInfo, what: str) -> str:
    day = meeting.starts_at.astimezone(tz).date().isoformat()
    return f"{slugify(meeting.committee.name)}-{day}-{what}"


def _heading_fields(doc: Document, meeting: Meeting) -> None:
    committee = meeting.committee
    doc.add("field", committee.name, _("Committee"))
    building = committee.building.name if committee.building else _("District-wide")
    doc.add("field", building, _("Building"))


def _when(meeting: Meeting, tz: ZoneInfo) -> str:
    when = local_time(meeting.starts_at, tz)
    if meeting.ends_at:
        when += " – " + local_time(meeting.ends_at, tz, TIME)
    return when


def _approval(meeting: Meeting, tz: ZoneInfo) -> str:
    if meeting.minutes_approved_at is None and meeting.minutes_submitted_at is not None:
        return _("Submitted for approval on %(date)s, revision %(revision)s: not yet approved") % {
            "date": local_time(meeting.minutes_submitted_at, tz, DAY),
            "revision": meeting.minutes_revision,
        }
    if meeting.minutes_approved_at is None:
        return _("Draft, revision %(revision)s: not yet approved by the committee") % {
            "revision": meeting.minutes_revision
        }
    text = _("Approved by the committee on %(date)s, revision %(revision)s") % {
        "date": local_time(meeting.minutes_approved_at, tz, DAY),
        "revision": meeting.minutes_revision,
    }
    if meeting.minutes_approved_by:
        text += " " + _("(recorded by %(who)s)") % {"who": meeting.minutes_approved_by.display_name}
    return text


def _vote(vote) -> str:
    text = _("Vote: %(motion)s") % {"motion": vote.motion}
    if vote.mover and vote.seconder:
        text += " " + _("Moved by %(mover)s, seconded by %(seconder)s.") % {
            "mover": vote.mover,
            "seconder": vote.seconder,
        }
    elif vote.mover:
        text += " " + _("Moved by %(mover)s.") % {"mover": vote.mover}
    text += " " + _("%(result)s (%(yes)s yes, %(no)s no, %(abstain)s abstaining).") % _counts(
        vote.get_result_display(), vote.yes, vote.no, vote.abstain
    )
    return text + " " + _("Note: %(note)s") % {"note": vote.note} if vote.note else text


def _counts(result, yes, no, abstain) -> dict:
    return {"result": result, "yes": yes, "no": no, "abstain": abstain}


def _corrections(vote, tz: ZoneInfo) -> list[str]:
    """What a vote read before each correction, and why: the vote's own level (the
    selector reads them through the gate, with the vote)."""
    lines = []
    for correction in vote.corrections.all():
        who = correction.by.display_name if correction.by else _("the system")
        said = _("Corrected on %(date)s by %(who)s: %(reason)s.") % {
            "date": local_time(correction.at, tz, DAY),
            "who": who,
            "reason": correction.reason,
        }
        was = _("It read: “%(motion)s” (%(counts)s).") % {
            "motion": correction.was.get("motion", ""),
            "counts": correction.was_counts,
        }
        if correction.was.get("roll"):
            was += " " + _("Roll call as it was: %(roll)s.") % {"roll": correction.was_roll_text}
        lines.append(f"{said} {was}")
    return lines


def _packet_line(document) -> str:
    """A document of the packet by its title and level (the file itself is not in the
    export: it is downloaded from the meeting's page, through the gate)."""
    return _("Attached: %(title)s (%(level)s)") % {
        "title": document.title,
        "level": Level(document.visibility).label,
    }


def minutes_document(user, meeting: Meeting, via: str | None = None) -> Document:
    """The full minutes of ``meeting`` as ``user`` may see them (``via``: for the trail)."""
    minutes = selectors.meeting_minutes(user, meeting, via)
    tz = _zone(meeting)
    levels = [meeting.visibility]
    levels += [item.visibility for item in minutes.agenda]
    levels += [section.visibility for section in minutes.sections]
    levels += [
        d.visibility for part in (*minutes.agenda, *minutes.sections) for d in part.visible_files
    ]
    highest = Level(max(levels, key=lambda level: RANK[Level(level)]))
    doc = Document(
        title=_("Minutes: %(title)s") % {"title": meeting.title},
        filename=_stem(meeting, tz, "minutes"),
        footer=export_footer(user, tz, highest.value),
    )
    doc.add("title", doc.title)
    _heading_fields(doc, meeting)
    kind = meeting.get_kind_display()
    if meeting.public_purpose:
        kind += f": {meeting.public_purpose}"
    doc.add("field", kind, _("Kind"))
    doc.add("field", _when(meeting, tz), _("When"))
    doc.add("field", meeting.location or "—", _("Where"))
    doc.add("field", meeting.get_status_display(), _("Meeting"))
    doc.add("field", LEVEL_NOTES[Level(meeting.visibility)], _("Level"))
    doc.add("field", _approval(meeting, tz), _("Minutes"))
    if highest == Level.RESTRICTED:
        doc.add("mark", RESTRICTED_MARK)

    doc.add("heading", _("Attendance"))
    if not minutes.attendance:
        doc.add("text", _("Not recorded."))
    for status in Attendance.Status:
        rows = [a for a in minutes.attendance if a.status == status]
        if rows:
            doc.add("subheading", f"{status.label} ({len(rows)})")
        for a in rows:
            name = a.membership.user.display_name
            if a.status == Attendance.Status.PRESENT and a.mode == Attendance.Mode.REMOTE:
                name += (
                    _(", remotely (%(reason)s)") % {"reason": a.remote_reason}
                    if a.remote_reason
                    else _(", remotely")
                )
            doc.add("item", name + (f" ({a.note})" if a.note else ""))
    if minutes.guests:
        doc.add("subheading", _("Guests (%(count)s)") % {"count": len(minutes.guests)})
        for guest in minutes.guests:
            org = f" ({guest.organization})" if guest.organization else ""
            doc.add("item", guest.name + org)

    doc.add("heading", _("Agenda"))
    if not minutes.agenda:
        doc.add("text", _("No agenda items."))
    for n, item in enumerate(minutes.agenda, start=1):
        details = [str(Level(item.visibility).label)]
        if item.presenter:
            details.append(item.presenter)
        details.append(_("%(n)s min") % {"n": item.minutes})
        doc.add("item", f"{n}. {item.title} ({', '.join(details)})")
        for document in item.visible_files:  # the packet's, as the gate shows them
            doc.add("item", _packet_line(document))

    doc.add("heading", _("Minutes"))
    if not minutes.sections:
        doc.add("text", _("No minutes."))
    for section in minutes.sections:
        doc.add("subheading", section.heading)
        doc.add("mark", LEVEL_NOTES[Level(section.visibility)])
        if section.body.strip():
            doc.add("body", section.body.strip())
        for title, link in section.document_list:
            named = _("Document: %(title)s") % {"title": title}
            doc.add("item", named + (f" ({link})" if link else ""))
        for document in section.visible_files:
            doc.add("item", _packet_line(document))
        for vote in section.votes.all():
            text = _vote(vote)
            if meeting.kind == Meeting.Kind.EXECUTIVE:
                public = vote.public_motion or _("wording withheld")
                text += " " + _("Public record: %(motion)s.") % {"motion": public}
            doc.add("text", text)
            for entry in vote.roll.all():  # as strict as its vote: the gate read it
                note = f" ({entry.note})" if entry.note else ""
                choice = RollCall.Choice(entry.choice).label
                name = entry.membership.user.display_name
                said = _("Roll call: %(name)s: %(choice)s") % {"name": name, "choice": choice}
                doc.add("item", said + note)
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
        title = _("Executive session")
    else:
        title = _("Committee meeting")
    named = _("Public summary: %(title)s") % {"title": title}
    doc = Document(
        title=_("DRAFT: %(title)s") % {"title": named} if draft else named,
        filename=_stem(meeting, tz, "public-summary" + ("-draft" if draft else "")),
        footer=export_footer(user, tz, "draft" if draft else "public"),
    )
    doc.add("title", _("DRAFT — %(title)s") % {"title": title} if draft else title)
    if draft:
        doc.add("mark", _("DRAFT: not published, not public. Do not share."))
    doc.add("field", meeting.committee.district.name, _("District"))
    when = local_time(meeting.starts_at, tz)
    if meeting.status == Meeting.Status.CANCELLED:
        when += " " + _("(cancelled)")
    doc.add("field", when, _("When"))
    if notice is not None and notice.place:
        doc.add("field", notice.place, _("Where"))
    if notice is not None and notice.purpose:
        doc.add("field", notice.purpose, _("Purpose"))
    if draft:
        doc.add("field", _("Draft, not yet published"), _("Status"))
    else:
        doc.add("field", local_time(summary.published_at, tz, DAY), _("Published"))
    doc.add("heading", _("Summary"))
    doc.add("body", summary.text)
    public_record = summary.record or {}
    if public_record:
        if meeting.kind == Meeting.Kind.EXECUTIVE:
            doc.add("heading", _("Executive session: public record"))
            day = local_time(meeting.starts_at, tz, DAY)
            said = _("The committee met in executive session on %(date)s.") % {"date": day}
            doc.add("text", said)
        else:
            doc.add("heading", _("Votes taken"))
        if public_record.get("purpose"):
            doc.add("field", public_record["purpose"], _("Purpose"))
        for vote in public_record.get("votes", []):
            counts = _counts(vote["result"], vote["yes"], vote["no"], vote["abstain"])
            said = _("%(result)s (%(yes)s yes, %(no)s no, %(abstain)s abstaining)") % counts
            doc.add("item", f"{vote['motion']}: {said}")
            for entry in vote.get("roll", []):
                choice = RollCall.Choice(entry["choice"]).label
                doc.add(
                    "item",
                    _("Roll call: %(name)s: %(choice)s")
                    % {"name": entry["name"], "choice": choice},
                )
        if not public_record.get("votes"):
            doc.add("text", _("No vote was taken."))
    return doc


# --- the public packet: the public agenda, then its public documents that are PDFs -------

PDF_TYPE = "application/pdf"


def _readable_pdf(document):
    """The document's file as a pypdf reader to append, or None (not a PDF, damaged,
    locked). pypdf is imported here, as reportlab is (safety_portal/pdf.py): only the
    packet needs it, and a web worker starts without it."""
    from pypdf import PdfReader  # noqa: PLC0415 - heavy, and only for the packet
    from pypdf.errors import PdfReadError  # noqa: PLC0415

    if document.content_type != PDF_TYPE and not document.name.lower().endswith(".pdf"):
        return None
    try:
        with document.file.open("rb") as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
        if reader.is_encrypted or not reader.pages:
            return None
        return reader
    except (OSError, PdfReadError, ValueError):
        return None


def packet_pdf(record: selectors.PublicMeeting) -> tuple[str, bytes]:
    """(file name, bytes) of the meeting's packet: a first page with the public agenda, then
    each public document that is a PDF, in the agenda's order; other files listed by title.

    Built from the public agenda as the public reads it now (``selectors.public_agenda``:
    only what is still public) and the notice, so it holds what the public page shows.
    """
    meeting, notice, agenda = record.meeting, record.notice, record.agenda
    tz = _zone(meeting)
    readers = {d["id"]: _readable_pdf(d["file"]) for d in agenda.documents}
    doc = Document(
        title=_("Meeting packet: %(title)s") % {"title": notice.title},
        filename=_stem(meeting, tz, "packet"),
        footer=export_footer(AnonymousUser(), tz, "public"),
    )
    doc.add("title", notice.title)
    doc.add("field", meeting.committee.district.name, _("District"))
    doc.add("field", meeting.committee.name, _("Committee"))
    when = local_time(meeting.starts_at, tz)
    if meeting.status == Meeting.Status.CANCELLED:
        when += " " + _("(cancelled)")
    doc.add("field", when, _("When"))
    if notice.place:
        doc.add("field", notice.place, _("Where"))
    if agenda.agenda.video_link:
        doc.add("field", agenda.agenda.video_link, _("Video"))
    doc.add("field", local_time(agenda.agenda.published_at, tz), _("Agenda posted"))
    if agenda.agenda.revised_at:
        doc.add("field", local_time(agenda.agenda.revised_at, tz), _("Updated"))
    doc.add("heading", _("Agenda"))
    if not agenda.items:
        doc.add("text", _("No agenda item is public."))
    for n, item in enumerate(agenda.items, start=1):
        doc.add("subheading", f"{n}. {item['title']}")
        for document in item["documents"]:
            if readers[document["id"]] is not None:
                said = _("%(title)s (in this packet)")
            else:
                said = _("%(title)s (not in this packet: download it from the meeting's page)")
            doc.add("item", said % {"title": document["title"]})
    from pypdf import PdfReader, PdfWriter  # noqa: PLC0415 - as in _readable_pdf

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(render_pdf(doc))))
    for document in agenda.documents:
        reader = readers[document["id"]]
        if reader is not None:
            writer.append(reader, outline_item=document["title"])
    writer.add_metadata({"/Title": doc.title})
    out = io.BytesIO()
    writer.write(out)
    return f"{doc.filename}.pdf", out.getvalue()
