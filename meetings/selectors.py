"""Reads of meetings that carry rules: through the access gate, a fixed number of queries.

The minutes as one reader may see them (the page and the exports read the same), a
member's calendar, and the public projections of meetings (notices and summaries) that
the public pages and feeds read.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from auditlog import get_logentry_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from committees import access
from committees.models import Committee, District, Level
from committees.selectors import get_visible_or_404
from meetings.models import (
    AgendaItem,
    Attendance,
    Guest,
    Meeting,
    MeetingDocument,
    MeetingNotice,
    MeetingRules,
    MinutesReleaseDecision,
    MinutesSection,
    PublicAgenda,
    PublicMinutes,
    PublicSummary,
    RollCall,
    Vote,
    VoteCorrection,
)

# Minutes older than this are not chased any more (the scans' window too).
LATE_MINUTES_WINDOW_DAYS = 60


def _days_before(today: datetime.date, days: int, zone) -> datetime.datetime:
    """The first moment, where the district is, of the day ``days`` before ``today``."""
    return datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time(), zone)


def _draft_window(rules, zone, today: datetime.date):
    """(since, before): the meetings whose draft minutes may be late today."""
    return (
        _days_before(today, LATE_MINUTES_WINDOW_DAYS, zone),
        _days_before(today, rules.draft_minutes_days, zone),
    )


def _posting_window(rules, zone, today: datetime.date):
    """(since, before): the meetings whose approved minutes may be posted late today."""
    return (
        _days_before(today, rules.posted_minutes_days + LATE_MINUTES_WINDOW_DAYS, zone),
        _days_before(today, rules.posted_minutes_days, zone),
    )


def _late_draft_q(rules, zone, today: datetime.date) -> Q:
    """Draft minutes due before ``today`` (the district's ``draft_minutes_days`` after the
    meeting's day) and not submitted; those of the last ``LATE_MINUTES_WINDOW_DAYS`` days."""
    since, before = _draft_window(rules, zone, today)
    return Q(
        minutes_submitted_at__isnull=True,
        minutes_approved_at__isnull=True,
        starts_at__lt=before,
        starts_at__gte=since,
    )


def _late_posting_q(rules, zone, today: datetime.date) -> Q:
    """Approved minutes whose public minutes had to be posted before ``today`` (the
    district's ``posted_minutes_days`` after the meeting's day) and are not published;
    executive sessions are reviewed for release instead."""
    since, before = _posting_window(rules, zone, today)
    posted = PublicMinutes.objects.filter(meeting=OuterRef("pk"), published_at__isnull=False)
    return (
        Q(minutes_approved_at__isnull=False, starts_at__lt=before, starts_at__gte=since)
        & ~Q(kind=Meeting.Kind.EXECUTIVE)
        & ~Exists(posted)
    )


def _late(user, district: District, today: datetime.date, committees, which, rules=None):
    rules = rules or MeetingRules.for_district(district)
    zone = ZoneInfo(district.time_zone)
    late = Meeting.objects.filter(which(rules, zone, today), committee__district=district)
    late = late.exclude(status=Meeting.Status.CANCELLED)
    return access.visible(user, late, committees=committees)


# How many changes of a district's rules their page lists (the trail keeps them all).
RULES_HISTORY_SHOWN = 20


def rules_history(district: District) -> list:
    """The changes of the district's open meeting rules, newest first, from the audit
    trail: its own rules saved and returned to the state's defaults (each row it kept).
    For the district's administrators, who read its whole trail."""
    entry = get_logentry_model()
    return list(
        entry.objects.filter(
            content_type=ContentType.objects.get_for_model(MeetingRules),
            district_id=district.pk,
        )
        .exclude(action=entry.Action.ACCESS)
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:RULES_HISTORY_SHOWN]
    )


def draft_minutes_late(user, district: District, today: datetime.date, committees=None, rules=None):
    """Meetings ``user`` may see whose draft minutes are late. One query to read the
    district's rules, unless given (``rules``)."""
    return _late(user, district, today, committees, _late_draft_q, rules)


def posted_minutes_late(
    user, district: District, today: datetime.date, committees=None, rules=None
):
    """Meetings ``user`` may see whose approved minutes are not posted on time. One query
    to read the district's rules, unless given (``rules``)."""
    return _late(user, district, today, committees, _late_posting_q, rules)


