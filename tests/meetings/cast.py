"""The cast's meetings, and the high school committee's executive session."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from committees.models import Level
from meetings import services as meeting_services
from tests.cast_base import Cast, canary


def add_meeting(cast: Cast, committee_name: str) -> None:
    """A held meeting per committee: agenda, minutes, votes and attendance carry canaries."""
    committee = getattr(cast, committee_name)
    meeting = meeting_services.meeting_schedule(
        committee=committee,
        title=canary("MEETING-TITLE", committee_name),
        starts_at=datetime.datetime(2026, 10, 14, 22, 0, tzinfo=datetime.UTC),
        location=canary("MEETING-PLACE", committee_name),
        video_link=f"https://meet.example.org/{canary('VIDEO', committee_name)}",
        by=None,
    )
    cast.meetings[committee_name] = meeting
    for text in (meeting.title, meeting.location, meeting.video_link.rsplit("/", 1)[1]):
        cast.canaries[text] = (committee_name, Level.COMMITTEE)
    for level in (Level.COMMITTEE, Level.RESTRICTED):
        agenda = meeting_services.agenda_item_add(
            meeting=meeting,
            title=canary(f"AGENDA-{level.upper()}", committee_name),
            visibility=level,
            by=None,
        )
        section = meeting_services.minutes_section_add(
            meeting=meeting,
            heading=f"Discussion ({level})",
            agenda_item=agenda,
            body=canary(f"MINUTES-{level.upper()}", committee_name),
            documents=canary(f"DOCUMENT-{level.upper()}", committee_name)
            + " https://files.example.org/report.pdf",
            visibility=level,
            by=None,
        )
        vote = meeting_services.vote_record(
            section=section,
            motion=canary(f"MOTION-{level.upper()}", committee_name),
            note=canary(f"VOTE-NOTE-{level.upper()}", committee_name),
            result="carried",
            yes=5,
            by=None,
        )
        document = section.document_list[0][0]
        for text in (agenda.title, section.body, document, vote.motion, vote.note):
            cast.canaries[text] = (committee_name, level)
    add_packet(cast, committee_name, meeting)
    # Approved, then edited: the approved text lives on as revision 1.
    meeting_services.minutes_approve(meeting=meeting, by=None)
    restricted = meeting.sections.get(visibility=Level.RESTRICTED)
    revised = canary("MINUTES-REVISED-RESTRICTED", committee_name)
    meeting_services.minutes_section_edit(
        section=restricted,
        heading=restricted.heading,
        body=revised,
        visibility=Level.RESTRICTED,
        by=None,
    )
    cast.canaries[revised] = (committee_name, Level.RESTRICTED)
    # The restricted vote, corrected: what it was and why stay as hidden as the vote.
    why = canary("VOTE-CORRECTION-RESTRICTED", committee_name)
    meeting_services.vote_correct(vote=restricted.votes.get(), by=None, reason=why, yes=4, no=1)
    cast.canaries[why] = (committee_name, Level.RESTRICTED)
    # A roll call in each section: a member's note on their vote is as hidden as the vote.
    members = list(meeting_services.roll_members(meeting).order_by("pk"))
    for section in meeting.sections.all():
        level = section.visibility
        motion = canary(f"ROLL-MOTION-{level.upper()}", committee_name)
        why_abstain = canary(f"ROLL-NOTE-{level.upper()}", committee_name)
        if members:
            meeting_services.vote_record(
                section=section,
                motion=motion,
                result="carried",
                roll={m.pk: "abstain" if i == 0 else "yes" for i, m in enumerate(members)},
                roll_notes={members[0].pk: why_abstain},
                by=None,
            )
            cast.canaries[why_abstain] = (committee_name, level)
            cast.canaries[motion] = (committee_name, level)
    draft = canary("SUMMARY-DRAFT", committee_name)  # drafts are never public
    meeting_services.summary_save(meeting=meeting, text=draft, by=None)
    cast.canaries[draft] = (committee_name, Level.COMMITTEE)
    members = meeting_services.members_in_force(meeting)
    note = canary("ATTENDANCE-NOTE", committee_name)
    meeting_services.attendance_record(
        meeting=meeting,
        by=None,
        statuses={m.pk: "present" for m in members},
        notes={m.pk: note for m in members},
        guests=[("Karen Doyle", "Westport Fire Department")],
    )
    if members:
        cast.canaries[note] = (committee_name, Level.COMMITTEE)


def packet_file(name: str, content: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode(), content_type="text/plain")


def add_packet(cast: Cast, committee_name: str, meeting) -> None:
    """The meeting's packet: on its committee-level agenda item a committee document and a
    restricted one, on its restricted minutes section a restricted one; each one's title,
    file name and file content are canaries at its level."""
    item = meeting.agenda_items.get(visibility=Level.COMMITTEE)
    section = meeting.sections.get(visibility=Level.RESTRICTED)
    for where, holder, level in (
        ("item-committee", item, Level.COMMITTEE),
        ("item", item, Level.RESTRICTED),
        ("section", section, Level.RESTRICTED),
    ):
        tag = f"PACKET-{where.upper()}-{level.upper()}"
        title = canary(f"{tag}-TITLE", committee_name)
        name = canary(f"{tag}-FILENAME", committee_name)
        content = canary(f"{tag}-CONTENT", committee_name)
        [document] = meeting_services.meeting_document_add(
            holder=holder,
            files=[packet_file(f"{name}.txt", content)],
            titles=[title],
            visibility=level,
            by=None,
        )
        for text in (title, name, content):
            cast.canaries[text] = (committee_name, level)
        cast.documents[(committee_name, where)] = document


def add_executive_session(cast: Cast) -> None:
    """An executive session of the high school committee, with its public record published."""
    meeting = meeting_services.meeting_schedule(
        committee=cast.high,
        title=canary("EXECUTIVE-TITLE", "high"),
        kind="executive",
        starts_at=datetime.datetime(2026, 10, 21, 21, 0, tzinfo=datetime.UTC),
        public_purpose="To discuss school security procedures",
        location=canary("EXECUTIVE-PLACE", "high"),
        by=None,
    )
    section = meeting_services.minutes_section_add(
        meeting=meeting,
        heading="Security procedures",
        body=canary("EXECUTIVE-MINUTES", "high"),
        visibility=meeting.default_level,
        by=None,
    )
    vote = meeting_services.vote_record(
        section=section,
        motion=canary("EXECUTIVE-MOTION", "high"),
        public_motion="Approve the updated building security plan",
        result="carried",
        yes=6,
        by=None,
    )
    for text in (meeting.title, meeting.location, section.body, vote.motion):
        cast.canaries[text] = ("high", Level.RESTRICTED)
    summary, _findings = meeting_services.summary_save(
        meeting=meeting,
        text="The committee met in executive session and approved an updated security plan.",
        by=cast.chair,
    )
    meeting_services.summary_publish(summary=summary, by=cast.principal)
    cast.executive = meeting
