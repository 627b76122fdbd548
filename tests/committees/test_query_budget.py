"""Page cost does not grow with the data: the same queries for 3 rows as for 300."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import Category, Level, Position, RepresentationRule
from meetings import services as meeting_services
from tests.factories import ActionItemFactory, BuildingFactory, DistrictFactory, UserFactory

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    client.get(url)  # warm the per-process caches (content types) first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _committees(district, person, start, stop):
    today = datetime.date.today()  # noqa: DTZ011
    for n in range(start, stop):
        building = BuildingFactory(district=district)
        committee = services.committee_create(
            district=district, name=f"Committee {n}", building=building
        )
        services.membership_add(
            committee=committee,
            user=person,
            category=Category.STAFF,
            position=Position.CHAIR if n % 2 else Position.MEMBER,
            restricted_clearance=True,
        )
        meeting_services.meeting_schedule(
            committee=committee,
            title=f"Meeting {n}",
            starts_at=timezone.now() + datetime.timedelta(days=1 + n % 30),
            location="Library",
            by=None,
        )
        ActionItemFactory(
            committee=committee,
            assignee=person,
            visibility=Level.RESTRICTED if n % 3 else Level.COMMITTEE,
            due_date=today - datetime.timedelta(days=n % 5),
        )


def test_my_committees_costs_the_same_for_3_and_300_committees(client):
    district = DistrictFactory()
    for category in (Category.STAFF, Category.FAMILY, Category.SAFETY_OFFICIAL):
        RepresentationRule.objects.create(district=district, category=category)
    person = UserFactory(district=district)
    client.force_login(person)
    url = reverse("committees:mine")

    _committees(district, person, 0, 3)
    few = _count(client, url)
    _committees(district, person, 3, 300)
    many = _count(client, url)

    assert few == many
    assert client.get(url).content.decode().count('class="card"') == 300


def _members(committee, start, stop):
    for n in range(start, stop):
        services.membership_add(
            committee=committee,
            user=UserFactory(district=committee.district),
            category=[Category.STAFF, Category.FAMILY, Category.STUDENT][n % 3],
            term_end=datetime.date.today() + datetime.timedelta(days=n),  # noqa: DTZ011
        )
        ActionItemFactory(committee=committee, visibility=Level.COMMITTEE)


def test_committee_page_costs_the_same_for_3_and_300_members(client):
    district = DistrictFactory()
    RepresentationRule.objects.create(district=district, category=Category.FAMILY, minimum=2)
    chair = UserFactory(district=district)
    committee = services.committee_create(
        district=district, name="Oak Hill", building=BuildingFactory(district=district)
    )
    services.membership_add(
        committee=committee, user=chair, category=Category.STAFF, position=Position.CHAIR
    )
    client.force_login(chair)
    url = reverse("committees:detail", args=[committee.pk])

    _members(committee, 0, 3)
    few = _count(client, url)
    _members(committee, 3, 300)
    many = _count(client, url)

    assert few == many
