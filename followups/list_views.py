"""Lists of action items: a committee's, with its CSV export, and "My action items"."""

import csv
import dataclasses
import io
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _

from committees import access
from committees.access import Cap
from committees.badges import visibility_badge
from followups.item_filters import SORT_LABELS, STATUS_CHOICES, ItemFilters
from followups.models import ActionItem, Milestone, WorkCategory
from safety_portal import choices, documents, markup, paths
from safety_portal.db_router import on_replica
from safety_portal.paging import page_of
from safety_portal.skip_scan import distinct_values
from safety_portal.view_helpers import committee_or_404, csv_cell, read_in_chunks

User = get_user_model()
PAGE_SIZE = 50
# The columns the list and its CSV both show.
SHOWN_FIELDS = ["title", "status", "priority", "category", "source", "visibility", "due_date"]
# What a row of the list and of the CSV reads: none of an item's texts or times (a third
# of the reading time), and its assignee by id, named from the people already read.
ROW_FIELDS = [*SHOWN_FIELDS, "assignee_id"]
# A person's name as the lists show it, and no more of their account.
NAME_FIELDS = ["first_name", "last_name", "username"]


def _filtered_items(request, pk):
    """The committee, the district's today, the filters with the milestone they narrow to
    (or None), the items the reader may see and the rows: one definition for the page and
    its CSV, so the export holds exactly the rows the list shows."""
    committee = committee_or_404(request, pk)
    today = access.scope_for(request.user).today
    filters = ItemFilters.from_query(request.GET)
    milestone = None
    if filters.milestone is not None:
        # Only a milestone of this committee the reader may see narrows the list: which
        # items sit under a milestone they may not see is a trace of it.
        milestone = (
            access.visible(request.user, Milestone.objects.filter(plan__committee=committee))
            .only("title", "plan_id")
            .filter(pk=filters.milestone)
            .first()
        )
        if milestone is None:
            filters = dataclasses.replace(filters, milestone=None)
    items = access.visible(request.user, ActionItem.objects.all(), committees=[committee.pk])
    rows = filters.apply(items, today)
    return committee, today, filters, milestone, items, rows


def _assignees(committee, items):
    """The assignee menu: only people who hold an item the reader may see, since a name in
    the menu is a trace.

    One read in two steps. First, who holds any item of the committee: ids only, never
    shown, found by skipping along the index on (committee, assignee), so it costs one
    probe per holder, not one per item of the committee's history. Then, among them,
    those the gate shows the reader one item of (each found by the same index). Asked as
    a plain join, the planner read every item of the committee, and every holder along
    their chains; the skipping is a subquery of its own (``distinct_values``), which it
    reads first.
    """
    holders = distinct_values(ActionItem, "committee", committee.pk, "assignee")
    one_held = items.filter(assignee=OuterRef("pk")).order_by().values("pk")[:1]
    return (
        User.objects.filter(pk__in=holders)
        .alias(held=Subquery(one_held))
        .filter(held__isnull=False)
        .only(*NAME_FIELDS)
        .order_by("last_name", "first_name", "pk")
    )


# A row of the list, its values escaped into it (safety_portal/markup.py).
ROW_HTML = (
    '<tr data-visibility="{level}"><th scope="row"><a href="{url}">{title}</a> {badge}<br>'
    '<span class="muted">{kind}</span></th><td>{status}</td><td>{priority}</td>'
    "<td>{assignee}</td><td>{due}{overdue}</td></tr>\n"
)


def _rows(items, today, names: dict[int, str]) -> list[dict]:
    """Each item of the page as its row shows it: the words, the date, the address and
    the badge made here, and written into the row's HTML (``ROW_HTML``). Rows of model
    attributes, filters and tags, with their assignees joined in, were a sixth of the
    page's time at fifty rows; the template's tags placing the words, two fifths of what
    was left of its rendering."""
    status, priority, category, source = (
        choices.labels(ActionItem, field) for field in ("status", "priority", "category", "source")
    )
    overdue = format_html(' <strong class="status-empty">{}</strong>', _("Overdue"))
    return [
        {
            "url": paths.path_to("followups:action_item", item.pk),
            "title": item.title,
            "level": item.visibility,
            "badge": visibility_badge(item.visibility),
            "kind": _kind(item, category, source),
            "status": status.get(item.status, item.status),
            "priority": priority.get(item.priority, item.priority),
            "assignee": names.get(item.assignee_id, "—"),
            "due": documents.written(item.due_date, "DATE_FORMAT") if item.due_date else "—",
            "overdue": overdue if item.is_overdue(today) else "",
        }
        for item in items
    ]


