"""How meetings join the core's registries, called once from ``MeetingsConfig.ready()``.

The core (committees) imports nothing of this app: its redaction guard, its four-eyes
public texts, its committee page and "My committees" each keep a registry that features
append to.
"""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse

from committees import hooks, redaction, workflow
from committees.access import Cap
from committees.models import PublicTextChange
from committees.services import public_text
from meetings import selectors
from meetings.models import Meeting, MeetingNotice, PublicSummary

NOTICE_FIELDS = ("title", "place", "purpose")


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _apply_summary(summary: PublicSummary, change: PublicTextChange, by) -> None:
    summary.text, summary.corrected_at = change.texts["text"], _now()
    summary.save(update_fields=["text", "corrected_at", "updated_at"])


def _current_notice(meeting: Meeting, language: str) -> dict[str, str]:
    notice = MeetingNotice.objects.filter(meeting=meeting).first()
    if notice is None:
        return dict.fromkeys(NOTICE_FIELDS, "")
    return public_text.texts_of(notice, *NOTICE_FIELDS)


def _apply_notice(meeting: Meeting, change: PublicTextChange, by) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting is cancelled; there is nothing to announce.")
    notice = MeetingNotice.objects.filter(meeting=meeting).first() or MeetingNotice(meeting=meeting)
    notice.title, notice.place, notice.purpose = (change.texts[f] for f in NOTICE_FIELDS)
    notice.published_by = by
    notice.published_at = notice.published_at or _now()
    notice.save()


SUMMARY = public_text.PublicText(
    model=PublicSummary,
    fields=("text",),
    propose_cap=Cap.DRAFT_PUBLIC_UPDATE,
    current=lambda summary, _lang: public_text.texts_of(summary, "text"),
    apply=_apply_summary,
    page=("meetings:meeting", lambda record: record.meeting_id),
    level=lambda summary: summary.meeting.visibility,
)
NOTICE = public_text.PublicText(
    model=Meeting,
    fields=NOTICE_FIELDS,
    propose_cap=Cap.DRAFT_PUBLIC_UPDATE,
    current=_current_notice,
    apply=_apply_notice,
    page=("meetings:meeting", lambda record: record.pk),
    level=lambda meeting: meeting.visibility,
)


SUMMARY_REVIEW = public_text.Returnable(
    author=lambda summary: summary.written_by_id,
    waiting=lambda summary: summary.published_at is None and summary.sent_back_at is None,
    mark=lambda summary, by, comment: workflow.sent_back_mark(summary, by=by, comment=comment),
    page=lambda summary: reverse("meetings:summary_edit", args=[summary.meeting_id]),
    noun="a public summary",
    level=lambda summary: summary.meeting.visibility,
)


def _append(registry: list, entry) -> None:
    if entry not in registry:
        registry.append(entry)


def register() -> None:
    _append(redaction.RESTRICTED_TEXT, selectors.restricted_text)
    public_text.KINDS[PublicTextChange.Kind.SUMMARY] = SUMMARY
    public_text.KINDS[PublicTextChange.Kind.NOTICE] = NOTICE
    public_text.RETURNABLE[PublicSummary] = SUMMARY_REVIEW
    _append(hooks.COMMITTEE_LINKS, hooks.CommitteeLink(label="Meetings", url_name="meetings:list"))
    _append(
        hooks.COMMITTEE_LINKS,
        hooks.CommitteeLink(label="Standing agenda", url_name="meetings:agenda_template"),
    )
