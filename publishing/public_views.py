"""Pages for everyone, signed in or not: they read published records only.

Whoever is signed in, these pages show the public view (the gate is asked for an
anonymous reader), in the district's time zone and the reader's language, and
anonymous readers get them from the cache (committees/public_cache.py).
"""

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator

from committees import public_cache
from committees.models import Building, District
from committees.selectors import public_district
from meetings.selectors import public_meeting
from publishing import selectors
from safety_portal.view_helpers import public_body, render_public

PER_PAGE = selectors.UPDATES_PER_PAGE


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


def _templates(parts):
    """(template, data) for the page, from a selector's (hook, data)."""
    return [(hook.template, data) for hook, data in parts]


@public_cache.cached
def district_page(request, district):
    district = public_district(district)
    body = public_body(
        request,
        district,
        "district",
        "publishing/public/district_body.html",
        partial(_district_body, district),
    )
    return render_public(request, district, "publishing/public/district.html", {"body": body})


def _district_body(district: District, number: str) -> dict:
    updates = Paginator(selectors.public_updates(district, language=_language()), PER_PAGE)
    page = updates.get_page(number)
    _localized(page.object_list)
    content = selectors.district_content(district)
    content["sections"] = _templates(content["sections"])
    return {"page": page, **content}


@public_cache.cached
def building_page(request, district, building):
    building = get_object_or_404(
        Building.objects.select_related("district"), district__slug=district, slug=building
    )
    body = public_body(
        request,
        building.district,
        f"school:{building.slug}",
        "publishing/public/building_body.html",
        partial(_school_body, building),
    )
    return render_public(
        request,
        building.district,
        "publishing/public/building.html",
        {"building": building, "body": body},
    )


def _school_body(building: Building, number: str) -> dict:
    updates = Paginator(
        selectors.public_updates(building.district, building=building, language=_language()),
        PER_PAGE,
    )
    page = updates.get_page(number)
    _localized(page.object_list)
    content = selectors.school_content(building)
    content["figures"] = _templates(content["figures"])
    return {"building": building, "page": page, **content}


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


@public_cache.cached
def follow_page(request, district):
    """How to follow the district's updates: a feed reader (the district's feed and each
    school's), e-mail, the meetings in a calendar. The feeds link here."""
    district = public_district(district)
    schools = Building.objects.filter(district=district).order_by("name")
    return render_public(
        request, district, "publishing/public/follow.html", {"schools": list(schools)}
    )


@dataclass
class _FeedOf:
    """What one request's feed is of: the district, or one of its schools. The feed view
    is one object for every request, so nothing of a request is kept on it."""

    district: District
    building: Building | None
    follow_url: str

    @property
    def name(self) -> str:
        return (self.building or self.district).name


class _StyledAtom1Feed(Atom1Feed):
    """Atom with its stylesheets (Django writes them into RSS only)."""

    def write(self, outfile, encoding):
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        # Before any tag, as the xml-stylesheet instruction must be.
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", stylesheet)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


class UpdatesFeed(Feed):
    """Atom: the district's updates, or one building's, in the reader's language. A
    browser that opens it shows it with the feed's stylesheet, which shows the subtitle:
    where to read how to follow the updates."""

    feed_type = _StyledAtom1Feed

    def get_object(self, request, district, building=None):
        district = public_district(district)
        building = (
            get_object_or_404(Building, district=district, slug=building) if building else None
        )
        follow = request.build_absolute_uri(reverse("public:follow", args=[district.slug]))
        return _FeedOf(district, building, follow)

    def stylesheets(self, obj):
        return [static("css/feed.css")]

    def title(self, obj):
        return _("School safety updates: %(name)s") % {"name": obj.name}

    def subtitle(self, obj):
        return _(
            "This is a feed: copy its address into a feed reader to hear of each update. "
            "How to follow the updates: %(url)s"
        ) % {"url": obj.follow_url}

    def link(self, obj):
        if obj.building:
            return reverse("public:building", args=[obj.district.slug, obj.building.slug])
        return reverse("public:district", args=[obj.district.slug])

    def items(self, obj):
        updates = selectors.public_updates(
            obj.district, building=obj.building, language=_language()
        )[:PER_PAGE]
        updates = _localized(list(updates))
        for update in updates:
            update.link = reverse("public:update", args=[obj.district.slug, update.pk])
        return updates

    def item_title(self, item):
        return item.shown_title

    def item_description(self, item):
        return item.shown_body

    def item_link(self, item):
        return item.link

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.corrected_at or item.first_published_at


updates_feed = public_cache.cached(UpdatesFeed())