def _kind(item, category: dict, source: dict) -> str:
    """The item's category, and where it came from when it came from somewhere: an item
    made by hand reads "Facilities", not "Facilities · None"."""
    kind = category.get(item.category, item.category)
    if item.source == ActionItem.Source.NONE:
        return kind
    return f"{kind} · {source.get(item.source, item.source)}"


@login_required
def item_list(request, pk):
    committee, today, filters, milestone, items, rows = _filtered_items(request, pk)
    page = page_of(rows.only(*ROW_FIELDS), PAGE_SIZE, request.GET.get("page"))
    # Everyone a row names is in the menu: each holds the row's item, which the reader
    # sees. Whoever was given an item between the two reads is read on their own.
    assignees = list(_assignees(committee, items))
    names = {person.pk: person.display_name for person in assignees}
    _read_names(names, {item.assignee_id for item in page} - names.keys() - {None})
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "followups/item_list.html",
        {
            "committee": committee,
            "page": page,
            "rows": markup.rows(ROW_HTML, _rows(page, today, names)),
            "menus": {
                "assignee": markup.options(
                    ((person.pk, person.display_name) for person in assignees), filters.assignee
                ),
                "status": markup.options(STATUS_CHOICES, filters.status),
                "category": markup.options(WorkCategory.choices, filters.category),
                "source": markup.options(ActionItem.Source.choices, filters.source),
                "sort": markup.options(SORT_LABELS.items(), filters.sort),
            },
            "filters": filters,
            "milestone": milestone,
            "query": query.urlencode(),
            "can_assign": access.can(request.user, Cap.ASSIGN_ACTION_ITEMS, committee),
        },
    )


# The people named in a chunk of rows, read once for the chunk (a person object per row
# was a quarter of the export's time).
NAMES_CHUNK = 1000
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
    # The export's labels are English, as its columns are: a spreadsheet's filters and
    # formulas keep working whatever language its reader browses in.
    with translation.override("en"):
        status, priority, category, source, visibility = (
            choices.labels(ActionItem, field)
            for field in ("status", "priority", "category", "source", "visibility")
        )
    yield CSV_COLUMNS
    names: dict[int, str] = {}
    while chunk := list(itertools.islice(items, NAMES_CHUNK)):
        _read_names(names, {item.assignee_id for item in chunk} - names.keys() - {None})
        yield from _csv_lines(chunk, names, today, status, priority, category, source, visibility)


def _read_names(names: dict[int, str], ids: set[int]) -> None:
    people = User.objects.filter(pk__in=ids).only(*NAME_FIELDS)
    names.update((person.pk, person.display_name) for person in people)


def _csv_lines(items, names, today, status, priority, category, source, visibility):
    for item in items:
        yield [
            csv_cell(value)
            for value in (
                item.title,
                status.get(item.status, item.status),
                "yes" if item.is_overdue(today) else "no",
                priority.get(item.priority, item.priority),
                category.get(item.category, item.category),
                source.get(item.source, item.source),
                visibility.get(item.visibility, item.visibility),
                names.get(item.assignee_id, ""),
                item.due_date.isoformat() if item.due_date else "",
            )
        ]


def _csv_blocks(rows, size: int = 500):
    """The CSV text a few hundred rows at a time: a response chunk per row costs more
    than writing the row."""
    rows = iter(rows)
    while block := list(itertools.islice(rows, size)):
        text = io.StringIO()
        csv.writer(text).writerows(block)
        yield text.getvalue()


@login_required
@on_replica
def item_csv(request, pk):
    """The list as the reader may see it, with the same filters: streamed a chunk at a
    time, each chunk's restricted rows kept in the audit trail before it goes out."""
    committee, today, _filters, _milestone, _items, rows = _filtered_items(request, pk)
    items = read_in_chunks(request.user, rows.only(*ROW_FIELDS), via="csv")
    response = StreamingHttpResponse(
        _csv_blocks(_csv_rows(items, today)), content_type="text/csv; charset=utf-8"
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
    page = page_of(items, PAGE_SIZE, request.GET.get("page"))
    return render(request, "followups/my_items.html", {"page": page, "today": today})
