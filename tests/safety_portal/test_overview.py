"""The reads of "My committees": the same queries for 3 committees as for 300, and for
few items in the state as for many."""

import re

import pytest
from django.urls import reverse

from committees import services
from committees.models import Category, Level, RepresentationRule
from followups.models import ActionItem
from tests.factories import ActionItemFactory, DistrictFactory, UserFactory
from tests.helpers import page_queries
from tests.safety_portal.workload import committees_at_work

pytestmark = pytest.mark.django_db


def test_my_committees_costs_the_same_for_3_and_300_committees(client):
    district = DistrictFactory()
    for category in (Category.STAFF, Category.FAMILY, Category.POLICE):
        RepresentationRule.objects.create(district=district, category=category)
    person = UserFactory(district=district)
    client.force_login(person)
    url = reverse("portal:mine")

    committees_at_work(district, person, 0, 3)
    few = page_queries(client, url)
    committees_at_work(district, person, 3, 300)
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
