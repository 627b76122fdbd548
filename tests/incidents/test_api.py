"""The API's incidents, drills, drill calendar and community concerns (/api/v1/): what the
gate shows each reader, a threat report out of a parent's reach, an incident reported as
the page reports it (and nothing saved from bad input), restricted reads on record, and
lists whose cost does not grow with their rows."""

import datetime

import pytest
import yaml
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from accounts import services as account_services
from audit.models import AuditEntry
from committees import access, services
from committees.models import Level
from incidents import cadence, concerns, drills
from incidents import services as incidents
from incidents.forms import ReportForm
from incidents.models import Concern, Drill, Incident, IncidentEvent
from notifications.models import Notification
from tests.factories import BuildingFactory, UserFactory
from tests.helpers import page_queries

pytestmark = pytest.mark.django_db

INCIDENTS = "/api/v1/incidents/"
DRILLS = "/api/v1/drills/"
CALENDAR = "/api/v1/drill-calendar/"
CONCERNS = "/api/v1/concerns/"
TODAY = datetime.date(2026, 12, 1)


def _all_pages(client, url, **params):
    rows = []
    while url:
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        url, params = body["next"], {}
    return rows


def _report(**fields):
    """A report as a script sends it (JSON)."""
    return {
        "occurred_at": "2026-11-30T07:45:00-05:00",
        "area": "Bus loop",
        "kind": "facility_hazard",
        "severity": "low",
        "description": "The curb by the bus loop is broken.",
        **fields,
    }


def _post(client, data):
    return client.post(INCIDENTS, data, content_type="application/json")


# --- reading incidents ------------------------------------------------------------------------


def test_the_incident_list_is_exactly_what_the_gate_shows(cast, login):
    for role in ("parent", "staff", "chair", "stranger", "outsider", "other_admin"):
        person = cast.people[role]
        rows = _all_pages(login(person), INCIDENTS)
        expected = set(access.visible(person, Incident.objects.all()).values_list("pk", flat=True))
        assert {row["id"] for row in rows} == expected and len(rows) == len(expected), role


def test_a_parent_never_reads_a_threat_report_not_even_the_one_they_sent(cast, login):
    """C.G.S. 10-222m: the gate keeps threat reports from parent members, the reporter too."""
    threat = cast.incidents[("high", Level.RESTRICTED)]
    assert threat.reporter == cast.parent
    client = login(cast.parent)
    listed = client.get(INCIDENTS)
    assert threat.pk not in {row["id"] for row in listed.json()["results"]}
    assert "INCIDENT-RESTRICTED" not in listed.content.decode()
    hidden = client.get(reverse("api:incident-detail", args=[threat.pk]))
    missing = client.get(reverse("api:incident-detail", args=[999999]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    # The chair, cleared, reads it whole.
    read = login(cast.chair).get(reverse("api:incident-detail", args=[threat.pk])).json()
    assert read["description"] == threat.description and read["visibility"] == "restricted"


def test_a_reporter_follows_their_report_but_not_the_committees_steps(cast, login):
    client = login(cast.outsider)
    created = _post(client, _report(building=cast.high.building_id)).json()
    mine = client.get(reverse("api:incident-detail", args=[created["id"]])).json()
    assert mine["description"] == "The curb by the bus loop is broken."
    assert mine["reporter_name"] == cast.outsider.display_name
    assert mine["history"] is None  # the page shows the committee's steps to members only
    incidents.incident_set_status(
        incident=Incident.objects.get(pk=created["id"]),
        status="triaged",
        by=cast.chair,
        note="Facilities will look at it",
    )
    seen = login(cast.chair).get(reverse("api:incident-detail", args=[created["id"]])).json()
    assert [step["to_status"] for step in seen["history"]] == ["reported", "triaged"]
    assert seen["history"][1]["note"] == "Facilities will look at it"
    assert seen["history"][1]["actor_name"] == cast.chair.display_name


def test_filters_narrow_as_the_queue_does_and_a_hidden_committee_is_refused_as_none(cast, login):
    client = login(cast.chair)
    rows = _all_pages(client, INCIDENTS, committee=cast.high.pk, kind="threat")
    assert [row["id"] for row in rows] == [cast.incidents[("high", Level.RESTRICTED)].pk]
    hidden = client.get(INCIDENTS, {"committee": cast.middle.pk})
    missing = client.get(INCIDENTS, {"committee": 999999})
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json() == missing.json()


def test_restricted_incidents_read_through_the_api_are_on_record(cast, login):
    client = login(cast.chair)
    threat = cast.incidents[("high", Level.RESTRICTED)]
    hazard = cast.incidents[("high", Level.COMMITTEE)]
    client.get(reverse("api:incident-detail", args=[threat.pk]))
    client.get(reverse("api:incident-detail", args=[hazard.pk]))
    client.get(INCIDENTS, {"committee": cast.high.pk})
    reads = AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS, via="api", actor=cast.chair)
    read_ids = list(reads.values_list("object_id", flat=True))
    assert read_ids.count(threat.pk) == 2 and hazard.pk not in read_ids


# --- reporting an incident --------------------------------------------------------------------


def test_reporting_through_the_api_is_the_pages_report(cast, login):
    client = login(cast.staff)
    response = _post(client, _report(building=cast.high.building_id))
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "status"} and body["status"] == "reported"
    assert response["Location"] == reverse("api:incident-detail", args=[body["id"]])
    incident = Incident.objects.get(pk=body["id"])
    assert (incident.committee, incident.reporter, incident.visibility) == (
        cast.high,
        cast.staff,
        Level.COMMITTEE,
    )
    assert IncidentEvent.objects.filter(incident=incident, to_status="reported").exists()
    # The school's triagers hear of it, as from the page.
    told = Notification.objects.filter(subject_type="incidents.incident", subject_id=incident.pk)
    assert cast.chair.pk in set(told.values_list("recipient_id", flat=True))


