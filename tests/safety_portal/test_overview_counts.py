"""The district overview's stored counts (safety_portal/figures.py): read from one row a
school, marked by every change of what they count, counted again on a new day, never
kept when counted before a change, and read only by who sees every record."""

import datetime
import threading
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from committees import access, services
from committees.models import Building, Category, Committee, RepresentationRule
from committees.selectors import committees_for
from followups import services as followup_services
from followups.models import ActionItem
from incidents import cadence, concerns, drills
from incidents import services as incident_services
from incidents.models import Concern, Incident
from incidents.selectors import BuildingWork, building_work
from meetings import services as meeting_services
from meetings.models import MeetingRules
from safety_portal import figures, overview
from safety_portal.models import OverviewCounts
from safety_portal.school_calendar import school_year_days, school_year_of
from tests.conftest import add_co_chair
from tests.factories import ActionItemFactory, BuildingFactory, DistrictFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = ActionItem.Status


def _fresh(user):
    """The user as a new request reads them: no scope worked out yet."""
    return User.objects.select_related("district").get(pk=user.pk)


def _by_school(rows: list[dict]) -> dict[str, tuple[int, ...]]:
    return {row["committee"].name: tuple(row[key] for key in overview.COUNTED) for row in rows}


def _stored(user) -> dict[str, tuple[int, ...]]:
    return _by_school(overview.district_ranking(_fresh(user)))


def _counted_now(user) -> dict[str, tuple[int, ...]]:
    """What the gate lets ``user`` count now, the stored rows untouched."""
    user = _fresh(user)
    committees = list(committees_for(user))
    now = overview.counted(user, committees, access.scope_for(user).today)
    return {c.name: tuple(now[c.pk][key] for key in overview.COUNTED) for c in committees}


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_every_change_of_what_the_overview_counts_shows_on_its_next_reading(cast, login):
    """Each change marks the rows it alters: the overview read before it stored every
    school's counts, and the reading after it shows the counts as they are now."""
    admin = cast.district_admin
    today = access.district_today(cast.district)
    item = ActionItemFactory(committee=cast.middle, due_date=today + datetime.timedelta(days=3))
    rules = MeetingRules.objects.create(district=cast.district)
    RepresentationRule.objects.create(district=cast.district, category=Category.STUDENT, minimum=1)
    RepresentationRule.objects.create(
        district=cast.district,
        category=Category.FIRE,
        minimum=1,
        applies_to=RepresentationRule.AppliesTo.HIGH_SCHOOL,
    )
    changes = {
        "an overdue item": lambda: ActionItemFactory(
            committee=cast.high, due_date=today - datetime.timedelta(days=2)
        ),
        "a due date moved into the past": lambda: followup_services.action_item_edit(
            item=item, by=admin, due_date=today - datetime.timedelta(days=1)
        ),
        "an item done": lambda: followup_services.action_item_set_status(
            item=item, status=Status.DONE, by=admin
        ),
        "an item deleted": lambda: ActionItem.objects.get(pk=item.pk).delete(),
        "a seat filled": lambda: services.membership_add(
            committee=cast.middle,
            user=UserFactory(district=cast.district),
            category=Category.STUDENT,
            by=admin,
        ),
        "a seat ended": lambda: services.membership_end(
            membership=cast.middle.memberships.get(category=Category.STUDENT), by=admin
        ),
        "a seat required": lambda: RepresentationRule.objects.create(
            district=cast.district, category=Category.EMS, minimum=2
        ),
        "a building's level": lambda: _save(
            Building.objects.get(pk=cast.middle.building_id), level=Building.Level.HIGH
        ),
        "a meeting whose draft minutes are late": lambda: _held(cast.district_wide, "Held"),
        "the meeting cancelled": lambda: meeting_services.meeting_cancel(
            meeting=cast.district_wide.meetings.get(title="Held"), by=admin, reason="Snow day"
        ),
        "another meeting whose draft minutes are late": lambda: _held(cast.middle, "Again"),
        "a longer time for draft minutes": lambda: _save(rules, draft_minutes_days=30),
    }
    _each_shows_on_the_next_reading(changes, lambda: _stored(admin), lambda: _counted_now(admin))
    # And on the page: the district's totals.
    html = login(admin).get(reverse("portal:district_overview")).content.decode()
    totals = overview.totals(overview.district_ranking(_fresh(admin)))
    assert f"{totals['overdue']} overdue, {totals['open']} open" in " ".join(html.split())


