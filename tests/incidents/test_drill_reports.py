"""The annual drill report: per school and for the district, PDF and CSV, through the gate."""

import csv
import datetime
import io

import pypdf
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees import access
from committees.models import Level
from incidents import cadence, drill_reports, drills
from incidents.models import Drill, DrillCadence
from safety_portal.school_calendar import school_year_of
from tests.factories import BuildingFactory

pytestmark = pytest.mark.django_db

YEAR = 2025  # a school year that is over: every period is held or missing
FIRST_DAY, LAST_DAY = datetime.date(2025, 8, 27), datetime.date(2026, 6, 12)
REMARK = "CANARY-DRILL-REMARK-RESTRICTED-7f3a"
PROBLEM = "CANARY-DRILL-PROBLEM-RESTRICTED-7f3a"
MISSING = 4  # Nov 27 – Dec 26, 2025: the fire drill that was not held
CT_RULE = (
    "Connecticut (C.G.S. 10-231): a fire drill within 30 days of the first school day, "
    "then one each month; every 3rd month a crisis response drill instead"
)


def _school_year(cast, year=YEAR, first_day=FIRST_DAY, last_day=LAST_DAY):
    return drills.school_year_set(
        district=cast.district, year=year, first_day=first_day, last_day=last_day, by=None
    )


def _held(building, kind, held_at, visibility=Level.COMMITTEE):
    return drills.drill_plan(
        building=building,
        kind=kind,
        held_at=held_at,
        duration_minutes=12,
        participants=640,
        visibility=visibility,
        by=None,
    )


def _year_of_drills(cast):
    """The high school holds the owed drill in every period but the fourth, each on the
    fifth day of its period at 14:15 UTC; the second is restricted and carries canaries."""
    school_year = _school_year(cast)
    rule = cadence.cadence_of(cast.district)
    held = {}
    for number, kind, starts, _ends in cadence.periods(rule, school_year):
        if number == MISSING:
            continue
        day = starts + datetime.timedelta(days=5)
        level = Level.RESTRICTED if number == 2 else Level.COMMITTEE
        when = datetime.datetime.combine(day, datetime.time(14, 15), datetime.UTC)
        held[number] = _held(cast.high.building, kind, when, level)
    drills.drill_observer_add(
        drill=held[1],
        name="Off. Dana Ruiz",
        role="Westport PD evaluator",
        score=4,
        remarks="Orderly; the east stairwell was slow.",
        by=None,
    )
    drills.drill_problem_add(drill=held[1], description="The gym alarm was faint.", by=None)
    drills.drill_observer_add(
        drill=held[2], name="Capt. Lee Moss", role="Fire marshal", score=3, remarks=REMARK, by=None
    )
    drills.drill_problem_add(drill=held[2], description=PROBLEM, by=None)
    return held


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    # Lines wrap where reportlab breaks them: compare words, not line ends.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _url(name, *args, year=YEAR):
    return reverse(name, args=args) + (f"?year={year}" if year else "")


def _get(client, name, *args, year=YEAR):
    response = client.get(_url(name, *args, year=year))
    assert response.status_code == 200, response.status_code
    return response


def _pdf(client, *args, year=YEAR):
    name = "incidents:drill_report" if len(args) == 1 else "incidents:district_drill_report"
    response = _get(client, name, *args, "pdf", year=year)
    assert response["Content-Type"] == "application/pdf"
    return response, _pdf_text(response.content)


def _csv(client, *args, year=YEAR):
    name = "incidents:drill_report" if len(args) == 1 else "incidents:district_drill_report"
    response = _get(client, name, *args, "csv", year=year)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    return response, rows


