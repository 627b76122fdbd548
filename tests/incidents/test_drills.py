"""Drills: the Connecticut cadence over a school year, the calendar and log, scores and
problems, what members see, and the public count."""

import datetime
import re
from datetime import date
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from committees import access
from committees.models import Level
from followups.models import ActionItem
from incidents import cadence, drills
from incidents.models import Drill, DrillCadence, SchoolYear
from notifications import scans
from notifications.models import Notification
from tests.notifications.clock import Clock, at, everything

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")
TODAY = datetime.date(2026, 12, 1)
FIRE, CRISIS = Drill.Kind.FIRE, Drill.Kind.CRISIS_RESPONSE


@pytest.fixture
def today(monkeypatch):
    """Every page and the gate see December 1, 2026, in the district."""
    monkeypatch.setattr(access, "district_today", lambda district: TODAY)
    return TODAY


@pytest.fixture
def year(cast):
    """The 2026–27 school year, from a clean slate: the cast's own November drills go."""
    Drill.objects.all().delete()
    return drills.school_year_set(
        district=cast.district,
        year=2026,
        first_day=datetime.date(2026, 8, 27),
        last_day=datetime.date(2027, 6, 15),
        by=None,
    )


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), NEW_YORK)


def _held(cast, kind, day, committee="high", **extra) -> Drill:
    return drills.drill_plan(
        building=getattr(cast, committee).building, kind=kind, held_at=_at(day), by=None, **extra
    )


def _calendar(cast, year, found, today=TODAY):
    return cadence.calendar_for(cadence.cadence_of(cast.district), year, found, today)


def test_the_connecticut_cadence_cuts_the_year_into_months_with_every_third_a_crisis_drill(
    cast, year
):
    periods = cadence.periods(cadence.cadence_of(cast.district), year)
    assert [(n, kind, starts, ends) for n, kind, starts, ends in periods[:4]] == [
        # within 30 days of the first school day, then monthly
        (1, FIRE, datetime.date(2026, 8, 27), datetime.date(2026, 9, 26)),
        (2, FIRE, datetime.date(2026, 9, 27), datetime.date(2026, 10, 26)),
        (3, CRISIS, datetime.date(2026, 10, 27), datetime.date(2026, 11, 26)),
        (4, FIRE, datetime.date(2026, 11, 27), datetime.date(2026, 12, 26)),
    ]
    assert [kind for _, kind, _, _ in periods] == [FIRE, FIRE, CRISIS] * 3 + [FIRE]
    # the last period stops on the last school day
    assert periods[-1][2:] == (datetime.date(2027, 5, 27), datetime.date(2027, 6, 15))


def test_held_due_missing_and_upcoming_over_the_school_year(cast, year):
    found = [
        _held(cast, FIRE, datetime.date(2026, 9, 10)),
        # October's fire drill was never held; a lockdown drill does not stand in for it
        _held(cast, Drill.Kind.LOCKDOWN, datetime.date(2026, 10, 14)),
        _held(cast, CRISIS, datetime.date(2026, 11, 12)),
    ]
    planned = drills.drill_plan(
        building=cast.high.building, kind=FIRE, planned_for=datetime.date(2026, 12, 9), by=None
    )
    periods = _calendar(cast, year, [*found, planned])
    assert [p.status for p in periods] == [
        cadence.HELD,
        cadence.MISSING,
        cadence.HELD,
        cadence.DUE,
        *[cadence.UPCOMING] * 6,
    ]
    assert periods[0].held == found[0] and periods[2].held == found[2]
    assert periods[3].planned == planned  # December's drill is on the calendar
    summary = cadence.summary(periods)
    assert (summary.held, summary.due, summary.missing, summary.upcoming) == (2, 1, 1, 6)
    assert summary.required_so_far == 4

    # At the end of the year, everything not held is missing.
    last = cadence.summary(_calendar(cast, year, found, today=datetime.date(2027, 6, 20)))
    assert (last.held, last.due, last.missing, last.upcoming) == (2, 0, 8, 0)


