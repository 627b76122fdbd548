"""Pages for everyone, signed in or not: they read published records only.

Whoever is signed in, these pages show the public view (the gate is asked for an
anonymous reader), in the district's time zone and the reader's language, and
anonymous readers get them from the cache (committees/public_cache.py).
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from committees import access, hooks, public_cache
from committees.models import Building, Committee
from committees.selectors import public_district
from followups.selectors import items_completed, public_progress
from meetings.selectors import public_meeting, public_notices, public_summaries
from publishing import selectors
from safety_portal.school_calendar import school_year_of
from safety_portal.view_helpers import render_public

UPCOMING_LIMIT = 20
PER_PAGE = 20


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _localized(updates):
    """Each update with the title and body to show in the reader's language (read with
    ``public_updates(..., language=_language())``)."""
    language = _language()
    for update in updates:
        update.shown_title, update.shown_body, update.fallback = selectors.in_language(
            update, language
        )
    return updates


def _figures(district, committee_ids) -> dict:
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
            (figures.template, figures.data(district, committee_ids))
            for figures in hooks.SCHOOL_PUBLIC_FIGURES
        ],
    }


@public_cache.cached
def district_page(request, district):
    district = public_district(district)
    updates = Paginator(selectors.public_updates(district, language=_language()), PER_PAGE)
    page = updates.get_page(request.GET.get("page"))
    _localized(page.object_list)
    committees = Committee.objects.filter(district=district).select_related("building")
    return render_public(
        request,
        district,
        "publishing/public/district.html",
        {
            "committees": committees,
            "buildings": Building.objects.filter(district=district).order_by("name"),
            "upcoming": public_notices(district, since=timezone.now())[:UPCOMING_LIMIT],
            "summaries": public_summaries(district)[:5],
            "page": page,
            "sections": [
                (section.template, section.data(district))
                for section in hooks.DISTRICT_PUBLIC_SECTIONS
            ],
        },
    )


@public_cache.cached
def building_page(request, district, building):
    building = get_object_or_404(
        Building.objects.select_related("district"), district__slug=district, slug=building
    )
    district = building.district
    committee_ids = list(Committee.objects.filter(building=building).values_list("pk", flat=True))
    updates = Paginator(
        selectors.public_updates(district, building=building, language=_language()), PER_PAGE
    )
    page = updates.get_page(request.GET.get("page"))
    _localized(page.object_list)
    here = Q(meeting__committee__building=building)
    return render_public(
        request,
        district,
        "publishing/public/building.html",
        {
            "building": building,
            "page": page,
            "upcoming": public_notices(district, since=timezone.now()).filter(here)[
                :UPCOMING_LIMIT
            ],
            "summaries": public_summaries(district).filter(here)[:10],
            **_figures(district, committee_ids),
        },
    )


@public_cache.cached
def update_page(request, district, pk):
    district = public_district(district)
    update = selectors.public_updates(district, language=_language()).filter(pk=pk).first()
    if update is None:
        raise Http404("Not found.")
    _localized([update])
    return render_public(request, district, "publishing/public/update.html", {"update": update})


@public_cache.cached
def meeting_page(request, district, pk):
    district = public_district(district)
    record = public_meeting(district, pk)
    return render_public(
        request,
        district,
        "publishing/public/meeting.html",
        {"record": record, "now": timezone.now()},
    )


class UpdatesFeed(Feed):
    """Atom: the district's updates, or one building's, in the reader's language."""

    feed_type = Atom1Feed

    def get_object(self, request, district, building=None):
        self.district = public_district(district)
        self.building = (
            get_object_or_404(Building, district=self.district, slug=building) if building else None
        )
        return self.building or self.district

    def title(self, obj):
        return _("School safety updates: %(name)s") % {"name": obj.name}

    def link(self, obj):
        if self.building:
            return reverse("public:building", args=[self.district.slug, self.building.slug])
        return reverse("public:district", args=[self.district.slug])

    def items(self, obj):
        updates = selectors.public_updates(
            self.district, building=self.building, language=_language()
        )[:PER_PAGE]
        return _localized(list(updates))

    def item_title(self, item):
        return item.shown_title

    def item_description(self, item):
        return item.shown_body

    def item_link(self, item):
        return reverse("public:update", args=[self.district.slug, item.pk])

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.corrected_at or item.first_published_at


updates_feed = public_cache.cached(UpdatesFeed())
