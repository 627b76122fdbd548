"""How publishing joins the core's registries, called once from ``PublishingConfig.ready()``.

The core (committees) imports nothing of this app: its four-eyes public texts and its
committee page each keep a registry that features append to.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from committees import hooks, webhooks, workflow
from committees.access import Cap
from committees.models import PublicTextChange
from committees.services import public_text
from notifications import registry as outbox
from notifications.content import Skip
from notifications.models import WebhookEvent
from publishing.models import PublicUpdate, PublicUpdateTranslation


def _apply_update(update: PublicUpdate, change: PublicTextChange, by) -> None:
    update.title, update.body = change.texts["title"], change.texts["body"]
    update.corrected_at, update.corrected_by = timezone.now(), change.proposed_by
    update.save(update_fields=["title", "body", "corrected_at", "corrected_by"])


def _current_translation(update: PublicUpdate, language: str) -> dict[str, str]:
    translation = update.translations.filter(language=language).first()
    return (
        public_text.texts_of(translation, "title", "body")
        if translation
        else {"title": "", "body": ""}
    )


def _apply_translation(update: PublicUpdate, change: PublicTextChange, by) -> None:
    PublicUpdateTranslation.objects.update_or_create(
        update=update,
        language=change.language,
        defaults={**change.texts, "written_by": change.proposed_by},
    )


CORRECTION = public_text.PublicText(
    model=PublicUpdate,
    fields=("title", "body"),
    propose_cap=Cap.DRAFT_PUBLIC_UPDATE,
    current=lambda update, _lang: public_text.texts_of(update, "title", "body"),
    apply=_apply_update,
    page=("publishing:update", lambda record: record.pk),
)
TRANSLATION = public_text.PublicText(
    model=PublicUpdate,
    fields=("title", "body"),
    propose_cap=Cap.DRAFT_PUBLIC_UPDATE,
    current=_current_translation,
    apply=_apply_translation,
    page=("publishing:update", lambda record: record.pk),
)


def _update_fields(update) -> dict:
    # A published update is public: its words, and where the public reads them.
    return {
        "committee": update.committee_id,
        "title": update.title,
        "body": update.body,
        "published_at": update.published_at.isoformat() if update.published_at else None,
        "url": settings.SITE_URL
        + reverse("public:update", args=[update.committee.district.slug, update.pk]),
    }


def update_told(update, account) -> dict:
    if update.published_at is None:  # withdrawn since: the public no longer reads it
        raise Skip("the update is no longer published")
    return webhooks.told(update, account, kind="public_update", fields=_update_fields)


UPDATE_REVIEW = public_text.Returnable(
    author=lambda update: update.written_by_id,
    waiting=lambda update: update.published_at is None and update.sent_back_at is None,
    mark=lambda update, by, comment: workflow.sent_back_mark(update, by=by, comment=comment),
    page=lambda update: reverse("publishing:update", args=[update.pk]),
    noun="a public update",
)


def register() -> None:
    public_text.RETURNABLE[PublicUpdate] = UPDATE_REVIEW
    outbox.webhook_register(event=WebhookEvent.UPDATE_PUBLISHED, build=update_told)
    public_text.KINDS[PublicTextChange.Kind.UPDATE] = CORRECTION
    public_text.KINDS[PublicTextChange.Kind.TRANSLATION] = TRANSLATION
    link = hooks.CommitteeLink(label="Public updates", url_name="publishing:updates")
    if link not in hooks.COMMITTEE_LINKS:
        hooks.COMMITTEE_LINKS.append(link)
