"""The pages that read across features: Today, "My committees", the district overview,
search.

Thin: ask the gate, call a selector of ``overview``, render.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import translation

from committees import access
from incidents.selectors import incidents_shared_with
from safety_portal import overview, search, today


@login_required
def today_page(request):
    """Where everyone lands after signing in: what needs me now, each a link."""
    return render(request, "portal/today.html", {"sections": today.sections(request.user)})


@login_required
def my_committees(request):
    page, cards = overview.my_committees(request.user, request.GET.get("page"))
    return render(
        request,
        "portal/my_committees.html",
        {
            "page": page,
            "cards": cards,
            "shared": list(overview.shared_with_me(request.user)[:50]),
            "shared_incidents": list(incidents_shared_with(request.user)[:50]),
            "today": access.scope_for(request.user).today,
        },
    )


@login_required
def district_overview(request):
    """Per building: open, overdue, done this school year, empty seats, late minutes;
    worst first, a page of schools at a time under the district's totals."""
    if not request.user.is_district_admin:
        raise PermissionDenied
    today = access.scope_for(request.user).today
    rows = overview.district_overview(request.user)
    page = Paginator(rows, overview.SCHOOLS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/district_overview.html",
        {"page": page, "totals": overview.totals(rows), "today": today},
    )


@login_required
def search_page(request):
    """One box over what the reader may see (safety_portal.search); GET, so a search can
    be bookmarked and sent back."""
    text = request.GET.get("q", "").strip()
    too_long = len(text) > search.LONGEST
    groups = [] if too_long else search.search(request.user, text, translation.get_language())
    return render(
        request,
        "portal/search.html",
        {"text": text, "groups": groups, "too_long": too_long, "longest": search.LONGEST},
    )
