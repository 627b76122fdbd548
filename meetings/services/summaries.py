"""What the public reads of a meeting: its summary and its notice, each through four eyes.

A summary is drafted, then published by someone else with publish rights once the
redaction guard finds nothing; a published summary or a notice changes only through a
proposal another person approves (``committees.services.public_text``).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from committees import access, public_cache, redaction, workflow
from committees.access import Cap
from committees.models import Level, PublicTextChange
from committees.services.public_text import (
    public_text_propose,
    publishers_of,
    review_resubmitted,
    review_send_back,
)
from meetings.models import Meeting, PublicSummary, RollCall, Vote
from meetings.services.common import require_started
from notifications import services as notifications
from notifications.models import Kind

__all__ = [
    "WITHHELD_MOTION",
    "meeting_notice_propose",
    "summary_correct",
    "summary_publish",
    "summary_review",
    "summary_save",
    "summary_send_back",
    "summary_withdraw",
]


@transaction.atomic
def summary_save(*, meeting: Meeting, text: str, by) -> tuple[PublicSummary, list]:
    """Write or rewrite the draft; returns it with what the guard would say now."""
    if by is not None and not access.can(by, Cap.DRAFT_PUBLIC_UPDATE, meeting):
        raise PermissionDenied("You may not draft this committee's public texts.")
    require_started(meeting, _("A public summary is written once the meeting has started."))
    if not text.strip():
        raise ValidationError({"text": _("Write the summary.")})
    summary = PublicSummary.objects.select_for_update().filter(meeting=meeting).first()
    if summary is not None and summary.published_at is not None:
        raise ValidationError(_("This summary is published: correct it instead."))
    summary = summary or PublicSummary(meeting=meeting)
    summary.text = text.strip()
    summary.written_by = by
    # Submitted again after a send-back: the comment is answered; the reviewers are told anew.
    sent_back_by_id = summary.sent_back_by_id
    resubmitted = bool(workflow.sent_back_clear(summary))
    summary.save()
    told = _tell_reviewers(summary, by, again=resubmitted)
    if resubmitted and not told:
        # Nobody but its author publishes here (a committee without a building, whose
        # district administrator sent it back): the reviewer who sent it back is told.
        review_resubmitted(record=summary, sent_back_by_id=sent_back_by_id, by=by)
    return summary, redaction.check(committee=meeting.committee, text=summary.text)


def _tell_reviewers(summary: PublicSummary, by, *, again: bool = False) -> list[int]:
    period = f"summary-{summary.pk}"
    if again:
        period += f"-{int(datetime.datetime.now(datetime.UTC).timestamp())}"
    return notifications.notify(
        recipients=publishers_of(summary.meeting.committee),
        kind=Kind.SUMMARY_REVIEW,
        subject=summary,
        period=period,
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
    require_started(
        summary.meeting, _("A public summary is published once the meeting has started.")
    )
    if summary.sent_back_at is not None:
        raise ValidationError(
            _("This summary was sent back to its author; it is reviewed once they save it again.")
        )
    if summary.written_by_id == by.pk:
        raise ValidationError(
            _(
                "You wrote this summary; someone else with publish rights must review and "
                "publish it (four eyes)."
            )
        )
    record, findings = summary_review(summary=summary)
    if findings:
        raise ValidationError(
            _("Publication is blocked until these are rewritten: %(findings)s")
            % {"findings": "; ".join(str(finding) for finding in findings)}
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


def summary_send_back(*, summary: PublicSummary, by, comment: str) -> PublicSummary:
    """A reviewer returns the draft to its author with a comment (the author is told)."""
    return review_send_back(record=summary, by=by, comment=comment)


@transaction.atomic
def summary_correct(*, summary: PublicSummary, text: str, by) -> PublicTextChange | None:
    """Propose a correction of a published summary; the public reads the old text until
    someone else with publish rights approves it, and then "updated on" (four eyes)."""
    summary = PublicSummary.objects.select_for_update().select_related("meeting").get(pk=summary.pk)
    if summary.published_at is None:
        raise ValidationError(_("Only a published summary is corrected; edit the draft instead."))
    if not text.strip():
        raise ValidationError({"text": _("Write the summary.")})
    return public_text_propose(
        kind=PublicTextChange.Kind.SUMMARY, record=summary, texts={"text": text}, by=by
    )


@transaction.atomic
def summary_withdraw(*, summary: PublicSummary, by, reason: str) -> PublicSummary:
    """Take a published summary off every public page, feed and cache at once."""
    if not access.can(by, Cap.PUBLISH_PUBLIC_UPDATE, summary.meeting):
        raise PermissionDenied("You may not withdraw this committee's public texts.")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is withdrawn (kept for the record).")})
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
    """What the public record says of a meeting's votes.

    An executive session's: that it met, its purpose, its votes. Open meeting laws want
    the votes public even when the discussion is not; each vote shows its public
    wording, written for that purpose, never the motion. Any meeting's public votes (of
    a public section of a public meeting) show their roll call, by name.
    """
    votes = (
        Vote.objects.filter(section__meeting=meeting)
        .select_related("section__meeting")
        .prefetch_related(
            Prefetch("roll", queryset=RollCall.objects.select_related("membership__user"))
        )
        .order_by("section__order", "id")
    )
    if meeting.kind != Meeting.Kind.EXECUTIVE:
        rolls = [(vote, _public_roll(vote)) for vote in votes]
        public = [_tally(vote, vote.motion) | roll for vote, roll in rolls if roll]
        return {"votes": public} if public else {}
    return {
        "purpose": meeting.public_purpose,
        "votes": [
            _tally(vote, vote.public_motion or WITHHELD_MOTION) | _public_roll(vote)
            for vote in votes
        ],
    }


def _tally(vote: Vote, motion: str) -> dict:
    return {
        "motion": motion,
        "result": vote.get_result_display(),
        "yes": vote.yes,
        "no": vote.no,
        "abstain": vote.abstain,
    }


def _public_roll(vote: Vote) -> dict:
    """A public vote's roll, by name; nothing of a vote kept at the committee's level or
    restricted (names on a restricted vote's roll are restricted)."""
    if access.effective_level(vote) != Level.PUBLIC or not vote.roll.all():
        return {}
    return {
        "roll": [
            {"name": entry.membership.user.display_name, "choice": entry.choice}
            for entry in vote.roll.all()
        ]
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
        raise ValidationError(_("This meeting is cancelled; there is nothing to announce."))
    title, place, purpose = title.strip(), place.strip(), purpose.strip()
    if not title:
        raise ValidationError({"title": _("Give the meeting a public title.")})
    if meeting.kind == Meeting.Kind.EXECUTIVE and not purpose:
        raise ValidationError(
            {"purpose": _("An executive session's notice states its purpose in general terms.")}
        )
    return public_text_propose(
        kind=PublicTextChange.Kind.NOTICE,
        record=meeting,
        texts={"title": title, "place": place, "purpose": purpose},
        by=by,
    )