def test_a_period_counts_the_district_day_not_the_utc_day(cast, year):
    # 11 PM on September 26 in Westport is already September 27 in UTC.
    late = drills.drill_plan(
        building=cast.high.building,
        kind=FIRE,
        held_at=datetime.datetime(2026, 9, 26, 23, 0, tzinfo=NEW_YORK),
        by=None,
    )
    periods = _calendar(cast, year, [late])
    assert periods[0].status == cadence.HELD
    assert periods[1].status == cadence.MISSING


def test_a_district_sets_its_own_rule_and_can_go_back_to_connecticut(cast, year):
    drills.drill_cadence_set(
        district=cast.district,
        by=cast.district_admin,
        profile=DrillCadence.Profile.CUSTOM,
        first_within_days=14,
        every_months=2,
        kind=Drill.Kind.EVACUATION,
        alternate_kind="",
        alternate_every=0,
    )
    cast.district.refresh_from_db()
    periods = cadence.periods(cadence.cadence_of(cast.district), year)
    assert periods[0][2:] == (datetime.date(2026, 8, 27), datetime.date(2026, 9, 10))
    assert periods[1][2:] == (datetime.date(2026, 9, 11), datetime.date(2026, 11, 10))
    assert {kind for _, kind, _, _ in periods} == {Drill.Kind.EVACUATION}
    assert "every 2 months" in cast.district.cadence.in_words()

    drills.drill_cadence_set(district=cast.district, by=cast.district_admin, profile="connecticut")
    cast.district.cadence.refresh_from_db()
    assert cast.district.cadence.in_words() == (
        "Connecticut (C.G.S. 10-231): a fire drill within 30 days of the first school day, "
        "then one each month; every 3rd month a crisis response drill instead"
    )
    with pytest.raises(PermissionDenied):
        drills.drill_cadence_set(district=cast.district, by=cast.chair, profile="connecticut")
    with pytest.raises(PermissionDenied):
        drills.drill_cadence_set(district=cast.district, by=cast.other_admin, profile="connecticut")


def test_the_school_calendar_is_checked(cast):
    with pytest.raises(ValidationError, match="after the first"):
        drills.school_year_set(
            district=cast.district,
            year=2026,
            first_day=datetime.date(2026, 8, 27),
            last_day=datetime.date(2026, 8, 1),
            by=cast.district_admin,
        )
    with pytest.raises(ValidationError, match="starts in it"):
        drills.school_year_set(
            district=cast.district,
            year=2026,
            first_day=datetime.date(2025, 8, 27),
            last_day=datetime.date(2026, 6, 1),
            by=cast.district_admin,
        )
    with pytest.raises(PermissionDenied):
        drills.school_year_set(
            district=cast.district,
            year=2026,
            first_day=datetime.date(2026, 8, 27),
            last_day=datetime.date(2027, 6, 15),
            by=cast.principal,
        )
    assert not SchoolYear.objects.exists()


def test_the_school_calendar_page_is_the_district_administrators(cast, today, login):
    admin = login(cast.district_admin)
    response = admin.post(
        reverse("incidents:school_calendar"),
        {"year": "2026", "first_day": "2026-08-27", "last_day": "2027-06-15"},
    )
    assert response.status_code == 302
    assert SchoolYear.objects.get(district=cast.district, year=2026).first_day == datetime.date(
        2026, 8, 27
    )
    response = admin.post(
        reverse("incidents:school_calendar"),
        {"year": "2026", "first_day": "2026-08-27", "last_day": "2026-08-01"},
    )
    assert "The last day of school comes after the first." in response.content.decode()
    assert SchoolYear.objects.get(district=cast.district).last_day == datetime.date(2027, 6, 15)
    response = admin.post(
        reverse("incidents:school_calendar"),
        {
            "profile": "custom",
            "first_within_days": "20",
            "every_months": "1",
            "kind": "fire",
            "alternate_kind": "lockdown",
            "alternate_every": "4",
        },
    )
    assert response.status_code == 302
    assert DrillCadence.objects.get(district=cast.district).alternate_kind == "lockdown"
    for role in ("chair", "principal", "parent"):
        assert (
            login(getattr(cast, role)).get(reverse("incidents:school_calendar")).status_code == 403
        )


def test_without_a_school_calendar_nothing_is_due(cast, today, login):
    assert cadence.calendars(cast.district, [cast.high.pk], 2026, TODAY) == (None, {})
    page = login(cast.chair).get(reverse("incidents:drills", args=[cast.high.pk]))
    assert "has not set the first day of school" in page.content.decode()


