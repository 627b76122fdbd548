"""Public updates: drafted, published by a second person after the guard, corrected
(by a second person too, committees/services/public_text.py), withdrawn."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from committees import access, public_cache, redaction, workflow
from committees.access import Cap
from committees.models import Committee, PublicTextChange
from committees.services.public_text import (
    public_text_propose,
    review_resubmitted,
    review_send_back,
)
from notifications import services as notifications
from notifications.models import WebhookEvent
from publishing import subscriptions
from publishing.models import PublicUpdate, PublicUpdateTranslation

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _require(by, cap: Cap, obj, message: str) -> None:
    if not access.can(by, cap, obj):
        raise PermissionDenied(message)


def _locked(update: PublicUpdate) -> PublicUpdate:
    return (
        PublicUpdate.objects.select_for_update()
        .select_related("committee__district")
        .get(pk=update.pk)
    )


def _check_text(title: str, body: str) -> tuple[str, str]:
    title, body = title.strip(), body.strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the update a title.")
    if not body:
        errors["body"] = _("Write the update.")
    if errors:
        raise ValidationError(errors)
    return title, body


def update_findings(*, update: PublicUpdate) -> list:
    """What the guard finds in the update and its translations, as they stand."""
    texts = [update.title, update.body]
    for translation in update.translations.all():
        texts += [translation.title, translation.body]
    return redaction.check(committee=update.committee, text="\n".join(texts))


@transaction.atomic
def update_save(
    *, committee: Committee, title: str, body: str, by, update: PublicUpdate | None = None
) -> tuple[PublicUpdate, list]:
    """Write or rewrite a draft; returns it with what the guard would say now."""
    _require(by, Cap.DRAFT_PUBLIC_UPDATE, committee, "You may not draft this committee's updates.")
    title, body = _check_text(title, body)
    if update is not None:
        update = _locked(update)
        if update.committee_id != committee.pk:
            raise ValidationError(_("This update belongs to another committee."))
        if update.published_at is not None:
            raise ValidationError(_("This update is published: correct it instead."))
    else:
        update = PublicUpdate(committee=committee)
    update.title, update.body, update.written_by = title, body, by
    sent_back_by_id = update.sent_back_by_id
    # Saved again after a send-back: the comment is answered, and the reviewer who sent it
    # back is told (saving a draft tells nobody otherwise).
    resubmitted = bool(workflow.sent_back_clear(update))
    update.save()
    if resubmitted:
        review_resubmitted(record=update, sent_back_by_id=sent_back_by_id, by=by)
    return update, update_findings(update=update)


def update_send_back(*, update: PublicUpdate, by, comment: str) -> PublicUpdate:
    """A reviewer returns the draft to its author with a comment (the author is told)."""
    return review_send_back(record=update, by=by, comment=comment)


@transaction.atomic
def update_publish(*, update: PublicUpdate, by) -> PublicUpdate:
    """Publish (or republish a withdrawn update): a second person, and a clean guard."""
    _require(by, Cap.PUBLISH_PUBLIC_UPDATE, update, "You may not publish this committee's updates.")
    update = _locked(update)
    if update.published_at is not None:
        return update
    if update.sent_back_at is not None:
        raise ValidationError(
            _("This update was sent back to its author; it is reviewed once they save it again.")
        )
    if update.written_by_id == by.pk:
        raise ValidationError(
            _(
                "You wrote this update; someone else with publish rights must review and "
                "publish it (four eyes)."
            )
        )
    findings = update_findings(update=update)
    if findings:
        raise ValidationError(
            _("Publication is blocked until these are rewritten: %(findings)s")
            % {"findings": "; ".join(str(finding) for finding in findings)}
        )
    now = _now()
    update.published_at, update.published_by = now, by
    update.first_published_at = update.first_published_at or now
    update.withdrawn_at, update.withdrawn_by, update.withdrawal_reason = None, None, ""
    update.save()
    public_cache.bump_on_commit(update.committee.district_id)
    subscriptions.announce(update=update)
    notifications.webhook_emit(
        district_id=update.committee.district_id,
        event=WebhookEvent.UPDATE_PUBLISHED,
        subject=update,
    )
    return update


@transaction.atomic
def update_correct(*, update: PublicUpdate, title: str, body: str, by) -> PublicTextChange | None:
    """Propose a correction of a published update; the public reads the old text until
    someone else with publish rights approves it, and then "updated on" (four eyes)."""
    update = _locked(update)
    if update.published_at is None:
        raise ValidationError(_("Only a published update is corrected; edit the draft instead."))
    title, body = _check_text(title, body)
    return public_text_propose(
        kind=PublicTextChange.Kind.UPDATE,
        record=update,
        texts={"title": title, "body": body},
        by=by,
    )


@transaction.atomic
def update_withdraw(*, update: PublicUpdate, by, reason: str) -> PublicUpdate:
    """Take a published update off every public page, feed and cache at once."""
    _require(
        by, Cap.PUBLISH_PUBLIC_UPDATE, update, "You may not withdraw this committee's updates."
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is withdrawn (kept for the record).")})
    update = _locked(update)
    if update.published_at is None:
        return update
    update.published_at, update.published_by = None, None
    update.withdrawn_at, update.withdrawn_by = _now(), by
    update.withdrawal_reason = reason.strip()
    update.save()
    public_cache.bump_on_commit(update.committee.district_id)
    return update


@transaction.atomic
def update_translation_save(
    *, update: PublicUpdate, language: str, title: str, body: str, by
) -> PublicUpdateTranslation | PublicTextChange | None:
    """Staff's own translation. Of a draft, it is saved with the draft (the guard reads
    it at publication); of a published update, it is proposed and goes public only once
    someone else with publish rights approves it (four eyes)."""
    if language not in OTHER_LANGUAGES:
        raise ValidationError({"language": _("Choose one of the site's other languages.")})
    update = _locked(update)
    title, body = _check_text(title, body)
    if update.published_at is not None:
        return public_text_propose(
            kind=PublicTextChange.Kind.TRANSLATION,
            record=update,
            language=language,
            texts={"title": title, "body": body},
            by=by,
        )
    _require(by, Cap.DRAFT_PUBLIC_UPDATE, update, "You may not draft this committee's updates.")
    translation, _created = PublicUpdateTranslation.objects.update_or_create(
        update=update,
        language=language,
        defaults={"title": title, "body": body, "written_by": by},
    )
    return translation
