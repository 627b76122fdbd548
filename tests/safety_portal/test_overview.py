"""The reads of "My committees": the same queries for 3 committees as for 300, and for
few items in the state as for many."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import Category, Level, Position, RepresentationRule
from followups.models import ActionItem
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
    for category in (Category.STAFF, Category.FAMILY, Category.POLICE):
        RepresentationRule.objects.create(district=district, category=category)
    person = UserFactory(district=district)
    client.force_login(person)
    url = reverse("portal:mine")

    _committees(district, person, 0, 3)
    few = page_queries(client, url)
    _committees(district, person, 3, 300)
    many = page_queries(client, url)

    assert few == many
    assert "Page 1 of 25" in client.get(url).content.decode()
    shown = []
    for number in range(1, 26):
        page = client.get(url, {"page": number}).content.decode()
        assert page.count('class="card"') == 12
        shown += re.findall(r">(Committee \d+)</a></h2>", page)
    assert sorted(shown) == sorted(f"Committee {n}" for n in range(300))


def test_shared_with_me_costs_the_same_however_many_items_the_state_holds(cast, login):
    """ "Shared with me" starts from the person's own grants and assignments, and asks the
    gate about those: the other items of the district and the state add nothing to it."""
    marshal = UserFactory(username="fire.marshal", district=cast.district)
    shared = [cast.items[("high", Level.RESTRICTED)], cast.items[("middle", Level.COMMITTEE)]]
    for item in shared:
        services.named_grant_add(record=item, user=marshal)
    incident = cast.incidents[("high", Level.COMMITTEE)]
    services.named_grant_add(record=incident, user=marshal)
    assigned = ActionItemFactory(committee=cast.middle, assignee=marshal, title="Hydrant check")
    client = login(marshal)
    url = reverse("portal:mine")

    def add(n):
        ActionItem.objects.bulk_create(
            ActionItem(
                committee=[cast.high, cast.middle, cast.other_committee][i % 3],
                title=f"Bulk {i}",
                assignee=cast.chair,
                visibility=[Level.COMMITTEE, Level.RESTRICTED][i % 2],
            )
            for i in range(n)
        )

    add(10)
    few = page_queries(client, url)
    add(1000)
    assert page_queries(client, url) == few
    html = client.get(url).content.decode()
    for item in [*shared, assigned]:
        assert item.title in html
    assert reverse("incidents:detail", args=[incident.pk]) in html and "Bulk" not in html
