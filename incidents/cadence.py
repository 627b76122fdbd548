"""The drill calendar: which drills a building owes in a school year, and which it held.

The district's ``DrillCadence`` cuts the school year into periods counted from the first
school day: the first period ends ``first_within_days`` after it, each later one lasts
``every_months`` months, the last one stops at the last school day. Each period owes
one drill of the cadence's kind, or of its alternate kind every ``alternate_every``-th
period. A period is *held* when a drill of the owed kind was held within it (in the
district's time zone), *missing* once it has ended without one, *due* while it runs,
and *upcoming* before it starts.
"""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Q

from incidents.models import Drill, DrillCadence, SchoolYear
from safety_portal.school_calendar import school_year_window

HELD, DUE, MISSING, UPCOMING = "held", "due", "missing", "upcoming"
PERIOD_STATUSES = [HELD, DUE, MISSING, UPCOMING]


@dataclass(frozen=True)
class Period:
    number: int
    kind: str
    starts: datetime.date
    ends: datetime.date  # inclusive
    status: str
    held: Drill | None = None  # the drill that met it
    planned: Drill | None = None  # a drill planned within it, not yet held

    @property
    def kind_label(self) -> str:
        return str(Drill.Kind(self.kind).label)


@dataclass(frozen=True)
class YearSummary:
    held: int
    due: int
    missing: int
    upcoming: int

    @property
    def required_so_far(self) -> int:
        """The periods that have begun: what the building owed by today."""
        return self.held + self.due + self.missing


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def cadence_of(district) -> DrillCadence:
    """The district's cadence, or the Connecticut profile until it sets its own."""
    try:
        return district.cadence
    except DrillCadence.DoesNotExist:
        return DrillCadence.connecticut(district)


def periods(
    cadence: DrillCadence, school_year: SchoolYear
) -> list[tuple[int, str, datetime.date, datetime.date]]:
    """(number, owed kind, first day, last day) for each period of the school year."""
    result = []
    starts = school_year.first_day
    ends = starts + datetime.timedelta(days=cadence.first_within_days)
    number = 1
    while starts <= school_year.last_day:
        alternate = cadence.alternate_kind and cadence.alternate_every
        owed = (
            cadence.alternate_kind
            if alternate and number % cadence.alternate_every == 0
            else cadence.kind
        )
        result.append((number, owed, starts, min(ends, school_year.last_day)))
        starts = ends + datetime.timedelta(days=1)
        ends = add_months(starts, cadence.every_months) - datetime.timedelta(days=1)
        number += 1
    return result


def calendar_for(
    cadence: DrillCadence,
    school_year: SchoolYear,
    drills: Iterable[Drill],
    today: datetime.date,
    owed: list[tuple[int, str, datetime.date, datetime.date]] | None = None,
) -> list[Period]:
    """Each period of the year with its status, given the building's drills of the year
    (and the year's ``periods``, where they are known already: the same for every
    building of the district)."""
    zone = ZoneInfo(cadence.district.time_zone)
    held: dict[tuple[str, datetime.date], Drill] = {}
    planned: list[Drill] = []
    for drill in drills:
        if drill.held_at is not None:
            held.setdefault((drill.kind, drill.held_at.astimezone(zone).date()), drill)
        elif drill.planned_for is not None:
            planned.append(drill)
    result = []
    for number, kind, starts, ends in periods(cadence, school_year) if owed is None else owed:
        met = min(
            (d for (k, day), d in held.items() if k == kind and starts <= day <= ends),
            key=lambda d: d.held_at,
            default=None,
        )
        if met is not None:
            status = HELD
        elif ends < today:
            status = MISSING
        elif starts <= today:
            status = DUE
        else:
            status = UPCOMING
        plan = next(
            (d for d in planned if d.kind == kind and starts <= d.planned_for <= ends), None
        )
        result.append(
            Period(number, kind, starts, ends, status, met, plan if met is None else None)
        )
    return result


def summary(calendar_: list[Period]) -> YearSummary:
    count = {HELD: 0, DUE: 0, MISSING: 0, UPCOMING: 0}
    for period in calendar_:
        count[period.status] += 1
    return YearSummary(count[HELD], count[DUE], count[MISSING], count[UPCOMING])


def year_bounds(school_year: SchoolYear) -> tuple[datetime.datetime, datetime.datetime]:
    """The school year as aware datetimes in the district's zone: [first day, after last)."""
    zone = ZoneInfo(school_year.district.time_zone)
    start = datetime.datetime.combine(school_year.first_day, datetime.time(), zone)
    end = datetime.datetime.combine(
        school_year.last_day + datetime.timedelta(days=1), datetime.time(), zone
    )
    return start, end


def year_window(district, year: int, school_year: SchoolYear | None):
    """The school year as aware datetimes: its calendar if set, else July 1 to June 30."""
    if school_year is not None:
        return year_bounds(school_year)
    return school_year_window(district, year)


def calendars(
    district, committee_ids: Iterable[int], year: int, today: datetime.date
) -> tuple[SchoolYear | None, dict[int, list[Period]]]:
    """Each committee's drill calendar for a school year, in three queries whatever the count.

    A deliberate projection (docs/access.md, "Aggregates"): the status of each period
    and the day its drill was held count every drill of the committee, whatever its
    level, so that a member who may not open a restricted drill still sees the right
    count. Pages link a drill only where the gate lets the reader open it.
    """
    school_year = SchoolYear.objects.filter(district=district, year=year).first()
    if school_year is None:
        return None, {}
    school_year.district = district
    cadence = cadence_of(district)
    cadence.district = district
    start, end = year_bounds(school_year)
    by_committee: dict[int, list[Drill]] = {pk: [] for pk in committee_ids}
    drills = Drill.objects.filter(committee_id__any=list(by_committee)).filter(
        Q(held_at__gte=start, held_at__lt=end)
        | Q(held_at__isnull=True, planned_for__range=(school_year.first_day, school_year.last_day))
    )
    for drill in drills.only("id", "committee_id", "kind", "held_at", "planned_for", "visibility"):
        by_committee[drill.committee_id].append(drill)
    owed = periods(cadence, school_year)
    return school_year, {
        pk: calendar_for(cadence, school_year, found, today, owed)
        for pk, found in by_committee.items()
    }
