"""Four eyes on every public word: a public text is proposed, then approved by another.

A correction of a published update or summary, a translation of a published update,
a meeting notice, a milestone's or a procedure's public title is held as a
``PublicTextChange`` while the public keeps reading the text as it was. Someone else
with publish rights approves it: the redaction guard reads it again (restricted text
may have been written since), the text is applied and every cached public page of
the district is dropped, in one transaction. The services that edit those records
call ``public_text_propose`` instead of writing the public field themselves.

``by`` None is the system (seed, migrations of data): its text applies at once.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from committees import access, public_cache, redaction
from committees.access import Cap
from committees.models import Committee, Level, Membership, Position, PublicTextChange
from notifications import services as notifications
from notifications.models import Kind as NotificationKind

__all__ = [
    "RETURNABLE",
    "Returnable",
    "apply_public_title",
    "public_text_approve",
    "public_text_decline",
    "public_text_propose",
    "review_resubmitted",
    "review_send_back",
]

Kind = PublicTextChange.Kind


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


@dataclass(frozen=True)
class PublicText:
    """One kind of public text: its record, its fields, who proposes, how it applies."""

    model: type[models.Model]
    fields: tuple[str, ...]
    propose_cap: Cap
    # What the public reads now, field by field ("" where nothing is public yet).
    current: Callable[[models.Model, str], dict[str, str]]
    apply: Callable[[models.Model, PublicTextChange, object], None]
    # Where the committee reads the record: a URL name and the argument it takes.
    page: tuple[str, Callable[[models.Model], int]]
    # The record's level: a pending text of a restricted record is for cleared eyes.
    level: Callable[[models.Model], str] = lambda record: Level.COMMITTEE


def texts_of(record, *names) -> dict[str, str]:
    """A record's public texts as a change holds them: each field, "" for none."""
    return {name: getattr(record, name) or "" for name in names}


def apply_public_title(record, change: PublicTextChange, by) -> None:
    record.public_title = change.texts["public_title"]
    record.save(update_fields=["public_title"])


# A feature app adds its own kinds in its ``AppConfig.ready()`` (procedures do), so this
# module imports none of them.
KINDS: dict[str, PublicText] = {}


def _committee_of(record) -> Committee:
    committee_id = access.spec_for(type(record)).committee_id_of(record)
    return Committee.objects.select_related("district").get(pk=committee_id)


def _guard(committee: Committee, texts: dict[str, str], refusal: str) -> None:
    findings = redaction.check(committee=committee, text="\n".join(texts.values()))
    if findings:
        raise ValidationError(f"{refusal}: " + "; ".join(str(f) for f in findings))


@transaction.atomic
def public_text_propose(
    *, kind: str, record, texts: dict[str, str], by, language: str = ""
) -> PublicTextChange | None:
    """Hold a new public text for review; None when it changes nothing public.

    The guard reads it now, so the author rewrites before a reviewer is asked; a
    second proposal for the same text replaces the first while it waits.
    """
    spec = KINDS[kind]
    if not isinstance(record, spec.model):
        raise TypeError(f"A {kind} change is about a {spec.model.__name__}.")
    if by is not None and not (
        access.can(by, access.VIEW, record) and access.can(by, spec.propose_cap, record)
    ):
        raise PermissionDenied("You may not change this committee's public texts.")
    texts = {name: (texts.get(name) or "").strip() for name in spec.fields}
    committee = _committee_of(record)
    _guard(committee, texts, _("Not proposed: rewrite these first"))
    if texts == spec.current(record, language):
        return None
    change = (
        PublicTextChange.objects.select_for_update()
        .filter(kind=kind, record_id=record.pk, language=language, decided_at__isnull=True)
        .first()
    ) or PublicTextChange(kind=kind, record_id=record.pk, language=language, committee=committee)
    change.texts, change.proposed_by, change.proposed_at = texts, by, _now()
    restricted = spec.level(record) == Level.RESTRICTED
    change.visibility = Level.RESTRICTED if restricted else Level.COMMITTEE
    change.save()
    if by is None:
        return _apply(change, spec, record, by=None)
    notifications.notify(
        recipients=publishers_of(committee),
        kind=NotificationKind.PUBLIC_TEXT_REVIEW,
        subject=change,
        period=f"p{change.proposed_at.timestamp()}",
        by=by,
    )
    return change


def publishers_of(committee: Committee) -> set[int]:
    """Who is asked to review: the committee's chairs and its building's administrators."""
    today = access.district_today(committee.district)
    chairs = Membership.objects.current(today).filter(
        committee_id=committee.pk, position__in=[Position.CHAIR, Position.CO_CHAIR]
    )
    reviewers = set(chairs.values_list("user_id", flat=True))
    if committee.building_id:
        reviewers |= set(committee.building.administrators.values_list("pk", flat=True))
    return reviewers


def _apply(change: PublicTextChange, spec: PublicText, record, *, by) -> PublicTextChange:
    spec.apply(record, change, by)
    change.decided_by, change.decided_at, change.approved = by, _now(), True
    change.save(update_fields=["decided_by", "decided_at", "approved"])
    public_cache.bump_on_commit(change.committee.district_id)
    return change


def _locked(change: PublicTextChange) -> PublicTextChange:
    return (
        PublicTextChange.objects.select_for_update(of=("self",))
        .select_related("committee__district")
        .get(pk=change.pk)
    )


