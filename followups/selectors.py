"""Reads of follow-ups that carry rules, and the public projections of their progress.

Each function issues a fixed number of queries, however many items there are.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from committees import access
from committees.access import Cap
from committees.models import Committee, Level
from followups import progress
from followups.models import (
    OPEN_STATUSES,
    ActionItem,
    ActionItemEvent,
    Milestone,
    WorkCategory,
)
from safety_portal.school_calendar import school_year_window

# The committee page lists this many of its open items, soonest due first.
COMMITTEE_PAGE_ITEMS = 50
# What a line of the panel shows: none of an item's texts, and only its assignee's name.
PANEL_FIELDS = [
    "title",
    "visibility",
    "status",
    "due_date",
    "committee_id",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__username",
]


def committee_items(user, committee: Committee) -> dict:
    """The committee page's panel: the open items ``user`` may see, and whether they may
    add one."""
    items = list(
        access.visible(user, ActionItem.objects.all(), committees=[committee.pk])
        .filter(status__in=OPEN_STATUSES)
        .select_related("assignee")
        .only(*PANEL_FIELDS)
        .order_by("due_date", "id")[:COMMITTEE_PAGE_ITEMS]
    )
    return {
        "items": items,
        "today": access.scope_for(user).today,
        "can_assign": access.can(user, Cap.ASSIGN_ACTION_ITEMS, committee),
    }


# --- the redaction guard: restricted text a public text must not repeat ----------------------


def restricted_items(committee: Committee, since: datetime.datetime) -> Iterable[str]:
    items = ActionItem.objects.filter(
        committee=committee, visibility=Level.RESTRICTED, updated_at__gte=since
    )
    for title, description, note in items.values_list("title", "description", "completion_note"):
        yield from (title, description, note)
    yield from ActionItemEvent.objects.filter(
        item__committee=committee, item__visibility=Level.RESTRICTED, at__gte=since
    ).values_list("note", flat=True)


def restricted_milestones(committee: Committee, since: datetime.datetime) -> Iterable[str]:
    yield from Milestone.objects.filter(
        plan__committee=committee, visibility=Level.RESTRICTED
    ).values_list("title", flat=True)


# --- public pages: what anyone may read ------------------------------------------------------


@dataclass
class CategoryProgress:
    label: str
    percent: int
    milestones: list[tuple[str, int]]  # (public title, percent)


def public_progress(committee_ids, school_year: int) -> list[CategoryProgress]:
    """Progress by category with the milestones' public titles.

    A deliberate public projection (docs/access.md, "Aggregates"): only each
    milestone's category, public title and percentage are read, whatever its level;
    never its committee-facing title.
    """
    rows = list(
        Milestone.objects.filter(
            plan__committee_id__any=committee_ids, plan__school_year=school_year
        )
        .order_by("category", "target_date", "id")
        .values_list("pk", "category", "public_title")
    )
    percent = progress.milestone_progress(pk for pk, _c, _t in rows)
    grouped: dict[str, list[tuple[str, int]]] = {}
    for pk, category, public_title in rows:
        grouped.setdefault(category, []).append((public_title, percent[pk]))
    labels = dict(WorkCategory.choices)
    return [
        CategoryProgress(
            label=labels[category],
            percent=progress.mean_progress(p for _t, p in milestones),
            milestones=[(t, p) for t, p in milestones if t],
        )
        for category, milestones in grouped.items()
    ]


def items_completed(committee_ids, school_year: int, *, district) -> int:
    """How many action items the committees finished this school year (a count, no names).

    The school year runs from midnight to midnight where the district is: a range of
    completion times, which the index on committee, status and completion time serves (a
    filter on the completion's date would read every finished item ever).
    """
    start, end = school_year_window(district, school_year)
    return ActionItem.objects.filter(
        committee_id__any=committee_ids,
        status=ActionItem.Status.DONE,
        completed_at__gte=start,
        completed_at__lt=end,
    ).count()