def test_a_schools_pdf_lists_the_year_its_drills_in_local_time_and_the_missing_period(cast, login):
    _year_of_drills(cast)
    response, text = _pdf(login(cast.chair), cast.high.pk)
    assert response["Content-Disposition"] == (
        'attachment; filename="drill-report-westport-high-school-2025-26.pdf"'
    )
    for part in (
        "Annual drill report",
        "District: Westport Public Schools",
        "School: Westport High School",
        "School year: 2025–26",
        "first day of school August 27, 2025, last day June 12, 2026",
        CT_RULE,
        "Committee: Westport High School Safety Committee",
        "required so far 10, held 9, missing 1, due 0, upcoming 0",
        # The periods table: number, owed kind, window, status, day held.
        "1 Fire Aug 27 – Sep 26, 2025 Held Sep 1, 2025",
        "3 Crisis response Oct 27 – Nov 26, 2025 Held Nov 1, 2025",
        f"{MISSING} Fire Nov 27 – Dec 26, 2025 Missing —",
        "Drills held (9)",
        # The log, in the district's time zone (14:15 UTC is 10:15 in September).
        "Fire drill: Monday, September 1, 2025, 10:15 AM EDT",
        "Crisis response drill: Saturday, November 1, 2025, 10:15 AM EDT",
        "Fire drill: Thursday, January 1, 2026, 9:15 AM EST",
        "Duration: 12 minutes",
        "Participants: 640",
        "Off. Dana Ruiz, Westport PD evaluator: 4/5 — Orderly; the east stairwell was slow.",
        "Problems found: 1 The gym alarm was faint.",
        "Committee: for committee members only",
        # The cleared chair sees the restricted drill, marked so on it and on every page.
        "Restricted: for cleared members only, do not pass on",
        REMARK,
        PROBLEM,
        "contains restricted information",
    ):
        assert part in text, part


