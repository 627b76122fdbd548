"""Minutes for the public, and the release review of an executive session's minutes.

Public minutes of a regular meeting are prepared from its approved minutes: the sections
of committee or public level, each restricted section replaced by a "withheld" mark (no
heading, no word of it). An executive session's minutes stay closed until a reviewer
(cleared for restricted, with publish rights) releases them; its public minutes are then
written on their own, never from the restricted sections. Either way the redaction guard
reads them and a second person with publish rights publishes them (four eyes); a
withdrawal takes them off the public page at once.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from committees import access, public_cache, redaction
from committees.access import Cap
from committees.models import Level
from committees.services.public_text import publishers_of
from meetings.models import (
    Meeting,
    MinutesReleaseDecision,
    MinutesSection,
    PublicMinutes,
    Vote,
)
from notifications import services as notifications
from notifications.models import Kind

__all__ = [
    "WITHHELD",
    "is_release_reviewer",
    "minutes_release_decide",
    "public_minutes_check",
    "public_minutes_prepare",
    "public_minutes_publish",
    "public_minutes_save",
    "public_minutes_withdraw",
]

# A part of the public minutes that stands for a restricted section.
WITHHELD = {"withheld": True}


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _require_drafter(by, meeting: Meeting) -> None:
    if by is None:
        return
    if not (
        access.can(by, access.VIEW, meeting) and access.can(by, Cap.DRAFT_PUBLIC_UPDATE, meeting)
    ):
        raise PermissionDenied("You may not prepare this committee's public minutes.")


def is_release_reviewer(user, meeting: Meeting) -> bool:
    """Who reviews an executive session's minutes for release: whoever sees the meeting,
    is cleared for the committee's restricted records and may publish its public texts
    (a cleared chair or co-chair, the building's and the district's administrators)."""
    return (
        access.can(user, access.VIEW, meeting)
        and access.can(user, Cap.VIEW_RESTRICTED, meeting)
        and access.can(user, Cap.PUBLISH_PUBLIC_UPDATE, meeting)
    )


def _draft_level(meeting: Meeting) -> str:
    """A draft is read at the meeting's own level (restricted for an executive session)."""
    return meeting.default_level


def _parts_from_minutes(meeting: Meeting) -> list[dict]:
    """The approved minutes' sections as the public may read them: committee and public
    ones as written (their votes' motions and tallies after them), a mark for each
    restricted one. The level decided is the gate's, along the chain."""
    sections = list(
        MinutesSection.objects.filter(meeting=meeting)
        .select_related("meeting")
        .order_by("order", "id")
    )
    votes: dict[int, list[Vote]] = {}
    for vote in Vote.objects.filter(section__meeting=meeting).order_by("id"):
        votes.setdefault(vote.section_id, []).append(vote)
    parts = []
    for section in sections:
        if access.effective_level(section) == Level.RESTRICTED:
            parts.append(dict(WITHHELD))
            continue
        body = section.body.strip()
        for vote in votes.get(section.pk, []):
            line = _("Motion: %(motion)s: %(result)s (%(yes)s–%(no)s–%(abstain)s).") % {
                "motion": vote.motion,
                "result": vote.get_result_display().lower(),
                "yes": vote.yes,
                "no": vote.no,
                "abstain": vote.abstain,
            }
            body = f"{body}\n\n{line}" if body else line
        parts.append({"heading": section.heading, "body": body})
    return parts


def _clean_parts(parts: list[dict]) -> list[dict]:
    cleaned = []
    for part in parts:
        if part.get("withheld"):
            cleaned.append(dict(WITHHELD))
            continue
        heading = str(part.get("heading") or "").strip()[:200]
        body = str(part.get("body") or "").strip()
        if heading or body:
            cleaned.append({"heading": heading, "body": body})
    return cleaned


