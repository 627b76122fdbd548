"""Meetings: scheduling from the agenda template, changes on record, attendance, minutes."""

import datetime
import secrets
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from committees import access, public_cache, redaction
from committees.access import Cap
from committees.models import Committee, Membership, PublicTextChange
from committees.services.public_text import public_text_propose, publishers_of
from meetings.models import (
    AgendaItem,
    AgendaTemplateItem,
    Attendance,
    CalendarToken,
    Guest,
    Meeting,
    MeetingChange,
    MinutesSection,
    MinutesSectionRevision,
    PublicSummary,
    Vote,
)
from notifications import services as notifications
from notifications.models import Kind

__all__ = [
    "MEETING_FIELDS",
    "agenda_item_add",
    "agenda_item_edit",
    "agenda_item_move",
    "agenda_item_remove",
    "agenda_template_item_add",
    "agenda_template_item_edit",
    "agenda_template_item_move",
    "agenda_template_item_remove",
    "attendance_record",
    "calendar_token_get",
    "calendar_token_reset",
    "WITHHELD_MOTION",
    "meeting_cancel",
    "meeting_change",
    "meeting_notice_propose",
    "meeting_schedule",
    "members_in_force",
    "minutes_approve",
    "minutes_section_add",
    "minutes_section_edit",
    "summary_correct",
    "summary_publish",
    "summary_review",
    "summary_save",
    "summary_withdraw",
    "quorum_of",
    "vote_record",
]

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


def _require(by, obj) -> None:
    """``by`` None is the system itself (seed, tasks).

    A meeting is written only by someone who records meetings and may see it: an
    uncleared secretary does not touch a restricted executive session's parts.
    """
    if by is None:
        return
    if not access.can(by, Cap.RECORD_MEETINGS, obj):
        raise PermissionDenied("You may not record this committee's meetings.")
    if isinstance(obj, Meeting) and not access.can(by, access.VIEW, obj):
        raise PermissionDenied("You may not record this committee's meetings.")


def _next_order(rows) -> int:
    """The place after the last of a meeting's agenda items or minutes sections."""
    return (rows.aggregate(n=Max("order"))["n"] or 0) + 1


def _jsonable(value):
    return value.isoformat() if isinstance(value, datetime.date | datetime.datetime) else value


def _validate(meeting: Meeting) -> None:
    meeting.full_clean()
    if not meeting.location.strip() and not meeting.video_link:
        raise ValidationError({"location": "Give a place or a video link."})
    if meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": "The meeting must end after it starts."})
    if meeting.kind == Meeting.Kind.EXECUTIVE and not meeting.public_purpose.strip():
        raise ValidationError(
            {"public_purpose": "An executive session needs its purpose in general terms."}
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
    _require(by, committee)
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
    _require(by, meeting)
    unknown = set(values) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} of a meeting.")
    if values.get("visibility") is None:
        values.pop("visibility", None)  # kept as it is
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting was cancelled; schedule a new one instead.")
    changes = {k: [_jsonable(getattr(meeting, k)), _jsonable(v)] for k, v in values.items()
               if getattr(meeting, k) != v}  # fmt: skip
    if not changes:
        return meeting
    for name in changes:
        setattr(meeting, name, values[name])
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
    _require(by, meeting)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the meeting is cancelled."})
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


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, title: str, by, presenter: str = "", minutes: int = 10, visibility=None
) -> AgendaItem:
    _require(by, meeting)
    order = _next_order(meeting.agenda_items)
    item = AgendaItem(
        meeting=meeting,
        order=order,
        title=title,
        presenter=presenter,
        minutes=minutes,
        visibility=visibility or meeting.default_level,
    )
    item.full_clean()
    access.check_level(item)
    item.save()
    return item


