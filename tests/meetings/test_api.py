"""The API's meetings (/api/v1/meetings/): what the meeting's page shows each reader, a
list filtered like the pages, and scheduling and attendance refused where the pages refuse
them, with the same messages, and nothing half-saved."""

import datetime

import pytest
import yaml
from django.urls import reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from accounts import services as account_services
from audit.models import AuditEntry
from committees import access
from committees.models import Level
from meetings import selectors, services
from meetings.models import (
    AgendaTemplateItem,
    Attendance,
    Guest,
    Meeting,
    MeetingChange,
)
from tests.helpers import page_queries
from tests.meetings.clock import after_start

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
LIST = "/api/v1/meetings/"


def _detail(meeting) -> str:
    return reverse("api:meeting-detail", args=[meeting.pk])


def _attendance(meeting) -> str:
    return reverse("api:meeting-attendance", args=[meeting.pk])


def _all_pages(client, url, **params):
    rows = []
    while url:
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        rows += response.json()["results"]
        url, params = response.json()["next"], {}
    return rows


def _everyone_present(meeting, absent=()) -> list[dict]:
    members = services.members_in_force(meeting).order_by("pk")
    return [
        {"membership": m.pk, "status": "absent" if m.pk in absent else "present", "note": ""}
        for m in members
    ]


def test_the_schema_tells_the_meetings_and_their_writes_without_a_warning(client):
    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/meetings/"])
    assert set(paths["/api/v1/meetings/{id}/"]) == {"get"}
    assert set(paths["/api/v1/meetings/{id}/attendance/"]) == {"post"}
    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS, "the schema has warnings: manage.py spectacular --fail-on-warn"


# --- reads -------------------------------------------------------------------------------


def test_the_list_is_exactly_what_the_gate_shows(cast, login):
    for role in ("parent", "chair", "stranger", "other_admin", "outsider"):
        person = cast.people[role]
        rows = _all_pages(login(person), LIST, page_size=2)
        expected = set(access.visible(person, Meeting.objects.all()).values_list("pk", flat=True))
        assert {row["id"] for row in rows} == expected and len(rows) == len(expected), role


def test_the_newest_meeting_comes_first_as_on_the_list_page(cast, login):
    rows = _all_pages(login(cast.chair), LIST)
    starts = [row["starts_at"] for row in rows]
    assert starts == sorted(starts, reverse=True)


def test_a_meeting_shows_what_its_page_shows_to_each_reader(cast, login):
    meeting = cast.meetings["high"]
    for role in ("parent", "staff", "cleared_staff", "chair"):
        person = cast.people[role]
        body = login(person).get(_detail(meeting)).json()
        page = selectors.meeting_minutes(person, meeting)
        assert [s["id"] for s in body["sections"]] == [s.pk for s in page.sections], role
        assert [a["id"] for a in body["agenda"]] == [a.pk for a in page.agenda], role
        for section in body["sections"]:
            votes = [
                v.pk for v in next(s for s in page.sections if s.pk == section["id"]).votes.all()
            ]
            assert [v["id"] for v in section["votes"]] == votes
        assert len(body["attendance"]) == len(page.attendance)


def test_a_restricted_section_is_absent_for_a_reader_without_clearance(cast, login):
    meeting = cast.meetings["high"]
    restricted = meeting.sections.get(visibility=Level.RESTRICTED)
    parent = login(cast.parent).get(_detail(meeting))
    assert parent.status_code == 200
    assert restricted.body not in parent.content.decode()
    assert [s["visibility"] for s in parent.json()["sections"]] == [Level.COMMITTEE]
    assert all(a["visibility"] == Level.COMMITTEE for a in parent.json()["agenda"])
    cleared = login(cast.cleared_staff).get(_detail(meeting)).json()
    shown = {s["id"]: s for s in cleared["sections"]}
    assert shown[restricted.pk]["body"] == restricted.body
    assert shown[restricted.pk]["documents"][0]["link"] == "https://files.example.org/report.pdf"
    assert shown[restricted.pk]["votes"][0]["motion"].startswith("CANARY-MOTION-RESTRICTED")


def test_the_meeting_tells_attendance_and_quorum_as_the_page_does(cast, login):
    meeting = cast.meetings["high"]
    body = login(cast.staff).get(_detail(meeting)).json()
    members = services.members_in_force(meeting).count()
    assert body["quorum"] == {
        "members": members,
        "present": members,
        "needed": members // 2 + 1,
        "met": True,
    }
    assert {a["name"] for a in body["attendance"]} >= {cast.chair.display_name}
    assert body["guests"] == [{"name": "Karen Doyle", "organization": "Westport Fire Department"}]


