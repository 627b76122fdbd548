"""The annual drill report, per school and for the district, as PDF and as CSV.

Both formats are built from one ``Report``, so they carry the same facts:

- each school's calendar for the school year (``cadence.calendars``): a documented
  aggregate that counts every drill of the school whatever its level, so a member who
  may not open a restricted drill still sees that its period was met, and on which day;
- each school's log of the drills held that year, read through the gate: a drill the
  reader may not see is absent from their log.

The PDF reads in the language of the request that made it; the CSV is in English
whoever exports it, as every CSV of the portal is. Free text (the drill's notes,
observers' remarks, problems' descriptions) goes into the PDF only, where each drill
says its level and each page the highest level in the file; the CSV is for a clerk's
spreadsheet: one header row, then rows a filter on "Record" and "Status" sorts out
(notes about the report, periods, drills held).

A fixed number of queries whatever the number of schools and drills.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import dateformat, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from committees import access
from committees.models import Building, Committee, District, Level
from incidents import cadence
from incidents.cadence import Period, YearSummary
from incidents.models import Drill, DrillCadence, DrillObserver, SchoolYear
from safety_portal.documents import (
    DAY,
    LEVEL_NOTES,
    RANK,
    RESTRICTED_MARK,
    SHORT_DAY,
    SHORT_MONTH_DAY,
    Block,
    Document,
    export_footer,
    local_time,
)
from safety_portal.view_helpers import csv_cell

TITLE = gettext_lazy("Annual drill report")
PERIOD_STATUS = {
    cadence.HELD: pgettext_lazy("a drill period", "Held"),
    cadence.DUE: pgettext_lazy("a drill period", "Due"),
    cadence.MISSING: pgettext_lazy("a drill period", "Missing"),
    cadence.UPCOMING: pgettext_lazy("a drill period", "Upcoming"),
}
EXPLAINED = gettext_lazy(
    "The calendar counts every drill held at the school; the log lists the drills "
    "whose records you may open."
)


@dataclass(frozen=True)
class School:
    building: Building
    committee: Committee | None  # None: the building has no safety committee yet
    periods: list[Period]
    drills: list[Drill]  # held in the school year, as the reader may see them, oldest first

    @property
    def summary(self) -> YearSummary:
        return cadence.summary(self.periods)

    def period_of(self, drill: Drill) -> int | None:
        """The number of the period this drill met, if it met one."""
        return next((p.number for p in self.periods if p.held and p.held.pk == drill.pk), None)


@dataclass(frozen=True)
class Report:
    district: District
    year: int
    school_year: SchoolYear | None  # None while the district has not set it
    rule: DrillCadence
    today: datetime.date
    schools: list[School]
    whole_district: bool

    @property
    def year_label(self) -> str:
        return f"{self.year}–{str(self.year + 1)[-2:]}"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.district.time_zone)

    @property
    def filename(self) -> str:
        """Without extension: drill-report-westport-high-school-2026-27."""
        name = self.district.name if self.whole_district else self.schools[0].building.name
        return f"drill-report-{slugify(name)}-{self.year}-{str(self.year + 1)[-2:]}"

    @property
    def highest(self) -> Level:
        levels = [Level.COMMITTEE] + [Level(d.visibility) for s in self.schools for d in s.drills]
        return max(levels, key=lambda level: RANK[level])


# Building the report


def building_report(user, committee: Committee, year: int) -> Report:
    """One school's report: its committee must have a building (the caller checks)."""
    return _report(user, committee.district, [(committee.building, committee)], year, False)


def district_report(user, district: District, year: int) -> Report:
    """Every school of the district, each with its committee as the gate lets ``user`` see it."""
    committees = access.visible(
        user, Committee.objects.filter(district=district, building__isnull=False)
    ).select_related("building")
    schools: list[tuple[Building, Committee | None]] = [(c.building, c) for c in committees]
    with_committee = [building.pk for building, _committee in schools]
    schools += [
        (building, None)
        for building in Building.objects.filter(district=district).exclude(pk__in=with_committee)
    ]
    schools.sort(key=lambda pair: (pair[0].name, pair[0].pk))
    return _report(user, district, schools, year, True)


