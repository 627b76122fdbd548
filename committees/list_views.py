"""Lists of action items, their CSV export, and the district overview."""

import csv
import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from committees import access, selectors
from committees.access import Cap
from committees.item_filters import SORT_LABELS, STATUS_CHOICES, ItemFilters, overdue_q
from committees.models import Committee, RepresentationRule
from followups.models import ActionItem, WorkCategory
from safety_portal.school_calendar import school_year_of, school_year_window
from safety_portal.view_helpers import committee_or_404, csv_cell

User = get_user_model()
PAGE_SIZE = 50


def _filtered_items(request, pk):
    """The committee, the district's today, the filters and the rows: one definition for
    the page and its CSV, so the export holds exactly the rows the list shows."""
    committee = committee_or_404(request, pk)
    today = access.scope_for(request.user).today
    filters = ItemFilters.from_query(request.GET)
    items = access.visible(request.user, ActionItem.objects.filter(committee=committee))
    rows = filters.apply(items.select_related("assignee"), today)
    return committee, today, filters, items, rows


@login_required
def item_list(request, pk):
    committee, today, filters, items, rows = _filtered_items(request, pk)
    # Only people who hold an item the reader may see: a name in the menu is a trace.
    assignees = User.objects.filter(pk__in=items.values("assignee_id")).order_by(
        "last_name", "first_name", "pk"
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "committees/item_list.html",
        {
            "committee": committee,
            "page": page,
            "filters": filters,
            "today": today,
            "query": query.urlencode(),
            "assignees": assignees,
            "statuses": STATUS_CHOICES,
            "categories": WorkCategory.choices,
            "sources": ActionItem.Source.choices,
            "sorts": SORT_LABELS.items(),
            "can_assign": access.can(request.user, Cap.ASSIGN_ACTION_ITEMS, committee),
        },
    )


class _Echo:
    def write(self, value):
        return value


CSV_COLUMNS = [
    "Title",
    "Status",
    "Overdue",
    "Priority",
    "Category",
    "Source",
    "Visibility",
    "Assignee",
    "Due date",
]


def _csv_rows(items, today):
    yield CSV_COLUMNS
    for item in items:
        yield [
            csv_cell(value)
            for value in (
                item.title,
                item.get_status_display(),
                "yes" if item.is_overdue(today) else "no",
                item.get_priority_display(),
                item.get_category_display(),
                item.get_source_display(),
                item.get_visibility_display(),
                item.assignee.display_name if item.assignee else "",
                item.due_date.isoformat() if item.due_date else "",
            )
        ]


@login_required
def item_csv(request, pk):
    """The list as the reader may see it, with the same filters."""
    committee, today, _filters, _items, rows = _filtered_items(request, pk)
    access.record_reads(request.user, rows, via="csv")
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _csv_rows(rows.iterator(chunk_size=500), today)),
        content_type="text/csv; charset=utf-8",
    )
    name = f"{slugify(committee.name)}-action-items-{today.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def my_items(request):
    today = access.scope_for(request.user).today
    closed_last = Case(
        When(status__in=ActionItem.CLOSED, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    items = (
        access.visible(request.user, ActionItem.objects.filter(assignee=request.user))
        .select_related("committee")
        .order_by(closed_last, "due_date", "id")
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "committees/my_items.html", {"page": page, "today": today})


def _school_year_began(district, today: datetime.date) -> datetime.datetime:
    """The school year's first midnight where the district is: "done this school year"
    starts there."""
    return school_year_window(district, school_year_of(today))[0]


@login_required
def district_overview(request):
    """Per building: open, overdue, done this school year, empty seats; worst first."""
    user = request.user
    if not user.is_district_admin:
        raise PermissionDenied
    scope = access.scope_for(user)
    today = scope.today
    committees = list(access.visible(user, Committee.objects.select_related("building")))
    ids = [c.pk for c in committees]
    counts = {
        row["committee_id"]: row
        for row in access.visible(user, ActionItem.objects.filter(committee_id__in=ids))
        .values("committee_id")
        .annotate(
            open=Count("id", filter=~Q(status__in=ActionItem.CLOSED)),
            overdue=Count("id", filter=overdue_q(today)),
            done=Count(
                "id",
                filter=Q(
                    status=ActionItem.Status.DONE,
                    completed_at__gte=_school_year_began(user.district, today),
                ),
            ),
        )
    }
    rules = list(RepresentationRule.objects.filter(district_id=scope.district_id))
    seat_counts, ending = selectors.seat_counts(ids, today)
    rows = []
    for committee in committees:
        row = counts.get(committee.pk, {})
        seats = selectors.seats_for(
            committee, rules, seat_counts[committee.pk], ending[committee.pk]
        )
        rows.append(
            {
                "committee": committee,
                "open": row.get("open", 0),
                "overdue": row.get("overdue", 0),
                "done": row.get("done", 0),
                "empty_seats": sum(seat.missing for seat in seats),
            }
        )
    rows.sort(key=lambda r: (-r["overdue"], -r["open"], -r["empty_seats"], r["committee"].name))
    return render(request, "committees/district_overview.html", {"rows": rows, "today": today})
