"""Pages for everyone, signed in or not: they read published records only.

Whoever is signed in, these pages show the public view (the gate is asked for an
anonymous reader), in the district's time zone.
"""

from zoneinfo import ZoneInfo

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from committees import selectors

UPCOMING_LIMIT = 20
SUMMARIES_PER_PAGE = 20


def _render(request, district, template: str, context: dict):
    with timezone.override(ZoneInfo(district.time_zone)):
        return render(
            request, template, {"district": district, "site_district": district, **context}
        )


def district_page(request, district):
    district = selectors.public_district(district)
    upcoming = selectors.public_notices(district, since=timezone.now())[:UPCOMING_LIMIT]
    summaries = Paginator(selectors.public_summaries(district), SUMMARIES_PER_PAGE)
    return _render(
        request,
        district,
        "public/district.html",
        {"upcoming": upcoming, "page": summaries.get_page(request.GET.get("page"))},
    )


def meeting_page(request, district, pk):
    district = selectors.public_district(district)
    record = selectors.public_meeting(district, pk)
    return _render(
        request, district, "public/meeting.html", {"record": record, "now": timezone.now()}
    )