def _locked_agenda(item: AgendaItem, by) -> tuple[AgendaItem, list[AgendaItem]]:
    """``item`` as it stands now and its meeting's agenda, locked, in order.

    Checks ``by`` against the current row: an item one may not see cannot be changed
    either, whatever one's rights (and a stale copy of it does not say otherwise).
    """
    _require(by, item.meeting)
    rows = list(
        AgendaItem.objects.select_for_update()
        .filter(meeting_id=item.meeting_id)
        .order_by("order", "id")
    )
    current = next((row for row in rows if row.pk == item.pk), None)
    if current is None:
        raise ValidationError("This agenda item has been removed.")
    if by is not None and not access.can(by, access.VIEW, current):
        raise PermissionDenied("You may not change this agenda item.")
    return current, rows


def _moved(rows: list, row, direction: str, movable: set) -> list:
    """``rows`` with ``row`` swapped with its nearest ``movable`` neighbour in ``direction``.

    Only rows the person can see count as neighbours, so every press visibly moves the
    item; a row hidden from them keeps its place and is never moved by them.
    """
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "Move up or down."})
    at = next(n for n, r in enumerate(rows) if r.pk == row.pk)
    step = -1 if direction == "up" else 1
    n = at + step
    while 0 <= n < len(rows) and rows[n].pk not in movable:
        n += step
    if 0 <= n < len(rows):
        rows[at], rows[n] = rows[n], rows[at]
    return rows


def _renumber(model, rows: list) -> None:
    """Orders 1..n in list order, so they stay contiguous after a move or a removal."""
    changed = []
    for n, row in enumerate(rows, start=1):
        if row.order != n:
            row.order = n
            changed.append(row)
    model.objects.bulk_update(changed, ["order"])


@transaction.atomic
def agenda_item_edit(
    *, item: AgendaItem, by, title: str, presenter: str, minutes: int, visibility: str
) -> AgendaItem:
    """Change an agenda item. The agenda is planning: approved minutes stay as they are."""
    item, _rows = _locked_agenda(item, by)
    item.title, item.presenter, item.minutes, item.visibility = (
        title,
        presenter,
        minutes,
        visibility,
    )
    item.full_clean()
    access.check_level(item)
    item.save(update_fields=["title", "presenter", "minutes", "visibility"])
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, by) -> AgendaItem:
    """Swap the item with its neighbour above or below (as ``by`` sees the agenda)."""
    item, rows = _locked_agenda(item, by)
    agenda = AgendaItem.objects.filter(meeting_id=item.meeting_id)
    movable = agenda if by is None else access.visible(by, agenda)
    rows = _moved(rows, item, direction, set(movable.values_list("pk", flat=True)))
    _renumber(AgendaItem, rows)
    return next(r for r in rows if r.pk == item.pk)


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by) -> None:
    """Take an item off the agenda.

    Allowed even when minutes sections were written for it: the sections keep their
    heading and text and only lose the link (the foreign key is SET_NULL), so removing
    a planned item never changes what the minutes say.
    """
    item, rows = _locked_agenda(item, by)
    AgendaItem.objects.filter(pk=item.pk).delete()
    _renumber(AgendaItem, [r for r in rows if r.pk != item.pk])


@transaction.atomic
def agenda_template_item_add(
    *, committee: Committee, title: str, by, minutes: int = 10
) -> AgendaTemplateItem:
    """A standing item: copied onto meetings scheduled from now on, not onto existing ones."""
    _require(by, committee)
    rows = AgendaTemplateItem.objects.select_for_update().filter(committee=committee).order_by()
    order = max((row.order for row in rows), default=0) + 1
    standing = AgendaTemplateItem(committee=committee, order=order, title=title, minutes=minutes)
    standing.full_clean()
    standing.save()
    return standing


@transaction.atomic
def agenda_template_item_edit(
    *, standing: AgendaTemplateItem, by, title: str, minutes: int
) -> AgendaTemplateItem:
    _require(by, standing.committee)
    standing = AgendaTemplateItem.objects.select_for_update().get(pk=standing.pk)
    standing.title, standing.minutes = title, minutes
    standing.full_clean()
    standing.save(update_fields=["title", "minutes"])
    return standing


@transaction.atomic
def agenda_template_item_move(
    *, standing: AgendaTemplateItem, direction: str, by
) -> AgendaTemplateItem:
    _require(by, standing.committee)
    rows = list(
        AgendaTemplateItem.objects.select_for_update()
        .filter(committee_id=standing.committee_id)
        .order_by("order", "id")
    )
    rows = _moved(rows, standing, direction, {r.pk for r in rows})
    _renumber(AgendaTemplateItem, rows)
    return next(r for r in rows if r.pk == standing.pk)