def _each_shows_on_the_next_reading(changes: dict, stored, counted_now) -> None:
    """Each change alters what is counted now, and the stored rows, read before it,
    show it on the next reading."""
    assert stored() == counted_now()
    for change, make in changes.items():
        before = stored()
        make()
        now = counted_now()
        assert now != before, f"{change}: changes nothing counted"
        assert stored() == now, change


def _save(record, **values) -> None:
    for name, value in values.items():
        setattr(record, name, value)
    record.save()


def _held(committee: Committee, title: str) -> None:
    meeting_services.meeting_schedule(
        committee=committee, title=title, starts_at=_ago(12), location="Library", by=None
    )


def test_the_overview_reads_a_stored_row_and_counts_again_on_a_new_day(cast, login):
    """A row of today is read as it is (no count of the school's items at all); one of
    yesterday is counted again, as overdue items and late minutes move with the day."""
    admin = cast.district_admin
    today = access.district_today(cast.district)
    counted = _stored(admin)
    high = cast.high.name
    OverviewCounts.objects.filter(committee=cast.high).update(open=90, overdue=80)
    assert _stored(admin)[high][:2] == (90, 80)
    OverviewCounts.objects.filter(committee=cast.high).update(
        as_of=today - datetime.timedelta(days=1)
    )
    assert _stored(admin)[high] == counted[high]
    assert OverviewCounts.objects.get(committee=cast.high).as_of == today
    # The page reads the rows: two queries after the session, the user, the scope and the
    # district's committees.
    client = login(admin)
    url = reverse("portal:district_overview")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert sum("overviewcounts" in q["sql"] for q in queries.captured_queries) == 1
    assert not any('FROM "committees_actionitem" ' in q["sql"] for q in queries.captured_queries)


def test_the_hourly_permission_sweep_leaves_the_rows_standing(cast):
    """The sweep saves the district's sweep date, which no count reads: the rows it
    would mark would be counted again every hour for nothing."""
    _stored(cast.district_admin)
    services.permissions_sweep(district=cast.district)
    assert cast.district.__class__.objects.get(pk=cast.district.pk).permissions_swept_on
    rows = OverviewCounts.objects.filter(committee__district=cast.district)
    assert rows.count() == 3 and not rows.filter(as_of=None).exists()


def test_counts_made_before_a_change_are_not_kept(cast):
    """A change that lands while the overview counts (in another transaction, committed
    before the counts are stored) raises the row's version: the counts, which may have
    missed it, are shown once and not kept, and the next reading counts again."""
    today = access.district_today(cast.district)
    committees = [cast.high.pk, cast.middle.pk]
    OverviewCounts.objects.filter(committee_id=cast.middle.pk).delete()
    OverviewCounts.objects.filter(committee_id=cast.high.pk).update(as_of=None)

    def count(ids):
        # The change: one row that existed, one made by the mark itself.
        figures.mark(Committee.objects.filter(pk__in=ids))
        return {pk: dict.fromkeys(figures.COUNTS, 7) for pk in ids}

    assert figures.counts(committees, today, count)[cast.high.pk]["open"] == 7
    rows = OverviewCounts.objects.filter(committee_id__in=committees)
    assert {row.as_of for row in rows} == {None}
    # Counted again, with nothing changing meanwhile: kept, and read from then on.
    figures.counts(
        committees, today, lambda ids: {pk: dict.fromkeys(figures.COUNTS, 3) for pk in ids}
    )
    assert {(row.as_of, row.open) for row in rows.all()} == {(today, 3)}
    again = figures.counts(committees, today, _never)
    assert {pk: row["open"] for pk, row in again.items()} == dict.fromkeys(committees, 3)


def _never(ids):
    raise AssertionError(f"counted again: {ids}")