@transaction.atomic
def public_minutes_prepare(*, meeting: Meeting, by, again: bool = False) -> PublicMinutes:
    """Start the public minutes of a meeting from its approved minutes (or, ``again``,
    start the draft over from the minutes as approved now)."""
    _require_drafter(by, meeting)
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    if meeting.kind == Meeting.Kind.EXECUTIVE:
        raise ValidationError(
            _("An executive session's minutes are released only by a review, written on their own.")
        )
    if meeting.minutes_approved_at is None:
        raise ValidationError(_("Public minutes are prepared from approved minutes."))
    minutes = PublicMinutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is not None and minutes.published_at is not None:
        raise ValidationError(_("These public minutes are published: withdraw them first."))
    if minutes is not None and not again:
        return minutes
    minutes = minutes or PublicMinutes(meeting=meeting)
    minutes.source = PublicMinutes.Source.MINUTES
    minutes.parts = _parts_from_minutes(meeting)
    minutes.minutes_revision = meeting.minutes_revision
    minutes.visibility = _draft_level(meeting)
    minutes.written_by = by
    minutes.save()
    return minutes


@transaction.atomic
def public_minutes_save(*, minutes: PublicMinutes, parts: list[dict], by) -> tuple:
    """Rewrite the draft (redact more, write a release); returns it with what the guard
    says now. The reviewers are asked to publish it."""
    _require_drafter(by, minutes.meeting)
    if by is not None and not access.can(by, access.VIEW, minutes):
        raise PermissionDenied("You may not prepare this committee's public minutes.")
    minutes = (
        PublicMinutes.objects.select_for_update(of=("self",))
        .select_related("meeting__committee__district")
        .get(pk=minutes.pk)
    )
    if minutes.published_at is not None:
        raise ValidationError(_("These public minutes are published: withdraw them first."))
    parts = _clean_parts(parts)
    if not any(not part.get("withheld") for part in parts):
        raise ValidationError(_("Write at least one section the public may read."))
    minutes.parts = parts
    minutes.written_by = by
    minutes.save(update_fields=["parts", "written_by", "updated_at"])
    if by is not None:
        notifications.notify(
            recipients=publishers_of(minutes.meeting.committee),
            kind=Kind.PUBLIC_MINUTES_REVIEW,
            subject=minutes,
            period=f"m{_now().timestamp()}",
            by=by,
        )
    return minutes, public_minutes_check(minutes=minutes)


def public_minutes_check(*, minutes: PublicMinutes) -> list:
    """What the redaction guard finds: the committee's restricted text of the year and the
    district's forbidden terms, and, for an executive session, its own restricted minutes
    whatever their age."""
    meeting = minutes.meeting
    findings = redaction.check(committee=meeting.committee, text=minutes.text)
    if meeting.kind == Meeting.Kind.EXECUTIVE:
        own = [
            text
            for row in MinutesSection.objects.filter(meeting=meeting).values_list(
                "heading", "body", "documents"
            )
            for text in row
        ]
        seen = {str(finding) for finding in findings}
        findings += [f for f in redaction.overlaps(minutes.text, own) if str(f) not in seen]
    return findings


@transaction.atomic
def public_minutes_publish(*, minutes: PublicMinutes, by) -> PublicMinutes:
    """Publish: a second person with publish rights, once the guard finds nothing."""
    meeting = minutes.meeting
    if not (
        access.can(by, access.VIEW, minutes) and access.can(by, Cap.PUBLISH_PUBLIC_UPDATE, meeting)
    ):
        raise PermissionDenied("You may not publish this committee's public texts.")
    minutes = (
        PublicMinutes.objects.select_for_update(of=("self",))
        .select_related("meeting__committee__district")
        .get(pk=minutes.pk)
    )
    if minutes.published_at is not None:
        return minutes
    if minutes.written_by_id == by.pk:
        raise ValidationError(
            _(
                "You prepared these public minutes; someone else with publish rights must "
                "review and publish them (four eyes)."
            )
        )
    if not any(not part.get("withheld") for part in minutes.parts):
        raise ValidationError(_("Write at least one section the public may read."))
    if (
        minutes.source == PublicMinutes.Source.MINUTES
        and minutes.meeting.minutes_approved_at is None
    ):
        raise ValidationError(_("The minutes changed since: they are approved again first."))
    findings = public_minutes_check(minutes=minutes)
    if findings:
        raise ValidationError(
            _("Publication is blocked until these are rewritten: %(findings)s")
            % {"findings": "; ".join(str(finding) for finding in findings)}
        )
    minutes.visibility = Level.PUBLIC
    minutes.published_by, minutes.published_at = by, _now()
    minutes.withdrawn_at, minutes.withdrawn_by, minutes.withdrawal_reason = None, None, ""
    minutes.save(
        update_fields=[
            "visibility",
            "published_by",
            "published_at",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawal_reason",
        ]
    )
    public_cache.bump_on_commit(minutes.meeting.committee.district_id)
    return minutes