@transaction.atomic
def agenda_template_item_remove(*, standing: AgendaTemplateItem, by) -> None:
    """Drop a standing item; meetings already scheduled keep their copy of it."""
    _require(by, standing.committee)
    rows = list(
        AgendaTemplateItem.objects.select_for_update()
        .filter(committee_id=standing.committee_id)
        .order_by("order", "id")
    )
    AgendaTemplateItem.objects.filter(pk=standing.pk).delete()
    _renumber(AgendaTemplateItem, [r for r in rows if r.pk != standing.pk])


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
    _require(by, meeting)
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
    _require(by, meeting)
    _reopen(meeting)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "That agenda item belongs to another meeting."})
    order = _next_order(meeting.sections)
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
    _require(by, section.meeting)
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


@transaction.atomic
def summary_save(*, meeting: Meeting, text: str, by) -> tuple[PublicSummary, list]:
    """Write or rewrite the draft; returns it with what the guard would say now."""
    if by is not None and not access.can(by, Cap.DRAFT_PUBLIC_UPDATE, meeting):
        raise PermissionDenied("You may not draft this committee's public texts.")
    if not text.strip():
        raise ValidationError({"text": "Write the summary."})
    summary = PublicSummary.objects.select_for_update().filter(meeting=meeting).first()
    if summary is not None and summary.published_at is not None:
        raise ValidationError("This summary is published: correct it instead.")
    summary = summary or PublicSummary(meeting=meeting)
    summary.text = text.strip()
    summary.written_by = by
    summary.save()
    _tell_reviewers(summary, by)
    return summary, redaction.check(committee=meeting.committee, text=summary.text)


def _tell_reviewers(summary: PublicSummary, by) -> None:
    notifications.notify(
        recipients=publishers_of(summary.meeting.committee),
        kind=Kind.SUMMARY_REVIEW,
        subject=summary,
        period=f"summary-{summary.pk}",
        by=by,
    )


@transaction.atomic
def summary_publish(*, summary: PublicSummary, by) -> PublicSummary:
    """Publish: by a second person with publish rights, and only if the guard finds nothing."""
    if not access.can(by, Cap.PUBLISH_PUBLIC_UPDATE, summary.meeting):
        raise PermissionDenied("You may not publish this committee's public texts.")
    summary = (
        PublicSummary.objects.select_for_update()
        .select_related("meeting__committee")
        .get(pk=summary.pk)
    )
    if summary.published_at is not None:
        return summary
    if summary.written_by_id == by.pk:
        raise ValidationError(
            "You wrote this summary; someone else with publish rights must review and "
            "publish it (four eyes)."
        )
    record, findings = summary_review(summary=summary)
    if findings:
        raise ValidationError(
            "Publication is blocked until these are rewritten: "
            + "; ".join(str(finding) for finding in findings)
        )
    public_cache.bump_on_commit(summary.meeting.committee.district_id)
    summary.record = record
    summary.published_by = by
    summary.published_at = datetime.datetime.now(datetime.UTC)
    summary.withdrawn_at, summary.withdrawn_by, summary.withdrawal_reason = None, None, ""
    summary.save(
        update_fields=[
            "record",
            "published_by",
            "published_at",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawal_reason",
        ]
    )
    return summary


@transaction.atomic
def summary_correct(*, summary: PublicSummary, text: str, by) -> PublicTextChange | None:
    """Propose a correction of a published summary; the public reads the old text until
    someone else with publish rights approves it, and then "updated on" (four eyes)."""
    summary = PublicSummary.objects.select_for_update().select_related("meeting").get(pk=summary.pk)
    if summary.published_at is None:
        raise ValidationError("Only a published summary is corrected; edit the draft instead.")
    if not text.strip():
        raise ValidationError({"text": "Write the summary."})
    return public_text_propose(
        kind=PublicTextChange.Kind.SUMMARY, record=summary, texts={"text": text}, by=by
    )


