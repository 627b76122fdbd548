"""Reads of public updates: what anyone may read, asked of the gate as an anonymous reader."""

from django.conf import settings
from django.db.models import Prefetch

from committees import access
from committees.models import District
from publishing.models import PublicUpdate, PublicUpdateTranslation


def public_updates(district: District, *, building=None, district_wide=False, language=None):
    """Published updates of the district (of one building, or district-wide ones only).

    With ``language``, read in it by ``in_language``: only its translations are fetched,
    and none for the site's own language, which the updates are written in.
    """
    updates = PublicUpdate.objects.filter(committee__district=district)
    if building is not None:
        updates = updates.filter(committee__building=building)
    elif district_wide:
        updates = updates.filter(committee__building__isnull=True)
    updates = (
        access.visible(None, updates)
        .select_related("committee__building")
        .order_by("-first_published_at", "-id")
    )
    if language == settings.LANGUAGE_CODE:
        return updates
    translations = access.visible(None, PublicUpdateTranslation.objects.all())
    if language is not None:
        translations = translations.filter(language=language)
    return updates.prefetch_related(Prefetch("translations", queryset=translations))


def in_language(update: PublicUpdate, language: str) -> tuple[str, str, bool]:
    """(title, body, shown in English for want of a translation) in ``language``."""
    if language == settings.LANGUAGE_CODE:
        return update.title, update.body, False
    for translation in update.translations.all():  # prefetched, already through the gate
        if translation.language == language:
            return translation.title, translation.body, False
    return update.title, update.body, True