def test_stored_counts_are_read_only_by_who_sees_every_record(cast):
    """The rows count every record of a school, restricted ones too: a reader who may not
    see them all (a parent, a member without clearance, a co-chair without it) is
    counted as the gate lets them see, never told the stored figure."""
    add_co_chair(cast)
    admin = cast.district_admin
    _stored(admin)
    high = cast.high.name
    OverviewCounts.objects.filter(committee=cast.high).update(open=90)
    assert _stored(admin)[high][0] == 90
    # Those who may not see every record get their own counts, fewer than the school's.
    for role in ("parent", "staff", "co_chair"):
        person = cast.people[role]
        seen = _stored(person)
        assert seen == _counted_now(person), role
        assert seen[high][0] < _counted_now(admin)[high][0], role
    # A cleared member sees every record but holds fewer capabilities: counted too.
    assert _stored(cast.cleared_staff)[high] == _counted_now(cast.cleared_staff)[high]
    # A cleared chair holds every capability, as the administrator does: the row.
    assert _stored(cast.chair)[high][0] == 90


def test_counting_again_costs_the_same_however_many_schools(cast, login):
    """A new day marks every row: the overview counts them all at once, a fixed number
    of queries for a few schools or many, and reads them from then on."""
    client = login(cast.district_admin)
    url = reverse("portal:district_overview")
    costs = []
    for schools in (1, 12):
        for n in range(schools):
            name = f"School {len(costs)}-{n}"
            building = BuildingFactory(
                district=cast.district, name=name, slug=f"s-{len(costs)}-{n}"
            )
            committee = services.committee_create(
                district=cast.district, name=f"{name} Safety Committee", building=building
            )
            ActionItemFactory(committee=committee, due_date=datetime.date(2026, 1, 5))
        client.get(url)
        OverviewCounts.objects.update(as_of=None)
        with CaptureQueriesContext(connection) as recounting:
            client.get(url)
        with CaptureQueriesContext(connection) as reading:
            client.get(url)
        costs.append((len(recounting), len(reading)))
    assert costs[0] == costs[1], "queries (counting again, reading) with 4 and 16 schools"
    recount, read = costs[0]
    assert recount > read


@pytest.mark.django_db(transaction=True)
def test_counts_stored_while_a_change_is_still_open_wait_for_it_and_are_not_kept():
    """An overview stores its counts while a change of the same school is still open in
    another transaction: the store waits for that transaction's lock on the row, finds
    the version moved once it commits, and keeps nothing counted without the change."""
    if connection.vendor != "postgresql":
        pytest.skip("the lock under test is PostgreSQL's")
    building = BuildingFactory(district=DistrictFactory())
    committee = services.committee_create(
        district=building.district, name="Oak Hill Safety Committee", building=building
    )
    today = access.district_today(building.district)
    row = OverviewCounts.objects.get(committee=committee)
    marked, waited = threading.Event(), []

    def change():
        from django.db import connections, transaction

        try:
            with transaction.atomic():
                figures.mark(Committee.objects.filter(pk=committee.pk))
                marked.set()
                waited.append(_until_someone_waits_for_a_lock())
        finally:
            connections.close_all()

    writer = threading.Thread(target=change)
    writer.start()
    assert marked.wait(10)
    shown = figures.counts(
        [committee.pk], today, lambda ids: {pk: dict.fromkeys(figures.COUNTS, 5) for pk in ids}
    )
    writer.join(10)
    assert waited == [True], "the store did not wait for the open change"
    assert shown[committee.pk]["open"] == 5
    stored = OverviewCounts.objects.get(committee=committee)
    assert (stored.version, stored.as_of) == (row.version + 1, None)


def _until_someone_waits_for_a_lock(seconds: float = 10) -> bool:
    """Whether another session of this database waited on a lock within ``seconds``."""
    from django.db import connections

    deadline = time.monotonic() + seconds
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


# --- the school's work: Today's and "My committees"' counts for an administrator -----------


def _work_stored(user) -> dict[str, tuple[int, ...]]:
    user = _fresh(user)
    committees = list(committees_for(user))
    rows = overview.stored_counts(user, committees)
    return {c.name: tuple(rows[c.pk][key] for key in overview.WORK) for c in committees}


def _work_now(user) -> dict[str, tuple[int, ...]]:
    """The school's work as the gate lets ``user`` count it now, the rows untouched."""
    user = _fresh(user)
    committees = list(committees_for(user))
    work = building_work(user, committees, access.scope_for(user).today)
    return {
        c.name: tuple(getattr(work.get(c.pk, BuildingWork()), key) for key in overview.WORK)
        for c in committees
    }