@transaction.atomic
def public_text_approve(*, change: PublicTextChange, by) -> PublicTextChange:
    """Make the text public: by someone else with publish rights, after the guard."""
    if not (
        access.can(by, access.VIEW, change) and access.can(by, Cap.PUBLISH_PUBLIC_UPDATE, change)
    ):
        raise PermissionDenied("You may not approve this committee's public texts.")
    change = _locked(change)
    if change.approved:
        return change
    if change.decided_at is not None:
        raise ValidationError(_("This text was declined; propose it again to have it reviewed."))
    if change.proposed_by_id == by.pk:
        raise ValidationError(
            _(
                "You proposed this text; someone else with publish rights must review and "
                "approve it (four eyes)."
            )
        )
    spec = KINDS[change.kind]
    _guard(change.committee, change.texts, _("Not approved: these must be rewritten first"))
    record = spec.model.objects.select_for_update().get(pk=change.record_id)
    return _apply(change, spec, record, by=by)


@transaction.atomic
def public_text_decline(*, change: PublicTextChange, by, reason: str = "") -> PublicTextChange:
    """Set a proposal aside, the public text unchanged: a reviewer, or its author."""
    author = change.proposed_by_id == getattr(by, "pk", None)
    if not access.can(by, access.VIEW, change) or not (
        author or access.can(by, Cap.PUBLISH_PUBLIC_UPDATE, change)
    ):
        raise PermissionDenied("You may not decline this committee's public texts.")
    change = _locked(change)
    if change.decided_at is not None:
        return change
    change.decided_by, change.decided_at, change.approved = by, _now(), False
    change.decline_reason = reason.strip()[:300]
    change.save(update_fields=["decided_by", "decided_at", "approved", "decline_reason"])
    return change


# --- sent back to its author with a comment -----------------------------------------------


@dataclass(frozen=True)
class Returnable:
    """A text under review that a reviewer may send back: a draft summary, a draft
    update (registered by their apps), a proposed correction (below)."""

    author: Callable[[models.Model], int | None]
    waiting: Callable[[models.Model], bool]  # still awaiting review
    mark: Callable[[models.Model, object, str], None]  # (record, by, comment)
    page: Callable[[models.Model], str]  # where its author reads the comment and edits
    noun: str  # how the message names it: "a public summary"
    level: Callable[[models.Model], str] = lambda record: Level.COMMITTEE


def _mark_change(change: PublicTextChange, by, comment: str) -> None:
    change.decided_by, change.decided_at, change.approved = by, _now(), False
    change.decline_reason, change.sent_back = comment[:300], True
    change.save(
        update_fields=["decided_by", "decided_at", "approved", "decline_reason", "sent_back"]
    )


def _change_page(change: PublicTextChange) -> str:
    name, pk_of = KINDS[change.kind].page
    record = KINDS[change.kind].model.objects.get(pk=change.record_id)
    return reverse(name, args=[pk_of(record)])


# The model of a text -> how it is sent back. Feature apps add theirs in ``ready()``.
RETURNABLE: dict[type[models.Model], Returnable] = {
    PublicTextChange: Returnable(
        author=lambda change: change.proposed_by_id,
        waiting=lambda change: change.decided_at is None,
        mark=_mark_change,
        page=_change_page,
        noun="a proposed public text",
        level=lambda change: change.visibility,
    ),
}


@transaction.atomic
def review_send_back(*, record, by, comment: str):
    """A reviewer returns a text awaiting review to its author with a comment.

    Whoever may publish the committee's public texts, not its author (who edits it or
    takes it back instead). The text stays unpublished; its author is told at once
    through the outbox, reads the comment on the record's page, edits and submits again.
    """
    spec = RETURNABLE[type(record)]
    if not (
        access.can(by, access.VIEW, record) and access.can(by, Cap.PUBLISH_PUBLIC_UPDATE, record)
    ):
        raise PermissionDenied(_("You may not review this committee's public texts."))
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Say what the author should change.")})
    record = type(record).objects.select_for_update(of=("self",)).get(pk=record.pk)
    if not spec.waiting(record):
        raise ValidationError(_("Only a text awaiting review is sent back."))
    author = spec.author(record)
    if author == by.pk:
        raise ValidationError(
            _("You wrote this text: edit it yourself; a reviewer sends it back to its author.")
        )
    spec.mark(record, by, comment)
    if author is not None:
        notifications.notify(
            recipients=[author],
            kind=NotificationKind.SENT_BACK,
            subject=record,
            period=f"b{_now().timestamp()}",
            by=by,
        )
    return record


def review_resubmitted(*, record, sent_back_by_id: int | None, by) -> None:
    """The author saved a text that was sent back: the reviewer who sent it back is told
    it awaits review again (through the outbox, in the caller's transaction).

    For a text whose first save told nobody (a public update). Those whose every save
    asks the committee's publishers (a summary, a proposed correction) tell them again
    instead, and this reviewer with them where none of them is anybody but its author.
    """
    if sent_back_by_id is None:
        return
    notifications.notify(
        recipients=[sent_back_by_id],
        kind=NotificationKind.RESUBMITTED,
        subject=record,
        period=f"r{_now().timestamp()}",
        by=by,
    )