def test_the_form_to_plan_a_drill_is_in_each_readers_language(cast, year, today, login):
    """The empty form is made once per language and kept: each reader gets their own
    language's, whoever read the page before them in another."""
    url = reverse("incidents:drills", args=[cast.high.pk])
    said = {
        "es": "Déjelo vacío para planificarlo.",
        "pt": "Deixe vazio para planejar.",
        "en": "Leave empty to plan.",
    }
    chair = login(cast.chair)
    for language in ("es", "pt", "en", "es"):
        chair.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = chair.get(url).content.decode()
        assert said[language] in page
        assert [text for other, text in said.items() if other != language and text in page] == []
        assert 'name="held_at"' in page and 'name="csrfmiddlewaretoken"' in page
    parent = login(cast.parent).get(url)
    assert parent.status_code == 200
    assert 'name="held_at"' not in parent.content.decode()


def test_a_drill_held_at_a_time_with_any_offset_is_kept_as_the_same_instant(cast, year, login):
    response = login(cast.chair).post(
        reverse("incidents:drill_new", args=[cast.high.pk]),
        {"kind": "fire", "held_at": "2026-12-09T10:15:00-19:40", "visibility": "committee"},
    )
    assert response.status_code == 302
    drill = Drill.objects.get(committee=cast.high, held_at__isnull=False, kind="fire")
    assert drill.held_at == datetime.datetime(2026, 12, 10, 5, 55, tzinfo=datetime.UTC)


def test_recorders_plan_log_and_score_a_drill_and_problems_become_action_items(
    cast, year, today, login
):
    chair = login(cast.chair)
    response = chair.post(
        reverse("incidents:drill_new", args=[cast.high.pk]),
        {"kind": "fire", "planned_for": "2026-12-09", "visibility": "committee"},
    )
    drill = Drill.objects.get(committee=cast.high, planned_for=datetime.date(2026, 12, 9))
    assert response.url == reverse("incidents:drill", args=[drill.pk])
    assert drill.recorded_by == cast.chair and drill.held_at is None

    chair.post(
        reverse("incidents:drill_held", args=[drill.pk]),
        {"held_at": "2026-12-09T10:15", "duration_minutes": "12", "participants": "1140"},
    )
    drill.refresh_from_db()
    assert drill.held_at == datetime.datetime(2026, 12, 9, 10, 15, tzinfo=NEW_YORK)
    assert (drill.duration_minutes, drill.participants) == (12, 1140)

    chair.post(
        reverse("incidents:drill_observer", args=[drill.pk]),
        {
            "name": "Off. Dana Ruiz",
            "role": "Police evaluator, Westport PD",
            "score": "4",
            "remarks": "Hallways cleared in under four minutes.",
        },
    )
    chair.post(
        reverse("incidents:drill_problem", args=[drill.pk]),
        {"description": "The gym's exit sign was dark."},
    )
    problem = drill.problems.get()
    response = chair.post(
        reverse("incidents:drill_problem_follow_up", args=[problem.pk]),
        {"title": "Replace the gym exit sign"},
    )
    item = ActionItem.objects.get(title="Replace the gym exit sign")
    assert response.url == reverse("followups:action_item", args=[item.pk])
    assert (item.committee, item.source, item.visibility) == (
        cast.high,
        ActionItem.Source.DRILL,
        Level.COMMITTEE,
    )
    problem.refresh_from_db()
    assert problem.action_item == item
    # A second follow-up for the same problem is refused and makes nothing.
    chair.post(reverse("incidents:drill_problem_follow_up", args=[problem.pk]), {"title": "Again"})
    assert not ActionItem.objects.filter(title="Again").exists()

    page = login(cast.parent).get(reverse("incidents:drill", args=[drill.pk])).content.decode()
    assert "Off. Dana Ruiz" in page and "score 4 of 5" in page
    assert "Replace the gym exit sign" in page
    assert "Record that it was held" not in page and "Add a problem found" not in page

    calendar = login(cast.parent).get(reverse("incidents:drills", args=[cast.high.pk]))
    text = calendar.content.decode()
    assert "held December 9" in text  # December's period is met