def test_a_threat_is_restricted_from_the_first_moment_and_the_answer_repeats_none_of_it(
    cast, login
):
    client = login(cast.parent)
    words = "A student said something alarming near the gym."
    response = _post(
        client, _report(building=cast.high.building_id, kind="threat", description=words)
    )
    assert response.status_code == 201
    assert words not in response.content.decode()
    incident = Incident.objects.get(pk=response.json()["id"])
    assert incident.visibility == Level.RESTRICTED
    assert client.get(response["Location"]).status_code == 404


def test_a_script_reports_with_its_owners_token_until_it_is_revoked(cast, client):
    token, key = account_services.api_token_create(user=cast.outsider, name="Work orders", days=90)
    headers = {"Authorization": f"Token {key}"}
    data = _report(building=cast.high.building_id)
    sent = client.post(INCIDENTS, data, content_type="application/json", headers=headers)
    assert sent.status_code == 201
    assert Incident.objects.get(pk=sent.json()["id"]).reporter == cast.outsider
    account_services.api_token_revoke(token=token)
    before = Incident.objects.count()
    refused = client.post(INCIDENTS, data, content_type="application/json", headers=headers)
    assert refused.status_code == 401 and Incident.objects.count() == before


def test_bad_input_saves_nothing_and_says_what_the_page_says(cast, login):
    client = login(cast.staff)
    before = Incident.objects.count()
    data = _report(building=cast.high.building_id, kind="gossip", occurred_at="yesterday")
    del data["description"]
    response = _post(client, data)
    assert response.status_code == 400
    form = ReportForm(data, district_id=cast.district.pk)
    assert not form.is_valid()
    assert response.json() == {field: list(errors) for field, errors in form.errors.items()}
    assert set(response.json()) == {"kind", "occurred_at", "description"}
    assert Incident.objects.count() == before
    assert _post(client, ["not", "an", "object"]).status_code == 400
    assert Incident.objects.count() == before


