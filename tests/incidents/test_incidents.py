"""Incidents: anyone of the district reports, the committee triages, threats stay restricted."""

import datetime
import html
import re
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
from guardian.shortcuts import assign_perm

from committees import access
from committees.models import Level
from committees.services import named_grant_add
from followups.models import ActionItem
from incidents import services
from incidents.models import Incident
from notifications import services as outbox
from notifications.models import Notification
from safety_portal.paging import COUNT_UP_TO
from tests.factories import UserFactory
from tests.notifications.clock import everything

pytestmark = pytest.mark.django_db
WHEN = datetime.datetime(2026, 11, 3, 15, 0, tzinfo=datetime.UTC)


def _report(cast, by, kind="facility_hazard", **extra):
    values = {
        "building": cast.high.building,
        "occurred_at": WHEN,
        "area": "Gym lobby",
        "kind": kind,
        "severity": "moderate",
        "description": "The gym lobby door does not latch.",
        "by": by,
    }
    values.update(extra)
    return services.incident_report(**values)


def test_anyone_of_the_district_reports_from_the_page_and_follows_their_own(cast, login):
    driver = UserFactory(username="bus.driver", district=cast.district)  # on no committee
    client = login(driver)
    response = client.post(
        reverse("incidents:report"),
        {
            "building": cast.high.building.pk,
            "occurred_at": "2026-11-03T10:00",
            "area": "Bus loop",
            "kind": "transportation",
            "severity": "low",
            "description": "A car drove through the bus loop during dismissal.",
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get(reporter=driver)
    assert incident.committee == cast.high
    assert incident.occurred_at == datetime.datetime(2026, 11, 3, 15, 0, tzinfo=datetime.UTC)
    mine = client.get(reverse("incidents:mine")).content.decode()
    assert "Transportation" in mine and "Reported" in mine
    assert (
        "A car drove through"
        in client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    )
    other = cast.incidents[("high", Level.COMMITTEE)]
    assert client.get(reverse("incidents:detail", args=[other.pk])).status_code == 404


def test_another_districts_person_cannot_report_here(cast):
    with pytest.raises(PermissionDenied):
        _report(cast, cast.other_admin)


def test_a_threat_is_restricted_from_the_start_and_never_lowered(cast):
    threat = _report(cast, cast.staff, kind="threat")
    assert threat.visibility == Level.RESTRICTED
    with pytest.raises(ValidationError, match="10-222m"):
        services.incident_set_level(incident=threat, visibility=Level.COMMITTEE, by=cast.chair)
    hazard = _report(cast, cast.staff)
    raised = services.incident_set_level(
        incident=hazard, visibility=Level.RESTRICTED, by=cast.chair
    )
    assert raised.visibility == Level.RESTRICTED


def test_the_district_names_the_types_treated_as_threats(cast):
    cast.district.restricted_incident_types = ["threat", "intruder"]
    cast.district.save()
    assert _report(cast, cast.staff, kind="intruder").visibility == Level.RESTRICTED


def test_parents_and_students_never_see_a_threat(cast, login):
    threat = _report(cast, cast.parent, kind="threat")
    url = reverse("incidents:detail", args=[threat.pk])
    for person in (cast.parent, cast.student, cast.staff):
        assert login(person).get(url).status_code == 404
    assert login(cast.cleared_staff).get(url).status_code == 200
    queue = login(cast.parent).get(reverse("incidents:queue", args=[cast.high.pk]))
    assert threat.description not in queue.content.decode()


def _queue_cells(response) -> dict[int, list[str]]:
    """The queue's rows as a reader hears them, by the incident's reference."""
    rows = {}
    for row in re.findall(r"<tr data-visibility=.*?</tr>", response.content.decode(), re.S):
        cells = [
            " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
        rows[int(cells[0].split()[0])] = cells
    return rows


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_queue_row_reads_what_where_when_in_the_districts_zone(cast, login, language):
    incident = _report(cast, cast.staff, area="Gym lobby & stairs")
    client = login(cast.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    row = _queue_cells(client.get(reverse("incidents:queue", args=[cast.high.pk])))[incident.pk]
    with translation.override(language):
        words = [
            str(Incident.Kind.FACILITY_HAZARD.label),
            str(Incident.Severity.MODERATE.label),
            f"{cast.high.building.name}, Gym lobby & stairs",
            # 15:00 UTC on November 3, 2026 is 10 in the morning in Westport.
            date_format(WHEN.astimezone(ZoneInfo("America/New_York")), "DATETIME_FORMAT"),
            str(Incident.Status.REPORTED.label),
        ]
    assert row[1:] == words
    if language == "en":
        assert row[4] == "Nov. 3, 2026, 10 a.m."


def test_each_step_says_why_and_the_reporter_does_not_see_the_deliberations(cast, login):
    incident = _report(cast, cast.staff)
    with pytest.raises(ValidationError):
        services.incident_set_status(incident=incident, status="triaged", by=cast.chair, note="")
    with pytest.raises(ValidationError):
        services.incident_set_status(
            incident=incident, status="under_review", by=cast.chair, note="Skip ahead"
        )
    services.incident_set_status(
        incident=incident, status="triaged", by=cast.chair, note="Facilities to check the latch"
    )
    with pytest.raises(PermissionDenied):
        services.incident_set_status(
            incident=incident, status="closed", by=cast.secretary, note="Done"
        )
    url = reverse("incidents:detail", args=[incident.pk])
    assert "Facilities to check the latch" in login(cast.chair).get(url).content.decode()
    outside = UserFactory(username="custodian.night", district=cast.district)
    own = _report(cast, outside)
    services.incident_set_status(incident=own, status="triaged", by=cast.chair, note="Secret")
    page = login(outside).get(reverse("incidents:detail", args=[own.pk])).content.decode()
    assert "Triaged" in page
    assert "Secret" not in page


def test_triage_hands_it_on_and_a_follow_up_keeps_its_level(cast, login):
    threat = _report(cast, cast.staff, kind="threat")
    services.incident_triage(
        incident=threat, committee=cast.district_wide, by=cast.district_admin, note="District"
    )
    threat.refresh_from_db()
    assert (threat.committee, threat.status) == (cast.district_wide, Incident.Status.TRIAGED)
    response = login(cast.district_admin).post(
        reverse("incidents:follow_up", args=[threat.pk]), {"title": "Review the threat plan"}
    )
    assert response.status_code == 302
    item = ActionItem.objects.get(title="Review the threat plan")
    assert item.visibility == Level.RESTRICTED
    assert item.committee == cast.district_wide
    assert item.source == ActionItem.Source.INCIDENT
    assert f"Incident {threat.pk}" in item.source_detail


def test_a_later_hand_over_is_on_the_record_and_the_same_committee_is_refused(cast):
    incident = _report(cast, cast.staff)
    services.incident_set_status(incident=incident, status="triaged", by=cast.chair, note="Ours")
    services.incident_triage(
        incident=incident, committee=cast.middle, by=cast.district_admin, note="Their gate"
    )
    incident.refresh_from_db()
    assert (incident.committee, incident.status) == (cast.middle, Incident.Status.TRIAGED)
    last = incident.events.last()
    assert (last.from_status, last.to_status) == ("triaged", "triaged")
    assert last.note == f"Handed to {cast.middle.name}: Their gate"
    with pytest.raises(ValidationError, match="with that committee already"):
        services.incident_triage(
            incident=incident, committee=cast.middle, by=cast.district_admin, note="Again"
        )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _many(cast, n: int, status=Incident.Status.REPORTED) -> None:
    Incident.objects.bulk_create(
        Incident(
            building=cast.high.building,
            committee=cast.high,
            occurred_at=WHEN,
            area="Hall",
            kind="injury",
            severity="low",
            description="A fall.",
            reporter=cast.staff,
            visibility=[Level.COMMITTEE, Level.RESTRICTED][i % 2],
            status=status,
        )
        for i in range(n)
    )


@pytest.mark.parametrize(
    ("name", "role", "query"),
    [
        ("incidents:queue", "chair", ""),
        ("incidents:queue", "chair", "?page=2"),
        ("incidents:queue", "staff", ""),
        ("incidents:mine", "staff", ""),
    ],
)
def test_lists_cost_the_same_for_10_and_1000_incidents(cast, login, name, role, query):
    client = login(getattr(cast, role))
    url = reverse(name, args=[cast.high.pk]) if name == "incidents:queue" else reverse(name)
    url += query
    _many(cast, 60)
    _many(cast, 10, Incident.Status.CLOSED)
    few = _count(client, url)
    _many(cast, 500)
    _many(cast, 500, Incident.Status.CLOSED)
    assert _count(client, url) == few


def test_the_queue_counts_the_closed_up_to_a_bound(cast, login):
    client = login(cast.chair)
    url = reverse("incidents:queue", args=[cast.high.pk])
    closed = Incident.objects.filter(committee=cast.high, status=Incident.Status.CLOSED)
    _many(cast, 2, Incident.Status.CLOSED)
    assert f" {closed.count()} closed." in client.get(url).content.decode()
    _many(cast, COUNT_UP_TO, Incident.Status.CLOSED)
    assert f"More than {COUNT_UP_TO} closed." in client.get(url).content.decode()


def test_a_named_grant_never_shows_a_threat_to_a_parent_or_student(cast, login):
    threat = cast.incidents[("high", Level.RESTRICTED)]
    url = reverse("incidents:detail", args=[threat.pk])
    for person in (cast.parent, cast.student):
        response = login(cast.chair).post(
            reverse("incidents:share", args=[threat.pk]), {"person": person.pk}, follow=True
        )
        assert "C.G.S. 10-222m" in response.content.decode()
        with pytest.raises(ValidationError):
            named_grant_add(record=threat, user=person, by=cast.chair)
        # Even a permission row written around the service opens nothing.
        assign_perm("incidents.view_incident", person, threat)
        access.forget(person)
        assert login(person).get(url).status_code == 404
        assert (
            threat.description
            not in login(person)
            .get(reverse("incidents:queue", args=[cast.high.pk]))
            .content.decode()
        )


def test_an_incident_is_shared_by_name_with_the_fire_marshal_and_unshared(cast, login):
    threat = cast.incidents[("high", Level.RESTRICTED)]
    marshal = UserFactory(username="fire.marshal", district=cast.district)
    url = reverse("incidents:detail", args=[threat.pk])
    assert login(marshal).get(url).status_code == 404
    for role in ("parent", "staff", "secretary"):  # not managers of the roster
        response = login(getattr(cast, role)).post(
            reverse("incidents:share", args=[threat.pk]), {"person": marshal.pk}
        )
        assert response.status_code == (403 if role == "secretary" else 404)
    login(cast.chair).post(reverse("incidents:share", args=[threat.pk]), {"person": marshal.pk})
    chair_page = login(cast.chair).get(url).content.decode()
    title = chair_page[chair_page.index("<title>") : chair_page.index("</title>")]
    assert "<" not in title[len("<title>") :]  # the sharing section sits in the page, not its title
    assert chair_page.count('id="sharing"') == 1 and marshal.display_name in chair_page
    page = login(marshal).get(url).content.decode()
    assert threat.description in page
    assert "History" not in page  # the committee's deliberations stay with it
    mine = login(marshal).get(reverse("portal:mine")).content.decode()
    assert url in mine  # under "Shared with me"
    login(cast.chair).post(reverse("incidents:unshare", args=[threat.pk, marshal.pk]))
    assert login(marshal).get(url).status_code == 404
    assert url not in login(marshal).get(reverse("portal:mine")).content.decode()


def test_the_chair_and_principal_hear_of_a_new_incident_a_threat_without_detail(
    cast, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()  # the cast's own incidents were announced already
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        hazard = _report(cast, cast.staff)
        threat = _report(cast, cast.officer, kind="threat", description="CANARY-THREAT-MAIL")
    outbox.sweep()
    told = {to for message in mail.outbox for to in message.to}
    for person in (cast.chair, cast.principal):
        assert any(f"<{person.email}>" in to for to in told)
    assert not any(f"<{cast.parent.email}>" in to for to in told)
    texts = [everything(m) for m in mail.outbox]
    assert any("An incident was reported at Westport High School" in t for t in texts)
    assert any(reverse("incidents:detail", args=[hazard.pk]) in t for t in texts)
    assert not any("CANARY-THREAT-MAIL" in t for t in texts)
    threat_mail = [t for t in texts if reverse("incidents:detail", args=[threat.pk]) in t]
    assert threat_mail and all("needs your attention" in t for t in threat_mail)


def test_the_history_names_statuses_as_people_read_them(cast, login):
    incident = _report(cast, cast.staff)
    services.incident_set_status(incident=incident, status="triaged", by=cast.chair, note="Ours")
    services.incident_set_status(
        incident=incident, status="under_review", by=cast.chair, note="Asked facilities"
    )
    page = login(cast.chair).get(reverse("incidents:detail", args=[incident.pk]))
    text = page.content.decode()
    assert "Under review by" in text
    assert "Under_review" not in text and "under_review by" not in text


def test_a_parent_who_reports_a_threat_follows_its_status_never_its_details(cast, login):
    client = login(cast.parent)
    response = client.post(
        reverse("incidents:report"),
        {
            "building": cast.high.building.pk,
            "occurred_at": "2026-11-03T10:00",
            "area": "THREAT-AREA-WORDS",
            "kind": "threat",
            "severity": "high",
            "description": "THREAT-DESCRIPTION-WORDS",
        },
        follow=True,
    )
    text = html.unescape(response.content.decode())
    assert "read only by the school's cleared safety team" in text
    threat = Incident.objects.filter(reporter=cast.parent, kind="threat").latest("pk")
    services.incident_set_status(incident=threat, status="triaged", by=cast.chair, note="Ours")
    mine = client.get(reverse("incidents:mine")).content.decode()
    assert "Threat" in mine and "Triaged" in mine
    assert "THREAT-AREA-WORDS" not in mine and "THREAT-DESCRIPTION-WORDS" not in mine
    assert reverse("incidents:detail", args=[threat.pk]) not in mine
    assert client.get(reverse("incidents:detail", args=[threat.pk])).status_code == 404
    # Someone else's reports are never listed.
    theirs = login(cast.student).get(reverse("incidents:mine")).content.decode()
    assert f"<td>{threat.pk}</td>" in mine and f"<td>{threat.pk}</td>" not in theirs


def test_an_incident_lists_the_items_made_from_it_that_the_reader_may_see(cast, login):
    incident = cast.incidents[("high", Level.COMMITTEE)]
    services.incident_set_status(incident=incident, status="triaged", by=cast.chair, note="Ours")
    services.incident_action_item(incident=incident, title="Fix the gym latch", by=cast.chair)
    page = login(cast.parent).get(reverse("incidents:detail", args=[incident.pk]))
    assert "Follow-up items" in page.content.decode()
    assert "Fix the gym latch" in page.content.decode()
    queue = login(cast.chair).get(reverse("incidents:queue", args=[cast.high.pk])).content
    link = reverse("incidents:detail", args=[incident.pk])
    assert f'<a href="{link}">{incident.pk}</a>' not in queue.decode()  # never a bare number
    assert f'<a href="{link}">{incident.get_kind_display()}</a>' in queue.decode()


def test_the_report_form_starts_at_the_reporters_school(cast, login):
    page = login(cast.parent).get(reverse("incidents:report")).content.decode()
    selected = f'<option value="{cast.high.building.pk}" selected>'
    assert selected in page
    # Someone on no school's committee chooses: nothing is chosen for them.
    page = login(cast.outsider).get(reverse("incidents:report")).content.decode()
    menu = page.split('name="building"')[1].split("</select>")[0]
    assert '<option value="" selected>' in menu