def _report(user, district, schools, year: int, whole_district: bool) -> Report:
    today = access.district_today(district)
    ids = [committee.pk for _building, committee in schools if committee is not None]
    school_year, calendars = cadence.calendars(district, ids, year, today)
    start, end = cadence.year_window(district, year, school_year)
    held = access.visible(
        user, Drill.objects.filter(committee_id__in=ids, held_at__gte=start, held_at__lt=end)
    ).prefetch_related("observers", "problems")
    log: dict[int, list[Drill]] = {pk: [] for pk in ids}
    for drill in held.order_by("held_at", "pk"):
        log[drill.committee_id].append(drill)
    return Report(
        district=district,
        year=year,
        school_year=school_year,
        rule=cadence.cadence_of(district),  # read once, then cached on the district
        today=today,
        schools=[
            School(
                building=building,
                committee=committee,
                periods=calendars.get(committee.pk, []) if committee else [],
                drills=log.get(committee.pk, []) if committee else [],
            )
            for building, committee in schools
        ],
        whole_district=whole_district,
    )


# Words shared by both formats


def _calendar_words(report: Report) -> str:
    if report.school_year is None:
        return _("not set")
    return _("first day of school %(first)s, last day %(last)s") % {
        "first": dateformat.format(report.school_year.first_day, DAY),
        "last": dateformat.format(report.school_year.last_day, DAY),
    }


def _not_set(report: Report) -> str:
    return _(
        "The school calendar for %(year)s is not set: until the district's "
        "safety administrators enter its first and last day of school, no drill is owed "
        "or missing. The drills held between July 1 and June 30 are listed."
    ) % {"year": report.year_label}


def _summary_words(summary: YearSummary) -> str:
    return _(
        "required so far %(required)s, held %(held)s, missing %(missing)s, due %(due)s, "
        "upcoming %(upcoming)s"
    ) % {
        "required": summary.required_so_far,
        "held": summary.held,
        "missing": summary.missing,
        "due": summary.due,
        "upcoming": summary.upcoming,
    }


def _window(period: Period) -> str:
    end = dateformat.format(period.ends, SHORT_DAY)
    start_format = SHORT_MONTH_DAY if period.starts.year == period.ends.year else SHORT_DAY
    return f"{dateformat.format(period.starts, start_format)} – {end}"


def _observer(observer: DrillObserver) -> str:
    """'Off. Dana Ruiz, Westport PD evaluator: 4/5'."""
    text = f"{observer.name}, {observer.role}" if observer.role else observer.name
    if observer.score:
        return f"{text}: {observer.score}/5"
    return _("%(observer)s: not scored") % {"observer": text}


def _local_day(value: datetime.datetime, zone: ZoneInfo) -> datetime.date:
    return value.astimezone(zone).date()


# PDF


def pdf_document(user, report: Report) -> Document:
    zone, highest = report.zone, report.highest
    name = report.district.name if report.whole_district else report.schools[0].building.name
    doc = Document(
        title=f"{TITLE}: {name}, {report.year_label}",
        filename=report.filename,
        footer=export_footer(user, zone, highest.value),
    )
    doc.add("title", TITLE)
    doc.add("field", report.district.name, _("District"))
    if report.whole_district:
        schools = ", ".join(s.building.name for s in report.schools) or "—"
        doc.add("field", schools, _("Schools"))
    else:
        doc.add("field", report.schools[0].building.name, _("School"))
    doc.add("field", report.year_label, _("School year"))
    doc.add("field", _calendar_words(report), _("School calendar"))
    doc.add("field", report.rule.in_words(), _("Drill rule"))
    doc.add("field", dateformat.format(report.today, DAY), _("Status as of"))
    if highest == Level.RESTRICTED:
        doc.add("mark", RESTRICTED_MARK)
    if report.school_year is None:
        doc.add("mark", _not_set(report))
    doc.add("text", EXPLAINED)
    for school in report.schools:
        _pdf_school(doc, report, school, zone)
    return doc