def test_bad_drill_input_says_why_and_saves_nothing(cast, year, today, login):
    chair = login(cast.chair)
    response = chair.post(
        reverse("incidents:drill_new", args=[cast.high.pk]),
        {"kind": "fire", "visibility": "committee", "duration_minutes": "-3"},
        follow=True,
    )
    text = response.content.decode()
    assert "The drill was not saved" in text
    assert "Give the planned date, or when the drill was held." in text
    assert not Drill.objects.exists()
    drill = _held(cast, FIRE, datetime.date(2026, 9, 10))
    response = chair.post(
        reverse("incidents:drill_observer", args=[drill.pk]),
        {"name": "Off. Dana Ruiz", "role": "Evaluator", "score": "9"},
        follow=True,
    )
    assert "Select a valid choice" in response.content.decode()
    assert not drill.observers.exists()


@pytest.mark.parametrize("role", ["parent", "student", "staff", "officer", "stranger"])
def test_only_chairs_secretaries_and_administrators_record_drills(cast, year, today, login, role):
    client = login(getattr(cast, role))
    response = client.post(
        reverse("incidents:drill_new", args=[cast.high.pk]),
        {"kind": "fire", "planned_for": "2026-12-09", "visibility": "committee"},
    )
    assert response.status_code == (404 if role == "stranger" else 403)
    assert not Drill.objects.exists()
    with pytest.raises(PermissionDenied):
        drills.drill_plan(
            building=cast.high.building,
            kind=FIRE,
            planned_for=datetime.date(2026, 12, 9),
            by=getattr(cast, role),
        )


def test_secretary_records_drills(cast, year, today):
    drill = drills.drill_plan(
        building=cast.high.building, kind=FIRE, held_at=_at(TODAY), by=cast.secretary
    )
    assert drill.committee == cast.high


def test_a_restricted_drill_counts_for_everyone_but_opens_only_for_the_cleared(
    cast, year, today, login
):
    drill = _held(
        cast,
        CRISIS,
        datetime.date(2026, 11, 12),
        visibility=Level.RESTRICTED,
        notes="CANARY-DRILL-NOTES: the side door by the loading dock stuck",
    )
    drills.drill_observer_add(
        drill=drill, name="Lt. Mark Chen", role="Police", remarks="CANARY-DRILL-REMARKS", by=None
    )
    url = reverse("incidents:drills", args=[cast.high.pk])
    parent = login(cast.parent).get(url).content.decode()
    # The parent sees that November's crisis drill was held, not the drill itself.
    assert "held November 12" in parent
    assert reverse("incidents:drill", args=[drill.pk]) not in parent
    assert "CANARY" not in parent
    assert login(cast.parent).get(reverse("incidents:drill", args=[drill.pk])).status_code == 404
    chair = login(cast.chair).get(reverse("incidents:drill", args=[drill.pk])).content.decode()
    assert "CANARY-DRILL-REMARKS" in chair and "CANARY-DRILL-NOTES" in chair
    with pytest.raises(ValidationError):
        drills.drill_plan(
            building=cast.high.building,
            kind=FIRE,
            held_at=_at(TODAY),
            visibility=Level.PUBLIC,
            by=None,
        )