def test_a_value_no_form_could_send_is_refused_by_its_field_and_never_saved_as_text(cast, login):
    client = login(cast.staff)
    before = Incident.objects.count()
    data = _report(building=cast.high.building_id, occurred_at=False, description={"a": 1})
    response = _post(client, data)
    assert response.status_code == 400
    assert set(response.json()) == {"occurred_at", "description"}
    response = _post(client, _report(building=cast.high.building_id, area=7, occurred_at=0))
    assert set(response.json()) == {"area", "occurred_at"}  # a number only for the school
    assert Incident.objects.count() == before


def test_a_time_with_any_offset_is_kept_as_the_same_instant(cast, login):
    client = login(cast.staff)
    data = _report(building=cast.high.building_id, occurred_at="2026-11-30T07:45:00-19:40")
    response = _post(client, data)
    assert response.status_code == 201
    incident = Incident.objects.get(pk=response.json()["id"])
    assert incident.occurred_at == datetime.datetime(2026, 12, 1, 3, 25, tzinfo=datetime.UTC)
    data["occurred_at"] = "9999-12-31T23:59:00-19:40"  # past the calendar's end anywhere
    assert set(_post(client, data).json()) == {"occurred_at"}


def test_a_school_of_another_district_is_refused_as_one_that_does_not_exist(cast, login):
    client = login(cast.staff)
    before = Incident.objects.count()
    hidden = _post(client, _report(building=cast.other_committee.building_id))
    missing = _post(client, _report(building=999999))
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json() == missing.json()
    assert set(hidden.json()) == {"building"}
    assert Incident.objects.count() == before


def test_a_refusal_of_the_service_is_a_field_message_and_saves_nothing(cast, login):
    """A school with no committee yet: the service refuses, as it does on the page."""
    annex = BuildingFactory(district=cast.district, name="Annex", slug="annex")
    before = (Incident.objects.count(), IncidentEvent.objects.count())
    response = _post(login(cast.staff), _report(building=annex.pk))
    assert response.status_code == 400
    assert response.json() == {"building": ["This building has no safety committee yet."]}
    assert (Incident.objects.count(), IncidentEvent.objects.count()) == before


def test_who_may_not_report_is_refused(cast, client, login):
    assert _post(client, _report(building=cast.high.building_id)).status_code == 401
    nobody = UserFactory(district=None)
    assert _post(login(nobody), _report(building=cast.high.building_id)).status_code == 403
    detail = reverse("api:incident-detail", args=[cast.incidents[("high", Level.COMMITTEE)].pk])
    assert login(cast.chair).delete(detail).status_code == 405


def test_an_incident_list_costs_the_same_for_few_and_many(cast, login):
    client = login(cast.chair)
    few = page_queries(client, INCIDENTS)
    for n in range(30):
        incidents.incident_report(
            building=cast.high.building,
            occurred_at=datetime.datetime(2026, 11, 1, 9, n, tzinfo=datetime.UTC),
            area="Gym",
            kind="threat" if n % 2 else "injury",
            severity="low",
            description=f"Report {n}",
            by=cast.staff if n % 3 else cast.officer,
        )
    many = page_queries(client, INCIDENTS)
    assert few == many


# --- drills and the drill calendar ------------------------------------------------------------


def test_the_drill_list_is_what_the_gate_shows_with_scores_and_problems(cast, login):
    for role in ("parent", "chair", "stranger", "outsider"):
        person = cast.people[role]
        rows = _all_pages(login(person), DRILLS)
        expected = set(access.visible(person, Drill.objects.all()).values_list("pk", flat=True))
        assert {row["id"] for row in rows} == expected, role
    crisis = cast.drills[("high", Level.RESTRICTED)]
    client = login(cast.officer)
    read = client.get(reverse("api:drill-detail", args=[crisis.pk])).json()
    assert read["observers"][0]["remarks"] == crisis.observers.get().remarks
    assert read["problems"][0]["description"] == crisis.problems.get().description
    assert login(cast.parent).get(reverse("api:drill-detail", args=[crisis.pk])).status_code == 404
    reads = AuditEntry.objects.filter(
        action=AuditEntry.Action.ACCESS, via="api", actor=cast.officer
    )
    assert list(reads.values_list("object_id", flat=True)) == [crisis.pk]