def test_every_change_of_a_schools_work_shows_on_its_next_reading(cast):
    """Incidents, concerns and drills (and the calendar and cadence the drills are owed
    under) mark the rows they alter: read before each change, the rows show the work as
    it is after it, an incident handed from one school to another included."""
    admin = cast.district_admin
    district = cast.district
    today = access.district_today(district)
    year = school_year_of(today)
    first_day, next_first = school_year_days(year)

    def report(committee, area):
        return incident_services.incident_report(
            building=committee.building,
            occurred_at=timezone.now(),
            area=area,
            kind=Incident.Kind.FACILITY_HAZARD,
            severity="low",
            description=f"A loose ceiling tile in the {area}",
            by=admin,
        )

    def hold_the_drill_due_now():
        _, calendars = cadence.calendars(district, [cast.high.pk], year, today)
        (due,) = [p for p in calendars[cast.high.pk] if p.status == cadence.DUE]
        drills.drill_plan(
            building=cast.high.building, kind=due.kind, held_at=timezone.now(), by=admin
        )

    changes = {
        "the school calendar set": lambda: drills.school_year_set(
            district=district,
            year=year,
            first_day=first_day,
            last_day=next_first - datetime.timedelta(days=1),
            by=admin,
        ),
        "an incident reported": lambda: report(cast.high, "Gym"),
        "an incident closed": lambda: incident_services.incident_set_status(
            incident=Incident.objects.get(area="Gym"),
            status=Incident.Status.CLOSED,
            by=admin,
            note="The tile is fixed.",
        ),
        "an incident reported at another school": lambda: report(cast.middle, "Library"),
        "that incident handed on": lambda: incident_services.incident_triage(
            incident=Incident.objects.get(area="Library"),
            committee=cast.high,
            by=admin,
            note="The high school's facilities staff handle it.",
        ),
        "a concern received": lambda: concerns.concern_submit(
            building=cast.high.building,
            location="Bus loop",
            description="Cars pass the buses while children cross.",
            address="198.51.100.7",
        ),
        "the concern taken up": lambda: concerns.concern_set_status(
            concern=Concern.objects.get(location="Bus loop"),
            status=Concern.Status.UNDER_REVIEW,
            by=admin,
            note="The principal is looking at the bus loop.",
        ),
        "a drill held": hold_the_drill_due_now,
        "a drill every second month": lambda: drills.drill_cadence_set(
            district=district, by=admin, every_months=2
        ),
    }
    _each_shows_on_the_next_reading(changes, lambda: _work_stored(admin), lambda: _work_now(admin))


def test_an_administrators_today_and_my_committees_read_the_schools_work_from_the_rows(cast, login):
    """Stored, the work is read with the rows: Today and "My committees" show an
    incident reported since, and read no incident, concern or drill to show it."""
    client = login(cast.district_admin)
    for url in (reverse("today"), reverse("portal:mine")):
        client.get(url)  # the rows stored
    before = _work_now(cast.district_admin)[cast.middle.name][0]
    incident_services.incident_report(
        building=cast.middle.building,
        occurred_at=timezone.now(),
        area="Gym",
        kind=Incident.Kind.FACILITY_HAZARD,
        severity="low",
        description="A loose ceiling tile in the gym",
        by=cast.district_admin,
    )
    shown = f"{before + 1} open incidents"
    queue = reverse("incidents:queue", args=[cast.middle.pk])
    for url in (reverse("today"), reverse("portal:mine")):
        client.get(url)  # counted again after the report, and stored
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).content.decode()
        assert f'<a href="{queue}">{shown}</a>' in body, url
        read = " ".join(q["sql"] for q in queries.captured_queries)
        for table in ("incidents_incident", "incidents_concern", "incidents_drill"):
            assert f'FROM "{table}"' not in read, (url, table)


def test_the_schools_work_is_stored_only_for_who_sees_every_record(cast):
    """A parent's and an uncleared member's cards count the work through the gate: the
    rows are not theirs to read."""
    _stored(cast.district_admin)
    for role in ("parent", "staff"):
        person = _fresh(cast.people[role])
        assert overview.stored_counts(person, list(committees_for(person))) == {}, role
