"""How publishing joins the core's registries, called once from ``PublishingConfig.ready()``.

The core (committees) imports nothing of this app: its four-eyes public texts and its
committee page each keep a registry that features append to.
"""

from django.utils import timezone

from committees import hooks
from committees.access import Cap
from committees.models import PublicTextChange
from committees.services import public_text
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


def register() -> None:
    public_text.KINDS[PublicTextChange.Kind.UPDATE] = CORRECTION
    public_text.KINDS[PublicTextChange.Kind.TRANSLATION] = TRANSLATION
    link = hooks.CommitteeLink(label="Public updates", url_name="publishing:updates")
    if link not in hooks.COMMITTEE_LINKS:
        hooks.COMMITTEE_LINKS.append(link)
