"""The pages that read across features: Today, "My committees", the district overview,
search.

Thin: ask the gate, call a selector of ``overview``, render.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import translation
from django.utils.html import format_html

from committees import access
from incidents.selectors import incidents_shared_with
from safety_portal import markup, overview, paths, search, today


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


# A school's row of the district overview, its values escaped into it
# (safety_portal/markup.py), as the action-item list's rows are.
OVERVIEW_ROW = (
    '<tr><th scope="row"><a href="{url}">{name}</a></th><td>{overdue}</td><td>{open}</td>'
    "<td>{done}</td><td>{empty}</td><td data-minutes-late>{late}</td></tr>\n"
)


def _overview_rows(rows: list[dict]) -> str:
    """A page of the overview's schools: each links to its committee's items, and what
    needs attention (overdue items, empty seats, late minutes) is marked."""

    def marked(n: int, html: str, **values) -> str | int:
        return format_html(html, n=n, **values) if n else 0

    cells = []
    for row in rows:
        committee = row["committee"]
        late = paths.path_to("meetings:list", committee.pk)
        cells.append(
            {
                "url": paths.path_to("followups:items", committee.pk),
                "name": committee.building.name if committee.building else committee.name,
                "overdue": marked(row["overdue"], '<strong class="status-empty">{n}</strong>'),
                "open": row["open"],
                "done": row["done"],
                "empty": marked(row["empty_seats"], '<span class="status-empty">{n}</span>'),
                "late": marked(
                    row["minutes_late"], '<a class="status-empty" href="{url}">{n}</a>', url=late
                ),
            }
        )
    return markup.rows(OVERVIEW_ROW, cells)


@login_required
def district_overview(request):
    """Per building: open, overdue, done this school year, empty seats, late minutes;
    worst first, a page of schools at a time under the district's totals."""
    if not request.user.is_district_admin:
        raise PermissionDenied
    rows = overview.district_ranking(request.user)
    page = Paginator(rows, overview.SCHOOLS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/district_overview.html",
        {
            "page": page,
            "rows": _overview_rows(page.object_list),
            "totals": overview.totals(rows),
        },
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