def test_drills_filter_by_school_kind_and_whether_held(cast, login):
    planned = drills.drill_plan(
        building=cast.high.building, kind="lockdown", planned_for=datetime.date(2027, 1, 8), by=None
    )
    client = login(cast.chair)
    assert [row["id"] for row in _all_pages(client, DRILLS, held="false")] == [planned.pk]
    held = _all_pages(client, DRILLS, held="true", committee=cast.high.pk, kind="fire")
    assert [row["id"] for row in held] == [cast.drills[("high", Level.COMMITTEE)].pk]
    hidden = client.get(DRILLS, {"committee": cast.middle.pk})
    missing = client.get(DRILLS, {"committee": 999999})
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json() == missing.json()


def test_a_drill_list_costs_the_same_for_few_and_many(cast, login):
    client = login(cast.district_admin)
    few = page_queries(client, DRILLS)
    for n in range(25):
        drill = drills.drill_plan(
            building=cast.high.building,
            kind="fire",
            planned_for=datetime.date(2027, 1, 1) + datetime.timedelta(days=n),
            visibility=Level.RESTRICTED if n % 2 else Level.COMMITTEE,
            by=None,
        )
        drills.drill_problem_add(drill=drill, description=f"Door {n}", by=None)
        drills.drill_observer_add(drill=drill, name="Capt. Lee", role="Fire marshal", by=None)
    many = page_queries(client, DRILLS)
    assert few == many


@pytest.fixture
def school_year(cast, monkeypatch):
    """The 2026–27 school year, seen on December 1, 2026: under the Connecticut rule the
    third period (October 27 to November 26) owes a crisis drill, met by the cast's
    restricted one of November 12; the first two went without a fire drill."""
    monkeypatch.setattr(access, "district_today", lambda district: TODAY)
    return drills.school_year_set(
        district=cast.district,
        year=2026,
        first_day=datetime.date(2026, 8, 27),
        last_day=datetime.date(2027, 6, 15),
        by=None,
    )


def test_the_drill_calendar_is_the_drill_pages_and_opens_only_readable_drills(
    cast, login, school_year
):
    crisis = cast.drills[("high", Level.RESTRICTED)]
    _, calendars = cadence.calendars(cast.district, [cast.high.pk], 2026, TODAY)
    expected = cadence.summary(calendars[cast.high.pk])

    def high_school(person):
        rows = _all_pages(login(person), CALENDAR, year=2026)
        return {row["committee"]: row for row in rows}, rows

    for person in (cast.parent, cast.chair):
        by_committee, _ = high_school(person)
        row = by_committee[cast.high.pk]
        assert row["year"] == 2026 and row["first_day"] == "2026-08-27"
        assert row["summary"] == {
            "held": expected.held,
            "due": expected.due,
            "missing": expected.missing,
            "upcoming": expected.upcoming,
        }
        third = row["periods"][2]
        assert (third["kind"], third["status"], third["held_on"]) == (
            "crisis_response",
            "held",
            "2026-11-12",
        )
        # The count is an aggregate; the drill itself opens only for those cleared.
        assert third["drill"] == (crisis.pk if person == cast.chair else None)
        assert [p["status"] for p in row["periods"][:2]] == ["missing", "missing"]

    by_committee, _ = high_school(cast.district_admin)
    assert set(by_committee) == {cast.high.pk, cast.middle.pk}  # schools only
    assert high_school(cast.outsider)[1] == []
    client = login(cast.district_admin)
    assert (
        client.get(reverse("api:drill-calendar-detail", args=[cast.middle.pk])).status_code == 200
    )
    no_school = client.get(reverse("api:drill-calendar-detail", args=[cast.district_wide.pk]))
    other = client.get(reverse("api:drill-calendar-detail", args=[cast.other_committee.pk]))
    assert no_school.status_code == other.status_code == 404


