"""Filtering and sorting action items: one definition for the list and its CSV."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from followups.models import OPEN_STATUSES, PRIORITY_RANK, STATUS_RANK, ActionItem, WorkCategory

# Each sort has its index (followups.models, ActionItem.Meta.indexes).
SORTS = {
    "due_date": [F("due_date").asc(nulls_last=True), "id"],
    "-due_date": [F("due_date").desc(nulls_last=True), "id"],
    "priority": [PRIORITY_RANK, F("due_date").asc(nulls_last=True), "id"],
    "status": [STATUS_RANK, F("due_date").asc(nulls_last=True), "id"],
    "title": ["title", "id"],
    "-updated_at": ["-updated_at", "-id"],
}
SORT_LABELS = {
    "due_date": _("Due date, soonest first"),
    "-due_date": _("Due date, latest first"),
    "priority": _("Priority"),
    "status": _("Status"),
    "title": _("Title"),
    "-updated_at": _("Recently updated"),
}
OPEN = "open"  # any status that is neither done nor cancelled
# "open" on the list means "not closed", so the status Open is not offered a second
# time under the same value: one option, one meaning.
STATUS_CHOICES = [
    (OPEN, _("Open (not done or cancelled)")),
    *((value, label) for value, label in ActionItem.Status.choices if value != OPEN),
]


@dataclass(frozen=True)
class ItemFilters:
    status: str = ""
    assignee: int | None = None
    category: str = ""
    source: str = ""
    overdue: bool = False
    due_this_month: bool = False
    sort: str = "due_date"
    # A milestone's items (its plan page links here); the list asks the gate about the
    # milestone before it filters by it.
    milestone: int | None = None

    @classmethod
    def from_query(cls, query) -> "ItemFilters":
        """Read filters from a query string; values it does not know are ignored."""
        status = query.get("status", "")
        assignee = query.get("assignee", "")
        category = query.get("category", "")
        source = query.get("source", "")
        sort = query.get("sort", "due_date")
        return cls(
            milestone=_id(query.get("milestone", "")),
            status=status if status in {OPEN, *ActionItem.Status.values} else "",
            assignee=_id(assignee),
            category=category if category in WorkCategory.values else "",
            source=source if source in ActionItem.Source.values else "",
            overdue=query.get("overdue") == "1",
            due_this_month=query.get("due") == "month",
            sort=sort if sort in SORTS else "due_date",
        )

    def apply(self, items: QuerySet, today: datetime.date) -> QuerySet:
        """Narrow an already gated queryset."""
        if self.status == OPEN:
            # Named rather than "not closed": the open items' index holds these only.
            items = items.filter(status__in=OPEN_STATUSES)
        elif self.status:
            items = items.filter(status=self.status)
        if self.assignee is not None:
            items = items.filter(assignee_id=self.assignee)
        if self.milestone is not None:
            items = items.filter(milestone_id=self.milestone)
        if self.category:
            items = items.filter(category=self.category)
        if self.source:
            items = items.filter(source=self.source)
        if self.overdue:
            items = items.filter(overdue_q(today))
        if self.due_this_month:
            last = calendar.monthrange(today.year, today.month)[1]
            items = items.filter(
                due_date__gte=today.replace(day=1), due_date__lte=today.replace(day=last)
            )
        return items.order_by(*SORTS[self.sort])


def _id(value: str) -> int | None:
    # isdigit() alone admits "²", which int() refuses; ids beyond bigint match nobody.
    if value.isascii() and value.isdigit() and int(value) < 2**63:
        return int(value)
    return None


def overdue_q(today: datetime.date) -> Q:
    """Past due and neither done nor cancelled (the open items' index answers it)."""
    return Q(due_date__lt=today, status__in=OPEN_STATUSES)
