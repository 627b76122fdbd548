"""Reads of the public pages and the public API: what anyone may read, asked of the gate
as an anonymous reader. The page and the API call the same functions here, so that they
say the same."""

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from committees import access, hooks
from committees.models import Building, Committee, District
from followups.selectors import items_completed, public_progress
from meetings.selectors import latest_public_summaries, public_notices, public_summaries
from publishing.models import PublicUpdate, PublicUpdateTranslation
from safety_portal.school_calendar import school_year_of

UPDATES_PER_PAGE = 20  # the pages' and the API's pages of updates, and the feeds'
UPCOMING_LIMIT = 20
DISTRICT_SUMMARIES = 5
SCHOOL_SUMMARIES = 10


def district_content(district: District) -> dict:
    """A district's public page besides its updates: committees, schools, announced
    meetings, recent summaries and the features' sections (``hooks.PublicSection``)."""
    return {
        "committees": Committee.objects.filter(district=district).select_related("building"),
        "buildings": Building.objects.filter(district=district).order_by("name"),
        "upcoming": public_notices(district, since=timezone.now())[:UPCOMING_LIMIT],
        "summaries": latest_public_summaries(district, DISTRICT_SUMMARIES),
        "sections": [
            (section, section.data(district)) for section in hooks.DISTRICT_PUBLIC_SECTIONS
        ],
    }


def school_content(building: Building) -> dict:
    """A school's public page besides its updates: its announced meetings, recent
    summaries, and the figures of the school year (progress by category, items done,
    what other features count: ``hooks.SchoolFigures``)."""
    district = building.district
    committee_ids = list(Committee.objects.filter(building=building).values_list("pk", flat=True))
    here = Q(meeting__committee__building=building)
    return {
        "upcoming": public_notices(district, since=timezone.now()).filter(here)[:UPCOMING_LIMIT],
        "summaries": public_summaries(district).filter(here)[:SCHOOL_SUMMARIES],
        **school_figures(district, committee_ids),
    }


def school_figures(district: District, committee_ids) -> dict:
    """Public aggregates of the school year: counts and percentages, never a record."""
    today = access.district_today(district)
    year = school_year_of(today)
    completed = items_completed(committee_ids, year, district=district)
    return {
        "school_year": f"{year}–{str(year + 1)[-2:]}",
        "progress": public_progress(committee_ids, year),
        "completed": completed,
        "threshold": district.small_count_threshold,
        "completed_hidden": completed < district.small_count_threshold,
        # What other features count for the school (drills held): public aggregates.
        "figures": [
            (figures, figures.data(district, committee_ids))
            for figures in hooks.SCHOOL_PUBLIC_FIGURES
        ],
    }


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