def test_a_year_without_a_school_calendar_owes_nothing_yet(cast, login):
    row = login(cast.chair).get(reverse("api:drill-calendar-detail", args=[cast.high.pk])).json()
    assert row["first_day"] is None and row["periods"] == []
    assert row["summary"] == {"held": 0, "due": 0, "missing": 0, "upcoming": 0}


def test_a_drill_calendar_costs_the_same_for_few_and_many_schools(cast, login, school_year):
    client = login(cast.district_admin)
    few = page_queries(client, CALENDAR)
    for n in range(8):
        school = BuildingFactory(district=cast.district, name=f"School {n}", slug=f"school-{n}")
        committee = services.committee_create(
            district=cast.district, name=f"School {n} Safety Committee", building=school
        )
        drills.drill_plan(
            building=school,
            kind="fire",
            held_at=datetime.datetime(2026, 9, 10, 14, tzinfo=datetime.UTC),
            by=None,
        )
        assert committee.pk
    many = page_queries(client, CALENDAR)
    assert len(login(cast.district_admin).get(CALENDAR).json()["results"]) == 10
    assert few == many


# --- community concerns -----------------------------------------------------------------------


def test_concerns_are_for_those_who_triage_them_and_nobody_else(cast, login):
    concern = cast.concerns["high"]
    url = reverse("api:concern-detail", args=[concern.pk])
    for role in ("cleared_staff", "secretary", "chair", "principal", "district_admin"):
        client = login(cast.people[role])
        read = client.get(url).json()
        assert (read["name"], read["contact"]) == (concern.name, concern.contact), role
        assert read["reference"] == concern.reference
        assert concern.pk in {row["id"] for row in _all_pages(client, CONCERNS)}
    # Members who do not triage (and a family member of the middle school committee) read
    # no concern here: as if there were none.
    for role in ("parent", "student", "staff", "stranger", "outsider", "other_admin"):
        client = login(cast.people[role])
        assert client.get(url).status_code == 404, role
        rows = _all_pages(client, CONCERNS)
        assert all(row["committee"] != cast.high.pk for row in rows), role
    assert _all_pages(login(cast.stranger), CONCERNS) == []
    hidden = login(cast.staff).get(CONCERNS, {"committee": cast.high.pk})
    missing = login(cast.staff).get(CONCERNS, {"committee": 999999})
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json() == missing.json()


def test_a_concern_shows_its_history_to_those_who_triage_it(cast, login):
    concern = concerns.concern_set_status(
        concern=cast.concerns["high"], status="under_review", by=cast.chair, note="Custodian told"
    )
    read = login(cast.principal).get(reverse("api:concern-detail", args=[concern.pk])).json()
    assert [step["to_status"] for step in read["history"]] == ["received", "under_review"]
    assert read["history"][1]["note"] == "Custodian told" and read["status"] == "under_review"
    rows = _all_pages(login(cast.principal), CONCERNS, status="received")
    assert concern.pk not in {row["id"] for row in rows}


def test_a_concern_list_costs_the_same_for_few_and_many(cast, login, settings):
    settings.CONCERN_RATE_LIMIT = 1000
    client = login(cast.chair)
    few = page_queries(client, CONCERNS)
    for n in range(30):
        concerns.concern_submit(
            building=cast.high.building,
            location=f"Door {n}",
            description="It does not latch.",
            address="198.51.100.4",
        )
    many = page_queries(client, CONCERNS)
    assert few == many
    assert Concern.objects.filter(committee=cast.high).count() == 31


def test_the_schema_tells_these_resources_and_the_report(client):
    response = client.get(reverse("api:schema"))
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    for path in ("incidents", "drills", "drill-calendar", "concerns", "procedures"):
        assert f"/api/v1/{path}/{{id}}/" in schema["paths"]
        assert set(schema["paths"][f"/api/v1/{path}/"]) >= {"get"}
    report = schema["paths"]["/api/v1/incidents/"]["post"]
    assert set(report["responses"]) == {"201", "400", "401", "403", "429"}
