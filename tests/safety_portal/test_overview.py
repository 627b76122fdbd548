"""The reads of "My committees": the same queries for 3 committees as for 300."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import Category, Level, Position, RepresentationRule
from meetings import services as meeting_services
from tests.factories import ActionItemFactory, BuildingFactory, DistrictFactory, UserFactory
from tests.helpers import page_queries

pytestmark = pytest.mark.django_db


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
    url = reverse("portal:mine")

    _committees(district, person, 0, 3)
    few = page_queries(client, url)
    _committees(district, person, 3, 300)
    many = page_queries(client, url)

    assert few == many
    assert client.get(url).content.decode().count('class="card"') == 300