def minutes_late(user, district: District, today: datetime.date, committees=None, rules=None):
    """Meetings whose draft minutes are late or whose approved minutes are not posted on
    time: the district overview counts them together. One query to read the district's
    rules, unless given (``rules``)."""

    def either(rules, zone, day):
        # Both windows at once as well: a range the index on (committee, starts_at) reads,
        # where the two alone would make PostgreSQL read each committee's every meeting.
        windows = (_draft_window(rules, zone, day), _posting_window(rules, zone, day))
        envelope = Q(
            starts_at__gte=min(since for since, _ in windows),
            starts_at__lt=max(before for _, before in windows),
        )
        return envelope & (_late_draft_q(rules, zone, day) | _late_posting_q(rules, zone, day))

    return _late(user, district, today, committees, either, rules)


def draft_minutes_late_counts(user, district, today, committees, rules=None) -> dict[int, int]:
    """committee id -> how many meetings' minutes are late, as drafts or to be posted
    (of those ``user`` may see)."""
    rows = minutes_late(user, district, today, committees, rules).values("committee_id")
    return {r["committee_id"]: r["n"] for r in rows.annotate(n=Count("id")).order_by()}


def release_reviews_due(user, today: datetime.date, committees):
    """Executive sessions whose minutes are due for release review by ``today``, on the
    ``committees`` where ``user`` reviews them (cleared, with publish rights)."""
    due = Meeting.objects.filter(kind=Meeting.Kind.EXECUTIVE, minutes_review_on__lte=today)
    return access.visible(user, due, committees=committees)


def release_decisions(user, meeting: Meeting, via: str | None = None) -> list:
    """The release reviews of a meeting that ``user`` may read (restricted: the cleared);
    ``via`` (a page): the reads go into the audit trail."""
    decisions = list(
        access.visible(user, MinutesReleaseDecision.objects.filter(meeting=meeting)).select_related(
            "decided_by", "meeting"
        )
    )
    if via is not None and decisions:
        access.record_reads(user, decisions, via)
    return decisions


# How far ahead "My committees" looks for a committee's next meetings, and how many.
UPCOMING_DAYS = 60
UPCOMING_SHOWN = 3


def upcoming_by_committee(user, committee_ids) -> dict[int, list[Meeting]]:
    """The next scheduled meetings of each committee that ``user`` may see, soonest first."""
    now = timezone.now()
    upcoming: dict[int, list[Meeting]] = defaultdict(list)
    meetings = access.visible(
        user,
        Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=now,
            starts_at__lte=now + datetime.timedelta(days=UPCOMING_DAYS),
        ),
        committees=committee_ids,
    ).order_by("starts_at")
    for meeting in meetings:
        upcoming[meeting.committee_id].append(meeting)
    return {pk: meetings[:UPCOMING_SHOWN] for pk, meetings in upcoming.items()}


@dataclass
class MinutesView:
    """A meeting's minutes as one reader may see them: the detail page and the exports."""

    meeting: Meeting
    agenda: list[AgendaItem]  # each with the documents of its packet the reader may see
    # (``visible_files``)
    sections: list[MinutesSection]  # each with its visible votes and documents prefetched
    attendance: list[Attendance]
    guests: list[Guest]
    summary: PublicSummary | None


def meeting_minutes(user, meeting: Meeting, via: str | None = None) -> MinutesView:
    """Everything of ``meeting`` that ``user`` may see, each kind through the gate.

    ``via`` (the page, an export): the restricted parts read go into the audit trail.
    """
    # Each agenda item's and section's packet: the documents the reader may see, the
    # chain read with them (a read of a restricted one is recorded without a query more).
    files = access.visible(
        user, MeetingDocument.objects.filter(meeting=meeting).select_related("meeting")
    )
    sections = access.visible(user, MinutesSection.objects.filter(meeting=meeting))
    agenda = list(
        access.visible(user, AgendaItem.objects.filter(meeting=meeting)).prefetch_related(
            Prefetch("files", queryset=files, to_attr="visible_files")
        )
    )
    sections = list(
        sections.prefetch_related(
            Prefetch("files", queryset=files, to_attr="visible_files"),
            Prefetch(
                "votes",
                queryset=access.visible(user, Vote.objects.all()).prefetch_related(
                    Prefetch(
                        "corrections",
                        queryset=access.visible(user, VoteCorrection.objects.select_related("by")),
                    ),
                    # The roll, by name: as strict as its vote, through the gate too.
                    Prefetch(
                        "roll",
                        queryset=access.visible(
                            user, RollCall.objects.select_related("membership__user")
                        ),
                    ),
                ),
            ),
        )
    )
    for part in (*agenda, *sections):
        part.meeting = meeting  # the one read already: its level and committee, no query
    if via is not None:
        documents = [d for part in (*agenda, *sections) for d in part.visible_files]
        access.record_reads(user, [meeting, *agenda, *sections, *documents], via)
    return MinutesView(
        meeting=meeting,
        agenda=agenda,
        sections=sections,
        attendance=list(
            access.visible(user, Attendance.objects.filter(meeting=meeting)).select_related(
                "membership__user"
            )
        ),
        guests=list(access.visible(user, Guest.objects.filter(meeting=meeting))),
        summary=access.visible(
            user,
            PublicSummary.objects.filter(meeting=meeting).select_related(
                "written_by", "published_by", "sent_back_by"
            ),
        ).first(),
    )