def _rows_of(html: str, start: str) -> list[list[str]]:
    """The cells of each row of a table (``start``: how its rows begin), as a reader
    hears them, each with the addresses it links to."""
    rows = []
    for row in re.findall(rf"{start}.*?</tr>", html, re.S):
        cells = []
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S):
            words = " ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            links = re.findall(r'href="([^"]+)"', cell)
            cells.append(f"{words} -> {links[0]}" if links else words)
        rows.append(cells)
    return rows


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_calendar_and_the_log_read_each_drill(cast, year, today, login, language):
    fire = _held(cast, FIRE, datetime.date(2026, 9, 10), duration_minutes=12, participants=640)
    crisis = _held(cast, CRISIS, datetime.date(2026, 11, 12), visibility=Level.RESTRICTED)
    planned = drills.drill_plan(
        building=cast.high.building, kind=FIRE, planned_for=datetime.date(2026, 12, 9), by=None
    )
    url = reverse("incidents:drills", args=[cast.high.pk])
    address = {drill.pk: reverse("incidents:drill", args=[drill.pk]) for drill in (fire, crisis)}
    address[planned.pk] = reverse("incidents:drill", args=[planned.pk])
    with translation.override(language):
        words = {
            "fire": str(FIRE.label),
            "crisis": str(CRISIS.label),
            "held": _("Held"),
            "missing": _("Missing"),
            "due": _("Due now"),
            "upcoming": _("Upcoming"),
            "not yet": _("not yet"),
            "12 min": _("%(n)s min") % {"n": 12},
        }
        day = lambda d, f="MONTH_DAY_FORMAT": date_format(d, f)  # noqa: E731
        window = lambda a, b: f"{day(a)} – {date_format(b, 'DATE_FORMAT')}"  # noqa: E731
        held = lambda d: _("held %(date)s") % {"date": day(d)}  # noqa: E731
        planned_for = _("planned for %(date)s") % {"date": day(datetime.date(2026, 12, 9))}
        sept = _at(datetime.date(2026, 9, 10)).replace(tzinfo=None)  # 10 a.m. in Westport
        held_at = date_format(sept, "DATETIME_FORMAT")
        badge = f"{_('Visibility:')} {Level.COMMITTEE.label}"
        planned_day = date_format(datetime.date(2026, 12, 9), "DATE_FORMAT")
        fire_held, crisis_held = (held(datetime.date(2026, m, d)) for m, d in ((9, 10), (11, 12)))
    for reader, sees_restricted in ((cast.chair, True), (cast.parent, False)):
        client = login(reader)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = client.get(url).content.decode()
        periods = _rows_of(html, r'<tr class="period-')
        crisis_drill = f"{crisis_held} -> {address[crisis.pk]}" if sees_restricted else crisis_held
        # number, owed, window (first and last day), how it stands, the drill
        expected = [
            (1, "fire", (8, 27), (9, 26), "held", f"{fire_held} -> {address[fire.pk]}"),
            (2, "fire", (9, 27), (10, 26), "missing", "—"),
            (3, "crisis", (10, 27), (11, 26), "held", crisis_drill),
            (4, "fire", (11, 27), (12, 26), "due", f"{planned_for} -> {address[planned.pk]}"),
            (5, "fire", (12, 27), (1, 26), "upcoming", "—"),
        ]
        assert periods[:5] == [
            [
                str(n),
                words[kind],
                window(date(2026, *first), date(2026 if last[0] > 1 else 2027, *last)),
                words[state],
                drill,
            ]
            for n, kind, first, last, state, drill in expected
        ]
        log = _rows_of(html, r"<tr data-visibility=")
        assert log[0] == [
            f"{words['fire']} {badge} -> {address[planned.pk]}",
            planned_day,
            words["not yet"],
            "—",
            "—",
        ]
        assert log[-1][1:] == ["—", held_at, words["12 min"], "640"]
        assert len(log) == (3 if sees_restricted else 2)


def test_other_committees_and_districts_see_nothing(cast, year, today, login):
    drill = _held(cast, FIRE, datetime.date(2026, 9, 10))
    for role in ("stranger", "other_admin", "outsider"):
        client = login(getattr(cast, role))
        assert client.get(reverse("incidents:drill", args=[drill.pk])).status_code == 404
        assert client.get(reverse("incidents:drills", args=[cast.high.pk])).status_code == 404
    overview = login(cast.other_admin).get(reverse("incidents:drill_overview")).content.decode()
    assert "Westport High School" not in overview


def test_the_overview_and_my_committees_show_drills_due_and_missing(cast, year, today, login):
    _held(cast, FIRE, datetime.date(2026, 9, 10))
    _held(cast, CRISIS, datetime.date(2026, 11, 12))
    overview = login(cast.district_admin).get(reverse("incidents:drill_overview"))
    rows = overview.content.decode()
    assert "Westport High School" in rows and "Cedar Point Middle School" in rows
    assert "District drill report (PDF)" in rows

    mine = login(cast.chair).get(reverse("portal:mine")).content.decode()
    assert "1 drill due now" in mine
    assert "1 drill missed this school year" in mine  # October's fire drill
    assert "open incident" in mine
    assert "1 new community concern" in mine  # the cast's, not yet reviewed


def test_the_public_page_counts_drills_held_against_the_schedule(
    cast, year, today, client, django_capture_on_commit_callbacks
):
    url = reverse("public:building", args=[cast.district.slug, cast.high.building.slug])
    text = client.get(url).content.decode()
    # Never "fewer than 5, of 4 required": drills are no people, whatever the threshold.
    assert cast.district.small_count_threshold == 5
    assert "Safety drills held this school year: 0 of 4 required so far" in text
    assert "Safety drills held this school year: fewer than" not in text

    # A drill recorded as held clears the cached page at once.
    with django_capture_on_commit_callbacks(execute=True):
        _held(cast, FIRE, datetime.date(2026, 9, 10))
        _held(cast, FIRE, datetime.date(2026, 10, 1))
    text = client.get(url).content.decode()
    assert "Safety drills held this school year: 2 of 4 required so far" in text


def test_the_calendar_page_keeps_its_query_count_with_many_drills(cast, year, today, login):
    chair = login(cast.chair)
    url = reverse("incidents:drills", args=[cast.high.pk])

    def queries(count: int) -> int:
        Drill.objects.filter(committee=cast.high).delete()
        Drill.objects.bulk_create(
            Drill(
                building=cast.high.building,
                committee=cast.high,
                kind=FIRE,
                held_at=_at(datetime.date(2026, 9, 1)) + datetime.timedelta(hours=i % 2000),
            )
            for i in range(count)
        )
        chair.get(url)  # warm the session and the gate's scope
        with CaptureQueriesContext(connection) as captured:
            assert chair.get(url).status_code == 200
        return len(captured)

    assert queries(10) == queries(1000)


def test_recorders_hear_of_a_drill_due_and_of_one_missed(cast, year, monkeypatch):
    clock = Clock(monkeypatch)
    Notification.objects.all().delete()  # the cast's own announcements
    mail.outbox = []
    _held(cast, FIRE, datetime.date(2026, 9, 10))
    # September 28: October's fire drill period has begun, and none is planned.
    assert scans.scan(now=at(datetime.date(2026, 9, 28), 9))
    clock.sweep(at(datetime.date(2026, 9, 28), 9))
    due = [m for m in mail.outbox if "A drill is due at Westport High School" in m.subject]
    assert {_recipient(cast, m) for m in due} == {"chair", "secretary"}
    assert "Fire drill, between" in everything(due[0])
    assert reverse("incidents:drills", args=[cast.high.pk]) in everything(due[0])
    # A second scan that day writes nothing new.
    assert scans.scan(now=at(datetime.date(2026, 9, 28), 15)) == 0

    # October 27: the period ended without the drill; the principal hears too.
    mail.outbox = []
    scans.scan(now=at(datetime.date(2026, 10, 27), 9))
    clock.sweep(at(datetime.date(2026, 10, 27), 9))
    missed = [m for m in mail.outbox if "A drill was missed at Westport High School" in m.subject]
    assert {_recipient(cast, m) for m in missed} == {"chair", "secretary", "principal"}
    # The crisis drill period that began the same day is due: planning it quiets that one.
    crisis = [m for m in mail.outbox if "A drill is due at Westport High School" in m.subject]
    assert crisis and "Crisis response drill" in everything(crisis[0])
    assert not [m for m in mail.outbox if _recipient(cast, m) in ("parent", "staff")]


def test_a_drill_recorded_before_the_reminder_goes_out_stops_it(cast, year, monkeypatch):
    clock = Clock(monkeypatch)
    Notification.objects.all().delete()
    mail.outbox = []
    scans.scan(now=at(datetime.date(2026, 9, 28), 9))  # written, not yet sent
    drills.drill_plan(
        building=cast.high.building, kind=FIRE, planned_for=datetime.date(2026, 10, 8), by=None
    )
    clock.sweep(at(datetime.date(2026, 9, 28), 10))
    assert not [m for m in mail.outbox if "A drill is due" in m.subject]
    assert Notification.objects.filter(kind="drill_due", status="skipped").exists()


def _recipient(cast, message) -> str:
    [to] = message.to
    return next(role for role, person in cast.people.items() if f"<{person.email}>" in to)