@transaction.atomic
def summary_withdraw(*, summary: PublicSummary, by, reason: str) -> PublicSummary:
    """Take a published summary off every public page, feed and cache at once."""
    if not access.can(by, Cap.PUBLISH_PUBLIC_UPDATE, summary.meeting):
        raise PermissionDenied("You may not withdraw this committee's public texts.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why it is withdrawn (kept for the record)."})
    summary = (
        PublicSummary.objects.select_for_update()
        .select_related("meeting__committee")
        .get(pk=summary.pk)
    )
    if summary.published_at is None:
        return summary
    summary.published_at, summary.published_by = None, None
    summary.withdrawn_at, summary.withdrawn_by = datetime.datetime.now(datetime.UTC), by
    summary.withdrawal_reason = reason.strip()
    summary.save(
        update_fields=[
            "published_at",
            "published_by",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawal_reason",
            "updated_at",
        ]
    )
    public_cache.bump_on_commit(summary.meeting.committee.district_id)
    return summary


def summary_review(*, summary: PublicSummary) -> tuple[dict, list]:
    """What publishing would make public besides the text, and what the guard finds."""
    record = _public_record(summary.meeting)
    public_text = "\n".join(
        [summary.text, record.get("purpose", "")]
        + [vote["motion"] for vote in record.get("votes", [])]
    )
    return record, redaction.check(committee=summary.meeting.committee, text=public_text)


# What the public record of an executive session says of a motion with no public wording.
WITHHELD_MOTION = "A motion recorded in the confidential minutes"


def _public_record(meeting: Meeting) -> dict:
    """An executive session's public record: that it met, its purpose, its votes.

    Open meeting laws want the votes public even when the discussion is not; each
    vote shows its public wording, written for that purpose, never the motion.
    """
    if meeting.kind != Meeting.Kind.EXECUTIVE:
        return {}
    votes = Vote.objects.filter(section__meeting=meeting).order_by("section__order", "id")
    return {
        "purpose": meeting.public_purpose,
        "votes": [
            {
                "motion": vote.public_motion or WITHHELD_MOTION,
                "result": vote.get_result_display(),
                "yes": vote.yes,
                "no": vote.no,
                "abstain": vote.abstain,
            }
            for vote in votes
        ],
    }


@transaction.atomic
def meeting_notice_propose(
    *, meeting: Meeting, title: str, by, place: str = "", purpose: str = ""
) -> PublicTextChange | None:
    """Propose the public announcement of a meeting, or a correction of it.

    A notice says when and where in general terms. Like every public word it goes
    out only when someone else with publish rights approves it, after the guard
    (committees/services/public_text.py); until then the public reads the old notice.
    """
    meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting is cancelled; there is nothing to announce.")
    title, place, purpose = title.strip(), place.strip(), purpose.strip()
    if not title:
        raise ValidationError({"title": "Give the meeting a public title."})
    if meeting.kind == Meeting.Kind.EXECUTIVE and not purpose:
        raise ValidationError(
            {"purpose": "An executive session's notice states its purpose in general terms."}
        )
    return public_text_propose(
        kind=PublicTextChange.Kind.NOTICE,
        record=meeting,
        texts={"title": title, "place": place, "purpose": purpose},
        by=by,
    )


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
    _require(by, section.meeting)
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
    _require(by, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_approved_at is not None:
        return meeting
    if not meeting.sections.exists():
        raise ValidationError("There are no minutes to approve yet.")
    meeting.minutes_approved_at = datetime.datetime.now(datetime.UTC)
    meeting.minutes_approved_by = by
    meeting.save(update_fields=["minutes_approved_at", "minutes_approved_by"])
    return meeting


def calendar_token_get(*, user) -> CalendarToken:
    """The person's private calendar address, made on first use."""
    token, _created = CalendarToken.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token


@transaction.atomic
def calendar_token_reset(*, user) -> CalendarToken:
    """A new secret: the old address stops working at once (a lost phone, a shared link)."""
    token = calendar_token_get(user=user)
    token.token = secrets.token_urlsafe(32)
    token.save(update_fields=["token", "created_at"])
    return token
