"""Page cost does not grow with the data: the same queries for 3 rows as for 300."""

import datetime

import pytest
from django.urls import reverse

from committees import services
from committees.models import Category, Level, Position, RepresentationRule
from tests.factories import ActionItemFactory, BuildingFactory, DistrictFactory, UserFactory
from tests.helpers import page_queries

pytestmark = pytest.mark.django_db


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
    few = page_queries(client, url)
    _members(committee, 3, 300)
    many = page_queries(client, url)

    assert few == many
