"""Say what is hidden, without saying how much: a member who is not cleared reads the same
note on every page of the committee, whether or not anything is kept from them."""

import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from committees import services
from committees.models import Category, Level, Position
from incidents import services as incident_services
from meetings import services as meeting_services
from meetings.models import Meeting
from procedures import services as procedure_services
from tests.factories import ActionItemFactory, BuildingFactory, UserFactory

pytestmark = pytest.mark.django_db

NOTE = "are for cleared members only and are not shown to you"
EXECUTIVE = "This is an executive session: its full record is restricted"
SECRETS = [
    "SECRET-ITEM",
    "SECRET-SESSION",
    "SECRET-AGENDA",
    "SECRET-SECTION",
    "SECRET-THREAT",
    "SECRET-PROCEDURE",
]


@pytest.fixture
def school(cast):
    """A new committee with nothing restricted yet, a parent and a cleared teacher."""
    building = BuildingFactory(district=cast.district, name="Oak Hill School", slug="oak-hill")
    committee = services.committee_create(
        district=cast.district, building=building, name="Oak Hill Safety Committee"
    )
    people = {}
    for name, category, cleared in (
        ("parent", Category.FAMILY, False),
        ("custodian", Category.STAFF, False),
        ("teacher", Category.TEACHER, True),
    ):
        people[name] = UserFactory(district=cast.district)
        services.membership_add(
            committee=committee,
            user=people[name],
            category=category,
            position=Position.MEMBER,
            restricted_clearance=cleared,
        )
    people["admin"] = cast.district_admin
    meeting = meeting_services.meeting_schedule(
        committee=committee,
        title="November meeting",
        location="Library",
        starts_at=timezone.now() + datetime.timedelta(days=7),
        by=cast.district_admin,
    )
    return committee, meeting, people


def _pages(committee, meeting) -> list[str]:
    return [
        reverse("committees:detail", args=[committee.pk]),
        reverse("followups:items", args=[committee.pk]),
        reverse("followups:plans", args=[committee.pk]),
        reverse("meetings:list", args=[committee.pk]),
        reverse("meetings:meeting", args=[meeting.pk]),
        reverse("incidents:queue", args=[committee.pk]),
        reverse("incidents:concerns", args=[committee.pk]),
        reverse("incidents:drills", args=[committee.pk]),
        reverse("assessments:list", args=[committee.pk]),
        reverse("compliance:calendar", args=[committee.pk]),
        reverse("procedures:procedures", args=[committee.pk]),
        reverse("publishing:updates", args=[committee.pk]),
    ]


def _text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    page = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def _hide_things(committee, meeting, admin) -> None:
    """One restricted record of each kind a committee page lists."""
    ActionItemFactory(committee=committee, visibility=Level.RESTRICTED, title="SECRET-ITEM")
    meeting_services.meeting_schedule(
        committee=committee,
        title="SECRET-SESSION",
        location="Library",
        kind=Meeting.Kind.EXECUTIVE,
        public_purpose="To discuss SECRET-SESSION matters",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        by=admin,
    )
    meeting_services.agenda_item_add(
        meeting=meeting, title="SECRET-AGENDA", by=admin, visibility=Level.RESTRICTED
    )
    meeting_services.minutes_section_add(
        meeting=meeting, heading="SECRET-SECTION", by=admin, visibility=Level.RESTRICTED
    )
    incident_services.incident_report(
        building=committee.building,
        occurred_at=timezone.now() - datetime.timedelta(hours=2),
        area="SECRET-THREAT office",
        kind="threat",
        severity="high",
        description="SECRET-THREAT written on a desk.",
        by=admin,
    )
    procedure_services.procedure_create(
        committee=committee, kind="lockdown", title="SECRET-PROCEDURE", body="Doors.", by=admin
    )


@pytest.mark.parametrize("who", ["parent", "custodian"])
def test_an_uncleared_member_reads_the_same_page_with_or_without_restricted_records(
    school, client, who
):
    committee, meeting, people = school
    client.force_login(people[who])
    before = {url: _text(client, url) for url in _pages(committee, meeting)}
    _hide_things(committee, meeting, people["admin"])
    for url in _pages(committee, meeting):
        after = _text(client, url)
        assert NOTE in after, url
        assert after == before[url], url  # the same note, and nothing that counts
        assert not any(secret in after for secret in SECRETS), url
        assert EXECUTIVE not in after  # a regular meeting: no executive session note


@pytest.mark.parametrize("who", ["teacher", "admin"])
def test_cleared_members_and_managers_are_not_told(school, client, who):
    committee, meeting, people = school
    _hide_things(committee, meeting, people["admin"])
    client.force_login(people[who])
    seen = ""
    for url in _pages(committee, meeting):
        page = _text(client, url)
        assert NOTE not in page, url
        seen += page
    assert all(secret in seen for secret in SECRETS)  # what the others were not shown


def test_an_executive_session_tells_the_uncleared_its_full_record_is_not_theirs(school, client):
    committee, _, people = school
    session = meeting_services.meeting_schedule(
        committee=committee,
        title="Executive session",
        location="Library",
        kind=Meeting.Kind.EXECUTIVE,
        visibility=Level.COMMITTEE,
        public_purpose="To discuss the security of the building",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        by=people["admin"],
    )
    meeting_services.minutes_section_add(
        meeting=session, heading="What was discussed", by=people["admin"]
    )
    url = reverse("meetings:meeting", args=[session.pk])
    client.force_login(people["parent"])
    page = _text(client, url)
    assert EXECUTIVE in page and NOTE in page
    assert "To discuss the security of the building" in page
    assert "What was discussed" not in page
    for who in ("teacher", "admin"):
        client.force_login(people[who])
        page = _text(client, url)
        assert EXECUTIVE not in page and NOTE not in page
        assert "What was discussed" in page


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("es", ["Registros que no se le muestran", "sesión ejecutiva", "miembros autorizados"]),
        (
            "pt",
            ["Registros que não são mostrados a você", "sessão executiva", "membros autorizados"],
        ),
    ],
)
def test_the_note_is_translated(language, words):
    with translation.override(language):
        html = render_to_string(
            "committees/includes/restricted_note.html", {"uncleared": True, "executive": True}
        )
    assert all(word in html for word in words), html