def test_an_executive_session_is_a_404_for_a_parent_as_a_meeting_that_does_not_exist(cast, login):
    client = login(cast.parent)
    hidden = client.get(_detail(cast.executive))
    missing = client.get(reverse("api:meeting-detail", args=[999999]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_filters_narrow_as_the_list_page_does(cast, login):
    client = login(cast.chair)
    cancelled = services.meeting_schedule(
        committee=cast.high,
        title="Snowed out",
        starts_at=datetime.datetime(2026, 12, 9, 23, 30, tzinfo=UTC),
        location="Library",
        by=None,
    )
    services.meeting_cancel(meeting=cancelled, reason="Snow", by=None)
    rows = _all_pages(client, LIST, committee=cast.high.pk, status="cancelled")
    assert [row["id"] for row in rows] == [cancelled.pk]
    october = _all_pages(
        client,
        LIST,
        committee=cast.high.pk,
        starts_after="2026-10-01T00:00:00Z",
        starts_before="2026-10-22T00:00:00Z",
        ordering="starts_at",
    )
    assert [row["id"] for row in october] == [cast.meetings["high"].pk, cast.executive.pk]
    executive = _all_pages(client, LIST, kind="executive")
    assert [row["id"] for row in executive] == [cast.executive.pk]


def test_a_committee_one_may_not_see_is_refused_as_one_that_does_not_exist(cast, login):
    client = login(cast.parent)
    hidden = client.get(LIST, {"committee": cast.other_committee.pk})
    missing = client.get(LIST, {"committee": 999999})
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json() == missing.json()


def test_restricted_reads_through_the_api_are_on_record(cast, login):
    client = login(cast.chair)
    meeting = cast.meetings["high"]
    client.get(_detail(meeting))
    client.get(LIST, {"committee": cast.high.pk})
    reads = AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS, via="api", actor=cast.chair)
    read = set(reads.values_list("content_type__model", "object_id"))
    restricted = meeting.sections.get(visibility=Level.RESTRICTED)
    committee_level = meeting.sections.get(visibility=Level.COMMITTEE)
    assert ("minutessection", restricted.pk) in read
    assert ("minutessection", committee_level.pk) not in read
    assert ("meeting", cast.executive.pk) in read  # listed
    assert ("meeting", meeting.pk) not in read


def test_a_token_reads_as_its_owner(cast, client):
    token, key = account_services.api_token_create(user=cast.parent, name="Minutes", days=30)
    response = client.get(_detail(cast.meetings["high"]), headers={"Authorization": f"Token {key}"})
    assert response.status_code == 200
    assert [s["visibility"] for s in response.json()["sections"]] == [Level.COMMITTEE]


def test_a_list_costs_the_same_for_few_and_many_meetings(cast, login):
    client = login(cast.chair)
    few = page_queries(client, LIST)
    start = datetime.datetime(2025, 1, 1, 23, 0, tzinfo=UTC)
    Meeting.objects.bulk_create(
        Meeting(
            committee=cast.high,
            title=f"Meeting {n}",
            location="Library",
            starts_at=start + datetime.timedelta(days=n),
            visibility=[Level.COMMITTEE, Level.RESTRICTED][n % 2],
        )
        for n in range(120)
    )
    assert page_queries(client, LIST) == few


def test_a_meeting_costs_the_same_for_few_and_many_sections(cast, login):
    meeting = cast.meetings["high"]
    client = login(cast.chair)
    few = page_queries(client, _detail(meeting))
    for n in range(40):
        section = services.minutes_section_add(
            meeting=meeting,
            heading=f"Item {n}",
            body="Text",
            visibility=[Level.COMMITTEE, Level.RESTRICTED][n % 2],
            by=None,
        )
        services.vote_record(section=section, motion=f"Motion {n}", result="carried", by=None)
        services.agenda_item_add(meeting=meeting, title=f"Agenda {n}", by=None)
    assert page_queries(client, _detail(meeting)) == few


# --- scheduling --------------------------------------------------------------------------


def _new(cast, **values) -> dict:
    return {
        "committee": cast.high.pk,
        "title": "December meeting",
        "starts_at": "2026-12-09T23:30:00Z",
        "location": "Library",
        **values,
    }


def test_a_recorder_schedules_a_meeting_with_the_standing_agenda(cast, login):
    AgendaTemplateItem.objects.create(committee=cast.high, order=1, title="Plan review")
    response = login(cast.secretary).post(LIST, _new(cast), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    meeting = Meeting.objects.get(pk=body["id"])
    assert meeting.starts_at == datetime.datetime(2026, 12, 9, 23, 30, tzinfo=UTC)
    assert meeting.created_by == cast.secretary and meeting.visibility == Level.COMMITTEE
    assert [a["title"] for a in body["agenda"]] == ["Plan review"]
    assert MeetingChange.objects.filter(meeting=meeting, kind="scheduled").exists()


def test_a_time_without_an_offset_is_the_districts_as_on_the_page(cast, login):
    response = login(cast.chair).post(
        LIST, _new(cast, starts_at="2026-12-09T18:30"), content_type="application/json"
    )
    assert response.status_code == 201
    # 6:30 p.m. in Connecticut in December is 23:30 UTC.
    meeting = Meeting.objects.get(pk=response.json()["id"])
    assert meeting.starts_at == datetime.datetime(2026, 12, 9, 23, 30, tzinfo=UTC)
    assert response.json()["starts_at"] == "2026-12-09T18:30:00-05:00"


def test_a_filter_by_time_takes_any_offset_the_parser_does(cast, login):
    """ "+17:19" parses, and PostgreSQL keeps no offset of 16 hours or more: the instant is
    asked in UTC. One past the calendar's start is a field message, not a server error."""
    client = login(cast.chair)
    response = client.get(LIST, {"starts_before": "2099-01-28T17:12:28+17:19"})
    assert response.status_code == 200, response.content
    assert response.json()["results"]
    response = client.get(LIST, {"starts_after": "0001-01-01T00:00:00+17:19"})
    assert response.status_code == 400
    assert "starts_after" in response.json()


def test_a_script_schedules_and_records_with_its_owners_token(cast, client, monkeypatch):
    _token, key = account_services.api_token_create(user=cast.chair, name="Calendar", days=30)
    auth = {"Authorization": f"Token {key}"}
    response = client.post(LIST, _new(cast), content_type="application/json", headers=auth)
    assert response.status_code == 201
    meeting = Meeting.objects.get(pk=response.json()["id"])
    assert meeting.created_by == cast.chair
    a_second_early = meeting.starts_at - datetime.timedelta(seconds=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: a_second_early)
    early = client.post(
        _attendance(meeting),
        {"attendance": _everyone_present(meeting)},
        content_type="application/json",
        headers=auth,
    )
    assert early.status_code == 400
    assert "once the meeting has started" in early.content.decode()
    after_start(monkeypatch, meeting)
    recorded = client.post(
        _attendance(meeting),
        {"attendance": _everyone_present(meeting)},
        content_type="application/json",
        headers=auth,
    )
    assert recorded.status_code == 200 and recorded.json()["quorum"]["met"] is True
    _token, parents = account_services.api_token_create(user=cast.parent, name="Mine", days=30)
    refused = client.post(
        LIST,
        _new(cast),
        content_type="application/json",
        headers={"Authorization": f"Token {parents}"},
    )
    assert refused.status_code == 403


def test_an_executive_session_is_restricted_unless_said_otherwise(cast, login):
    client = login(cast.chair)
    response = client.post(
        LIST,
        _new(cast, kind="executive", public_purpose="Security measures"),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["visibility"] == Level.RESTRICTED


def test_a_member_who_may_not_record_is_refused_and_nothing_is_saved(cast, login):
    before = Meeting.objects.count()
    response = login(cast.staff).post(LIST, _new(cast), content_type="application/json")
    assert response.status_code == 403
    assert Meeting.objects.count() == before


def test_a_committee_one_may_not_see_is_refused_as_one_that_does_not_exist_when_scheduling(
    cast, login
):
    client = login(cast.chair)
    hidden = client.post(
        LIST, _new(cast, committee=cast.middle.pk), content_type="application/json"
    )
    missing = client.post(LIST, _new(cast, committee=999999), content_type="application/json")
    assert hidden.status_code == missing.status_code == 400
    said = missing.json()["committee"][0].replace("999999", str(cast.middle.pk))
    assert hidden.json() == {"committee": [said]}
    assert not Meeting.objects.filter(title="December meeting").exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"location": ""}, "location", "Give a place or a video link."),
        ({"kind": "executive"}, "public_purpose", "An executive session needs its purpose"),
        ({"ends_at": "2026-12-09T22:00:00Z"}, "ends_at", "The meeting must end after it starts."),
        ({"starts_at": "next Tuesday"}, "starts_at", "Datetime has wrong format"),
        ({"visibility": "public"}, "visibility", "not a valid choice"),
    ],
)
def test_bad_meetings_are_refused_with_the_pages_message_and_nothing_saved(
    cast, login, values, field, message
):
    before = (Meeting.objects.count(), MeetingChange.objects.count())
    response = login(cast.chair).post(LIST, _new(cast, **values), content_type="application/json")
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert (Meeting.objects.count(), MeetingChange.objects.count()) == before