@transaction.atomic
def public_minutes_withdraw(*, minutes: PublicMinutes, by, reason: str) -> PublicMinutes:
    """Take published minutes off the public page at once; they return to a draft at the
    meeting's level, to be corrected and published again by a second person."""
    if not access.can(by, Cap.PUBLISH_PUBLIC_UPDATE, minutes.meeting):
        raise PermissionDenied("You may not withdraw this committee's public texts.")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is withdrawn (kept for the record).")})
    minutes = (
        PublicMinutes.objects.select_for_update(of=("self",))
        .select_related("meeting__committee")
        .get(pk=minutes.pk)
    )
    if minutes.published_at is None:
        return minutes
    minutes.visibility = _draft_level(minutes.meeting)
    minutes.published_at, minutes.published_by = None, None
    minutes.withdrawn_at, minutes.withdrawn_by = _now(), by
    minutes.withdrawal_reason = reason.strip()[:300]
    minutes.save(
        update_fields=[
            "visibility",
            "published_at",
            "published_by",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawal_reason",
            "updated_at",
        ]
    )
    public_cache.bump_on_commit(minutes.meeting.committee.district_id)
    return minutes


@transaction.atomic
def minutes_release_decide(
    *,
    meeting: Meeting,
    decision: str,
    by,
    reason: str = "",
    next_review_on: datetime.date | None = None,
) -> MinutesReleaseDecision:
    """Record a review of an executive session's minutes.

    Keep closed: why (restricted, on the record) and the next review day, which becomes
    the meeting's. Release: the meeting's public minutes start empty, to be written on
    their own, checked by the guard and published by a second person. ``by`` None is
    the system (the demo).
    """
    if by is not None and not is_release_reviewer(by, meeting):
        raise PermissionDenied("You may not review this committee's executive minutes.")
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("committee__district")
        .get(pk=meeting.pk)
    )
    if meeting.kind != Meeting.Kind.EXECUTIVE:
        raise ValidationError(_("Only an executive session's minutes are reviewed for release."))
    if meeting.minutes_approved_at is None and meeting.minutes_revision == 1:
        raise ValidationError(_("These minutes are not approved yet."))
    if PublicMinutes.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("These minutes are already released."))
    reason = reason.strip()
    if decision == MinutesReleaseDecision.Decision.KEEP_CLOSED:
        today = access.district_today(meeting.committee.district)
        if not reason:
            raise ValidationError({"reason": _("Say why the minutes stay closed.")})
        if next_review_on is None or next_review_on <= today:
            raise ValidationError(
                {"next_review_on": _("Give the day of the next review, after today.")}
            )
        meeting.minutes_review_on = next_review_on
    elif decision == MinutesReleaseDecision.Decision.RELEASE:
        next_review_on = None
        meeting.minutes_review_on = None
        PublicMinutes.objects.create(
            meeting=meeting,
            source=PublicMinutes.Source.RELEASE,
            parts=[],
            visibility=_draft_level(meeting),
            written_by=by,
        )
    else:
        raise ValidationError({"decision": _("Choose to keep the minutes closed or release them.")})
    meeting.save(update_fields=["minutes_review_on"])
    return MinutesReleaseDecision.objects.create(
        meeting=meeting,
        decision=decision,
        reason=reason,
        next_review_on=next_review_on,
        visibility=Level.RESTRICTED,
        decided_by=by,
    )