def summary_for(user, meeting_pk: int) -> "PublicMeeting":
    """A meeting's public summary as ``user`` may read it, with the meeting's public notice.

    Published: anyone's. A draft: only for who may see the meeting itself; 404 to
    everyone else, alike for "no summary" and "may not know".
    """
    summary = get_visible_or_404(
        user,
        PublicSummary.objects.select_related(
            "meeting__committee__district", "meeting__committee__building"
        ),
        meeting_id=meeting_pk,
    )
    if summary.published_at is None and not access.can(user, access.VIEW, summary.meeting):
        raise Http404("Not found.")
    # The public facts of the meeting come from its published notice, as the public reads it.
    notice = access.visible(None, MeetingNotice.objects.filter(meeting_id=meeting_pk)).first()
    return PublicMeeting(meeting=summary.meeting, notice=notice, summary=summary)


# How far back a calendar feed reaches; later meetings are all in it.
CALENDAR_PAST_DAYS = 180
CALENDAR_LIMIT = 500


def calendar_meetings(user, via: str | None = None) -> list[Meeting]:
    """The meetings on a member's private calendar, each with the agenda they may see.

    ``via`` (the feed): the restricted meetings and agenda items read go into the trail.
    """
    since = timezone.now() - datetime.timedelta(days=CALENDAR_PAST_DAYS)
    agenda = access.visible(user, AgendaItem.objects.all())
    meetings = access.visible(
        user,
        Meeting.objects.filter(starts_at__gte=since).select_related(
            "committee__building", "committee__district"
        ),
    ).prefetch_related(Prefetch("agenda_items", queryset=agenda, to_attr="visible_agenda"))
    meetings = list(meetings.order_by("starts_at")[:CALENDAR_LIMIT])
    if via is not None:
        read = [part for m in meetings for part in (m, *m.visible_agenda)]
        access.record_reads(user, read, via)
    return meetings


def public_notices(district: District, *, since=None):
    """Published notices of the district's meetings (the public reads these, not meetings)."""
    notices = access.visible(
        None, MeetingNotice.objects.filter(meeting__committee__district=district)
    ).select_related("meeting__committee__building")
    if since is not None:
        notices = notices.filter(meeting__starts_at__gte=since)
    return notices.order_by("meeting__starts_at")


def public_summaries(district: District):
    """Published meeting summaries of the district, newest meeting first."""
    return (
        access.visible(None, PublicSummary.objects.filter(meeting__committee__district=district))
        .select_related("meeting__committee__building", "meeting__notice")
        .order_by("-meeting__starts_at")
    )


# Where a district's latest summaries are looked for first: its meetings of the last
# quarter, read by each committee's index on its meetings' times. Asked of the whole
# history, PostgreSQL joined every meeting of the district to every summary of the state
# to show five (30 ms at statewide scale, more every year).
RECENT_SUMMARIES_DAYS = 92


def latest_public_summaries(district: District, n: int) -> list[PublicSummary]:
    """The published summaries of the district's ``n`` latest meetings that have one.
    Those of the last quarter are read first; only where it holds fewer than ``n`` is the
    whole history read, and then a quiet district's history is short."""
    summaries = public_summaries(district)
    since = timezone.now() - datetime.timedelta(days=RECENT_SUMMARIES_DAYS)
    latest = list(summaries.filter(meeting__starts_at__gte=since)[:n])
    if len(latest) < n:
        latest = list(summaries[:n])
    return latest


@dataclass
class PublicAgendaView:
    """A posted public agenda as the public reads it now: the items of its snapshot that
    are still public, each with those of its documents that still are (``documents``:
    dicts of the snapshot, each with its ``file``, the MeetingDocument)."""

    agenda: PublicAgenda
    items: list[dict]

    @property
    def documents(self) -> list[dict]:
        return [document for item in self.items for document in item["documents"]]