# --- attendance --------------------------------------------------------------------------


def test_a_recorder_records_attendance_and_the_meeting_is_held(cast, login):
    meeting = services.meeting_schedule(
        committee=cast.high,
        title="Walkthrough",
        starts_at=datetime.datetime(2026, 10, 30, 22, 0, tzinfo=UTC),
        location="Gym",
        by=None,
    )
    absent = services.members_in_force(meeting).get(user=cast.parent)
    entries = _everyone_present(meeting, absent={absent.pk})
    response = login(cast.secretary).post(
        _attendance(meeting),
        {"attendance": entries, "guests": [{"name": "Karen Doyle", "organization": "Fire"}]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "held"
    assert body["quorum"]["present"] == len(entries) - 1
    assert Attendance.objects.get(meeting=meeting, membership=absent).status == "absent"
    assert list(Guest.objects.filter(meeting=meeting).values_list("name", flat=True)) == [
        "Karen Doyle"
    ]


def _attendance_state(meeting):
    return (
        sorted(Attendance.objects.filter(meeting=meeting).values_list("membership_id", "status")),
        list(Guest.objects.filter(meeting=meeting).values_list("name", flat=True)),
        Meeting.objects.get(pk=meeting.pk).status,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda entries: entries[1:], "Give every member's attendance: missing"),
        (
            lambda entries: [*entries, {"membership": 999999, "status": "present"}],
            "only be recorded",
        ),
        (lambda entries: [*entries, entries[0]], "Give each member once."),
        (lambda entries: [{**entries[0], "status": "late"}, *entries[1:]], "not a valid choice"),
    ],
)
def test_bad_attendance_is_refused_and_nothing_changes(cast, login, change, message):
    meeting = cast.meetings["high"]
    before = _attendance_state(meeting)
    entries = _everyone_present(meeting)
    response = login(cast.chair).post(
        _attendance(meeting),
        {"attendance": change(entries), "guests": []},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert message in str(response.json()["attendance"])
    assert _attendance_state(meeting) == before


def test_a_member_of_another_committee_is_not_a_member_of_this_one(cast, login):
    meeting = cast.meetings["high"]
    stranger = services.members_in_force(cast.meetings["middle"]).get()
    entries = [*_everyone_present(meeting), {"membership": stranger.pk, "status": "present"}]
    response = login(cast.chair).post(
        _attendance(meeting), {"attendance": entries}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "attendance": ["Attendance can only be recorded for the committee's members."]
    }


def test_attendance_is_refused_with_403_to_a_reader_and_404_to_one_who_may_not_see(cast, login):
    meeting = cast.meetings["high"]
    entries = _everyone_present(meeting)
    before = _attendance_state(meeting)
    staff = login(cast.staff).post(
        _attendance(meeting), {"attendance": entries}, content_type="application/json"
    )
    assert staff.status_code == 403
    parent = login(cast.parent).post(
        _attendance(cast.executive), {"attendance": entries}, content_type="application/json"
    )
    missing = login(cast.parent).post(
        reverse("api:meeting-attendance", args=[999999]), {}, content_type="application/json"
    )
    assert parent.status_code == missing.status_code == 404
    assert _attendance_state(meeting) == before


def test_a_remote_member_without_the_reason_the_rules_want_is_refused(cast, login):
    """Under Massachusetts rules, a member who took part remotely gives the reason; the
    API says which member, under ``attendance``, and keeps the attendance as it was."""
    district = cast.high.district
    district.state = "MA"
    district.save(update_fields=["state"])
    meeting = cast.meetings["high"]
    before = _attendance_state(meeting)
    entries = _everyone_present(meeting)
    entries[0] |= {"mode": "remote"}
    client = login(cast.secretary)
    response = client.post(
        _attendance(meeting), {"attendance": entries}, content_type="application/json"
    )
    assert response.status_code == 400
    said = " ".join(response.json()["attendance"])
    assert f"{entries[0]['membership']}: " in said and "took part remotely" in said
    assert _attendance_state(meeting) == before
    entries[0] |= {"remote_reason": "Illness"}
    response = client.post(
        _attendance(meeting), {"attendance": entries}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    seen = {a["membership"]: a for a in response.json()["attendance"]}
    assert seen[entries[0]["membership"]]["mode"] == "remote"
    assert seen[entries[0]["membership"]]["remote_reason"] == "Illness"