def test_a_spanish_readers_pdf_is_in_spanish_and_the_csv_stays_english(cast, login):
    _year_of_drills(cast)
    client = login(cast.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    _, text = _pdf(client, cast.high.pk)
    for part in (
        "Informe anual de simulacros",
        "Escuela: Westport High School",
        "Año escolar: 2025–26",
        "primer día de clases 27 de agosto de 2025, último día 12 de junio de 2026",
        "requeridos hasta ahora 10, realizados 9, faltantes 1",
        f"{MISSING} Incendio 27 Nov – 26 Dic 2025 Faltante —",
        "Simulacros realizados (9)",
        "lunes, 1 de septiembre de 2025, 10:15 EDT",
        "Duración: 12 minutos",
        "Restringido: solo para miembros autorizados, no lo comparta",
        "contiene información restringida",
    ):
        assert part in text, part
    # A drill whose length was not written down: "—", not a server error.
    Drill.objects.filter(committee=cast.high).update(duration_minutes=None)
    _, text = _pdf(client, cast.high.pk)
    assert "Duración: —" in text
    for english in ("Annual drill report", "School year", "Drills held", "minutes", "Missing"):
        assert english not in text, english
    _, rows = _csv(client, cast.high.pk)
    assert {row["Status"] for row in rows if row["Record"] == "period"} == {"held", "missing"}
    assert "Fire" in {row["Drill"] for row in rows}


def test_a_schools_csv_has_a_row_per_drill_held_and_per_period_for_filtering(cast, login):
    _year_of_drills(cast)
    response, rows = _csv(login(cast.chair), cast.high.pk)
    assert response["Content-Disposition"] == (
        'attachment; filename="drill-report-westport-high-school-2025-26.csv"'
    )
    assert list(rows[0]) == drill_reports.CSV_COLUMNS
    periods = [r for r in rows if r["Record"] == "period"]
    assert len(periods) == 10
    missing = [r for r in periods if r["Status"] == "missing"]
    assert [
        (r["Period"], r["Drill owed"], r["Window starts"], r["Window ends"]) for r in missing
    ] == [(str(MISSING), "Fire", "2025-11-27", "2025-12-26")]
    assert {r["School"] for r in rows if r["Record"] != "note"} == {"Westport High School"}
    assert {r["School year"] for r in rows} == {"2025–26"}
    held = [r for r in rows if r["Record"] == "drill"]
    assert len(held) == 9
    first = held[0]
    assert first["Period"] == "1"
    assert (first["Drill"], first["Date held"], first["Time held"]) == (
        "Fire",
        "2025-09-01",
        "10:15 EDT",
    )
    assert (first["Duration (minutes)"], first["Participants"]) == ("12", "640")
    assert first["Observers"] == "Off. Dana Ruiz, Westport PD evaluator: 4/5"
    assert (first["Problems found"], first["Level"]) == ("1", "Committee")
    assert held[1]["Level"] == "Restricted"
    notes = " ".join(r["Note"] for r in rows if r["Record"] == "note")
    assert CT_RULE in notes
    # Free text goes into the PDF only, even for a reader who may see it.
    body = response.content.decode()
    for text in (REMARK, PROBLEM, "east stairwell", "gym alarm"):
        assert text not in body


def test_a_parent_sees_the_restricted_drill_counted_but_not_its_record(cast, login):
    _year_of_drills(cast)
    client = login(cast.parent)
    _response, text = _pdf(client, cast.high.pk)
    assert "2 Fire Sep 27 – Oct 26, 2025 Held Oct 2, 2025" in text  # the documented count
    assert "Drills held (8)" in text
    assert "Off. Dana Ruiz" in text
    for secret in (REMARK, PROBLEM, "Capt. Lee Moss", "Restricted", "restricted"):
        assert secret not in text, secret
    assert "contains committee information" in text
    _response, rows = _csv(client, cast.high.pk)
    assert [r["Period"] for r in rows if r["Record"] == "drill"] == [
        "1",
        "3",
        "5",
        "6",
        "7",
        "8",
        "9",
        "10",
    ]
    assert next(r for r in rows if r["Record"] == "period" and r["Period"] == "2")["Status"] == (
        "held"
    )
    body = "\n".join(",".join(r.values()) for r in rows)
    assert "Capt. Lee Moss" not in body and "Restricted" not in body


def test_the_district_report_covers_every_school_for_its_administrators_only(cast, login):
    _year_of_drills(cast)
    BuildingFactory(district=cast.district, name="Harbor Elementary School", slug="harbor")
    client = login(cast.district_admin)
    response, text = _pdf(client, year=YEAR)
    assert response["Content-Disposition"] == (
        'attachment; filename="drill-report-westport-public-schools-2025-26.pdf"'
    )
    assert (
        "Schools: Cedar Point Middle School, Harbor Elementary School, Westport High School" in text
    )
    assert "required so far 10, held 9, missing 1, due 0" in text  # the high school
    assert "required so far 10, held 0, missing 10, due 0" in text  # the middle school
    assert "This school has no safety committee yet" in text
    assert REMARK in text  # district administrators see restricted records
    assert "Millbrook" not in text
    _response, rows = _csv(client, year=YEAR)
    schools = {r["School"] for r in rows if r["Record"] == "period"}
    assert schools == {"Westport High School", "Cedar Point Middle School"}
    middle = [r for r in rows if r["School"] == "Cedar Point Middle School"]
    assert {r["Status"] for r in middle} == {"missing"}

    for fmt in ("pdf", "csv"):
        url = _url("incidents:district_drill_report", fmt)
        assert login(cast.chair).get(url).status_code == 403
        assert login(cast.principal).get(url).status_code == 403
        anonymous = login(None).get(url)
        assert anonymous.status_code == 302
        assert reverse("login") in anonymous["Location"]
        assert login(cast.district_admin).get(url.replace(f".{fmt}", ".xls")).status_code == 404
    # Another district's administrator gets their own district, and nothing of this one.
    _response, text = _pdf(login(cast.other_admin), year=YEAR)
    assert "Millbrook High School" in text and "calendar for 2025–26 is not set" in text
    assert "Westport" not in text


def test_a_schools_report_is_refused_to_who_may_not_see_its_committee(cast, login):
    _year_of_drills(cast)
    for fmt in ("pdf", "csv"):
        url = _url("incidents:drill_report", cast.high.pk, fmt)
        assert login(cast.other_admin).get(url).status_code == 404
        assert login(cast.stranger).get(url).status_code == 404
        assert login(cast.outsider).get(url).status_code == 404
        assert login(None).get(url).status_code == 302
        assert login(cast.principal).get(url).status_code == 200
    client = login(cast.district_admin)
    no_school = _url("incidents:drill_report", cast.district_wide.pk, "pdf")
    assert client.get(no_school).status_code == 404
    assert client.get(_url("incidents:drill_report", cast.high.pk, "xls")).status_code == 404


def test_the_year_defaults_to_the_current_one_and_a_bad_year_means_it_too(cast, login):
    current = school_year_of(access.district_today(cast.district))
    expected = f"drill-report-westport-high-school-{current}-{str(current + 1)[-2:]}.csv"
    client = login(cast.chair)
    for query in ("", "?year=abc", "?year=1999"):
        response = client.get(reverse("incidents:drill_report", args=[cast.high.pk, "csv"]) + query)
        assert response.status_code == 200
        assert expected in response["Content-Disposition"], query


def test_without_a_school_calendar_the_report_says_so_and_still_lists_the_drills(cast, login):
    _held(
        cast.high.building, "lockdown", datetime.datetime(2024, 10, 15, 17, 30, tzinfo=datetime.UTC)
    )
    client = login(cast.chair)
    _response, text = _pdf(client, cast.high.pk, year=2024)
    assert "School calendar: not set" in text
    assert "The school calendar for 2024–25 is not set" in text
    assert "Lockdown drill: Tuesday, October 15, 2024, 1:30 PM EDT" in text
    assert "required so far" not in text
    _response, rows = _csv(client, cast.high.pk, year=2024)
    assert [r["Record"] for r in rows] == ["note", "note", "note", "drill"]
    assert "The school calendar for 2024–25 is not set" in rows[2]["Note"]
    assert (rows[3]["Period"], rows[3]["Date held"]) == ("", "2024-10-15")
    # An empty year: the header and the notes, nothing else.
    _response, rows = _csv(client, cast.high.pk, year=2023)
    assert [r["Record"] for r in rows] == ["note", "note", "note"]


def test_csv_cells_cannot_run_as_formulas(cast, login):
    _school_year(cast)
    drill = _held(
        cast.high.building, "fire", datetime.datetime(2025, 9, 3, 14, 0, tzinfo=datetime.UTC)
    )
    drills.drill_observer_add(
        drill=drill, name='=HYPERLINK("https://evil.example")', role="-2+3", score=2, by=None
    )
    drills.drill_observer_add(drill=drill, name="@SUM(A1)", role="+cmd", by=None)
    _response, rows = _csv(login(cast.chair), cast.high.pk)
    cell = next(r for r in rows if r["Record"] == "drill")["Observers"]
    assert cell.startswith("'=HYPERLINK")
    assert cell == ('\'=HYPERLINK("https://evil.example"), -2+3: 2/5; @SUM(A1), +cmd: not scored')
    for row in rows:
        for value in row.values():
            assert value[:1] not in ("=", "+", "-", "@"), value


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("fmt", ["pdf", "csv"])
def test_the_query_count_does_not_grow_with_drills_or_schools(cast, login, fmt):
    _school_year(cast)
    start = datetime.datetime(2025, 9, 2, 14, 0, tzinfo=datetime.UTC)

    def hold(n, building, offset=0):
        for i in range(n):
            drill = _held(
                building,
                "fire",
                start + datetime.timedelta(days=offset + 6 * i),
                Level.RESTRICTED if i % 3 == 0 else Level.COMMITTEE,
            )
            drills.drill_observer_add(drill=drill, name="Observer", role="PD", score=3, by=None)
            drills.drill_problem_add(drill=drill, description="Slow exit", by=None)

    hold(2, cast.high.building)
    school = _url("incidents:drill_report", cast.high.pk, fmt)
    district = _url("incidents:district_drill_report", fmt)
    chair, admin = login(cast.chair), None
    _queries(chair, school)  # warm
    few = _queries(chair, school)
    admin = login(cast.district_admin)
    _queries(admin, district)
    few_district = _queries(admin, district)

    hold(38, cast.high.building, offset=1)
    hold(20, cast.middle.building, offset=2)
    chair = login(cast.chair)
    _queries(chair, school)
    assert _queries(chair, school) == few
    admin = login(cast.district_admin)
    _queries(admin, district)
    assert _queries(admin, district) == few_district


def test_the_rule_in_words(cast):
    assert DrillCadence.connecticut(cast.district).in_words() == CT_RULE
    custom = DrillCadence(
        district=cast.district,
        profile=DrillCadence.Profile.CUSTOM,
        first_within_days=20,
        every_months=2,
        kind="lockdown",
        alternate_kind="evacuation",
        alternate_every=2,
    )
    assert custom.in_words() == (
        "Custom: a lockdown drill within 20 days of the first school day, then one every "
        "2 months; every 2nd period an evacuation drill instead"
    )
    custom.alternate_every = 0
    assert custom.in_words().endswith("then one every 2 months")


def test_a_table_block_renders_in_both_export_formats():
    """The periods table is a block of the shared document kit, so both renderers know it."""
    from safety_portal import documents

    doc = documents.Document(title="T", filename="t", footer="Exported")
    doc.blocks.append(documents.Block("table", "", rows=(("No.", "Status"), ("4", "Missing"))))
    assert "  No. | Status\n  4 | Missing" in documents.render_text(doc)
    assert "4 Missing" in _pdf_text(documents.render_pdf(doc))