def _pdf_school(doc: Document, report: Report, school: School, zone: ZoneInfo) -> None:
    doc.add("heading", school.building.name)
    if school.committee is None:
        doc.add("text", _("This school has no safety committee yet: no drill is on record."))
        return
    doc.add("field", school.committee.name, _("Committee"))
    if report.school_year is not None:
        doc.add("field", _summary_words(school.summary), _("Summary"))
        rows = [(_("No."), _("Drill owed"), _("Window"), _("Status"), _("Held on"))]
        for period in school.periods:
            held_on = (
                dateformat.format(_local_day(period.held.held_at, zone), SHORT_DAY)
                if period.held
                else "—"
            )
            rows.append(
                (
                    str(period.number),
                    period.kind_label,
                    _window(period),
                    str(PERIOD_STATUS[period.status]),
                    held_on,
                )
            )
        doc.blocks.append(Block("table", "", rows=tuple(rows)))
    doc.add("subheading", _("Drills held (%(count)s)") % {"count": len(school.drills)})
    if not school.drills:
        doc.add("text", _("None on record."))
    for drill in school.drills:
        held = _("%(kind)s drill: %(when)s") % {
            "kind": drill.get_kind_display(),
            "when": local_time(drill.held_at, zone),
        }
        doc.add("subheading", held)
        doc.add("mark", LEVEL_NOTES[Level(drill.visibility)])
        period = school.period_of(drill)
        counts = _("period %(n)s") % {"n": period} if period else _("no period of the rule")
        doc.add("field", counts, _("Counts for"))
        minutes = drill.duration_minutes or 0
        duration = ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
        doc.add("field", duration if minutes else "—", _("Duration"))
        doc.add("field", str(drill.participants) if drill.participants else "—", _("Participants"))
        observers = list(drill.observers.all())
        doc.add("field", str(len(observers)) if observers else _("none"), _("Observers"))
        for observer in observers:
            remarks = f" — {observer.remarks}" if observer.remarks else ""
            doc.add("item", _observer(observer) + remarks)
        problems = list(drill.problems.all())
        doc.add("field", str(len(problems)), _("Problems found"))
        for problem in problems:
            doc.add("item", problem.description)
        if drill.notes:
            doc.add("field", drill.notes, _("Notes"))


# CSV

CSV_COLUMNS = [
    "Record",
    "District",
    "School",
    "School year",
    "Period",
    "Drill owed",
    "Window starts",
    "Window ends",
    "Status",
    "Drill",
    "Date held",
    "Time held",
    "Duration (minutes)",
    "Participants",
    "Observers",
    "Problems found",
    "Level",
    "Note",
]


def csv_rows(report: Report) -> list[list[str]]:
    """The header, notes about the report, then per school its periods and drills held."""
    zone = report.zone

    def row(record: str, school: str = "", values: dict | None = None) -> list[str]:
        cells = {
            "Record": record,
            "District": report.district.name,
            "School": school,
            "School year": report.year_label,
            **(values or {}),
        }
        unknown = set(cells) - set(CSV_COLUMNS)
        if unknown:
            raise KeyError(f"No such column: {unknown}")
        return [csv_cell(cells.get(column, "")) for column in CSV_COLUMNS]

    rows = [CSV_COLUMNS]
    rows.append(row("note", values={"Note": f"Drill rule: {report.rule.in_words()}"}))
    rows.append(row("note", values={"Note": f"Status as of {report.today.isoformat()}"}))
    if report.school_year is None:
        rows.append(row("note", values={"Note": _not_set(report)}))
    else:
        calendar_ = f"School calendar: {_calendar_words(report)}"
        rows.append(row("note", values={"Note": calendar_}))
    for school in report.schools:
        name = school.building.name
        if school.committee is None:
            none = "No safety committee yet: no drill on record."
            rows.append(row("note", name, {"Note": none}))
            continue
        for period in school.periods:
            held_on = _local_day(period.held.held_at, zone).isoformat() if period.held else ""
            values = {
                "Period": period.number,
                "Drill owed": period.kind_label,
                "Window starts": period.starts.isoformat(),
                "Window ends": period.ends.isoformat(),
                "Status": period.status,
                "Date held": held_on,
            }
            rows.append(row("period", name, values))
        for drill in school.drills:
            when = drill.held_at.astimezone(zone)
            values = {
                "Period": school.period_of(drill) or "",
                "Status": cadence.HELD,
                "Drill": drill.get_kind_display(),
                "Date held": when.date().isoformat(),
                "Time held": dateformat.format(when, "H:i T"),
                "Duration (minutes)": drill.duration_minutes or "",
                "Participants": drill.participants or "",
                "Observers": "; ".join(_observer(o) for o in drill.observers.all()),
                "Problems found": len(drill.problems.all()),
                "Level": Level(drill.visibility).label,
            }
            rows.append(row("drill", name, values))
    return rows


def render_csv(report: Report) -> str:
    buffer = io.StringIO()
    # In English, as its columns are, whatever language its reader browses in.
    with translation.override("en"):
        csv.writer(buffer).writerows(csv_rows(report))
    return buffer.getvalue()