def public_agenda(district: District, meeting_pk: int) -> PublicAgendaView | None:
    """The meeting's posted public agenda, read through the gate, or None.

    The snapshot is not taken at its word: an item is shown only while it still exists
    with its own level public, and a document only while it still exists with its own
    level public on that item (a later change never leaks; a raised or removed one is
    gone at once). Three queries, however many items and documents.
    """
    agenda = access.visible(
        None,
        PublicAgenda.objects.filter(meeting_id=meeting_pk, meeting__committee__district=district),
    ).first()
    if agenda is None:
        return None
    not_restricted = [Level.PUBLIC, Level.COMMITTEE]  # a restricted meeting holds nothing public
    live = set(
        AgendaItem.objects.filter(
            pk__in=[item["id"] for item in agenda.items],
            meeting_id=agenda.meeting_id,
            meeting__visibility__in=not_restricted,
            visibility=Level.PUBLIC,
        ).values_list("pk", flat=True)
    )
    files = {
        document.pk: document
        for document in MeetingDocument.objects.filter(
            pk__in=agenda.document_ids,
            meeting_id=agenda.meeting_id,
            agenda_item_id__in=live,
            visibility=Level.PUBLIC,
        )
    }
    items = []
    for item in agenda.items:
        if item["id"] not in live:
            continue
        documents = []
        for document in item.get("documents", []):
            found = files.get(document["id"])
            if found is not None and found.agenda_item_id == item["id"]:
                documents.append({**document, "file": found})
        items.append({**item, "documents": documents})
    return PublicAgendaView(agenda=agenda, items=items)


def public_agenda_document(district: District, meeting_pk: int, pk: int) -> MeetingDocument:
    """One document of a posted public agenda, while it is still public; 404 otherwise."""
    agenda = public_agenda(district, meeting_pk)
    for document in agenda.documents if agenda is not None else []:
        if document["id"] == pk:
            return document["file"]
    raise Http404("Not found.")


@dataclass
class PublicMeeting:
    """What the public may know of one meeting: its notice, its summary, or both; and
    its public agenda once posted."""

    meeting: Meeting
    notice: MeetingNotice | None
    summary: PublicSummary | None
    agenda: PublicAgendaView | None = None
    minutes: PublicMinutes | None = None


def public_minutes_of(district: District):
    """Published public minutes of the district's meetings."""
    return access.visible(
        None, PublicMinutes.objects.filter(meeting__committee__district=district)
    ).select_related("meeting__committee__building")


def public_meeting(district: District, pk: int) -> PublicMeeting:
    """404 unless the meeting has a published notice, summary or public minutes."""
    notice = public_notices(district).filter(meeting_id=pk).first()
    summary = public_summaries(district).filter(meeting_id=pk).first()
    minutes = public_minutes_of(district).filter(meeting_id=pk).first()
    if notice is None and summary is None and minutes is None:
        raise Http404("Not found.")
    meeting = (notice or summary or minutes).meeting
    agenda = public_agenda(district, pk) if notice is not None else None
    return PublicMeeting(
        meeting=meeting, notice=notice, summary=summary, agenda=agenda, minutes=minutes
    )


def public_notice(district: District, pk: int) -> MeetingNotice:
    """The meeting's published notice; 404 when there is none."""
    notice = public_notices(district).filter(meeting_id=pk).first()
    if notice is None:
        raise Http404("Not found.")
    return notice


def restricted_text(committee: Committee, since: datetime.datetime) -> Iterable[str]:
    """The restricted words of a committee's meetings since ``since``: for the redaction guard."""
    recent = {"meeting__committee": committee, "meeting__starts_at__gte": since}
    for heading, body, documents in MinutesSection.objects.filter(
        visibility=Level.RESTRICTED, **recent
    ).values_list("heading", "body", "documents"):
        yield from (heading, body, documents)
    yield from AgendaItem.objects.filter(visibility=Level.RESTRICTED, **recent).values_list(
        "title", flat=True
    )
    yield from MeetingDocument.objects.filter(visibility=Level.RESTRICTED, **recent).values_list(
        "title", flat=True
    )
    for motion, note in Vote.objects.filter(
        section__visibility=Level.RESTRICTED,
        section__meeting__committee=committee,
        section__meeting__starts_at__gte=since,
    ).values_list("motion", "note"):
        yield from (motion, note)
