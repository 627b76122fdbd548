"""The geometry of a plan's timeline chart, drawn as SVG by the template.

A school year runs from July 1 to June 30 along the x axis; each milestone the
reader may see is a row, with its target date as a diamond and its action items
as markers at their due dates. Shapes, not colour alone, tell overdue and done.
A row shows the items it is given; ``dated`` says how many dated items the reader may
see on its milestone, shown or not.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.dateformat import format as date_format

from safety_portal.school_calendar import school_year_days

LABEL_WIDTH = 300
CHART_WIDTH = 720
ROW_HEIGHT = 44
TOP = 36


@dataclass
class Marker:
    x: float
    y: float
    item: object
    state: str  # "done", "overdue", "open", "cancelled"


@dataclass
class Row:
    y: float
    milestone: object
    progress: int
    diamond_x: float
    markers: list[Marker] = field(default_factory=list)
    dated: int = 0  # the milestone's dated items the reader may see, shown or not

    @property
    def unshown(self) -> int:
        return self.dated - len(self.markers)


@dataclass
class Timeline:
    width: int
    height: int
    label_width: int
    months: list[tuple[float, str]]
    today_x: float | None
    rows: list[Row]


def _x(day: datetime.date, start: datetime.date, end: datetime.date) -> float:
    span = (end - start).days
    offset = min(max((day - start).days, 0), span)
    return LABEL_WIDTH + CHART_WIDTH * offset / span


def _state(item, today) -> str:
    if item.status == "done":
        return "done"
    if item.status == "cancelled":
        return "cancelled"
    if item.due_date and item.due_date < today:
        return "overdue"
    return "open"


def build(*, school_year: int, milestones, items, progress, today, dated) -> Timeline:
    """``dated``: milestone id -> how many dated items the reader may see on it, of which
    ``items`` holds those shown."""
    start, next_start = school_year_days(school_year)
    end = next_start - datetime.timedelta(days=1)
    months = []
    day = start
    while day <= end:
        months.append((_x(day, start, end), date_format(day, "M")))  # in the reader's language
        day = datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    by_milestone: dict[int, list] = {}
    for item in items:
        by_milestone.setdefault(item.milestone_id, []).append(item)
    rows = []
    for index, milestone in enumerate(milestones):
        y = TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2
        row = Row(
            y=y,
            milestone=milestone,
            progress=progress.get(milestone.pk, 0),
            diamond_x=_x(milestone.target_date, start, end),
        )
        for item in by_milestone.get(milestone.pk, []):
            if item.due_date:
                row.markers.append(
                    Marker(_x(item.due_date, start, end), y, item, _state(item, today))
                )
        row.dated = dated.get(milestone.pk, 0)
        rows.append(row)
    today_x = _x(today, start, end) if start <= today <= end else None
    return Timeline(
        width=LABEL_WIDTH + CHART_WIDTH + 20,
        height=TOP + max(len(rows), 1) * ROW_HEIGHT + 16,
        label_width=LABEL_WIDTH,
        months=months,
        today_x=today_x,
        rows=rows,
    )
