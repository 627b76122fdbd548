"""Distinct values read by skipping along an index: the same answer as DISTINCT."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from committees import services
from followups.models import ActionItem
from safety_portal.skip_scan import distinct_values
from tests.factories import ActionItemFactory, BuildingFactory, DistrictFactory, UserFactory

pytestmark = pytest.mark.django_db


def _committee(district, name):
    return services.committee_create(
        district=district, name=name, building=BuildingFactory(district=district)
    )


def test_the_holders_of_one_committees_items_each_once_in_order():
    district = DistrictFactory()
    oak, elm = _committee(district, "Oak Hill"), _committee(district, "Elm Street")
    ana, ben, cleo = UserFactory.create_batch(3, district=district)
    for person in (cleo, ana, cleo, cleo, ana):
        ActionItemFactory(committee=oak, assignee=person)
    ActionItemFactory(committee=oak, assignee=None)
    ActionItemFactory(committee=elm, assignee=ben)

    with CaptureQueriesContext(connection) as queries:
        holders = _holders(oak.pk)

    assert holders == sorted([ana.pk, cleo.pk])
    assert len(queries) == 1  # the values are a subquery, read with the people
    expected = (
        ActionItem.objects.filter(committee=oak, assignee__isnull=False)
        .order_by("assignee_id")
        .values_list("assignee_id", flat=True)
        .distinct()
    )
    assert holders == list(expected)


def test_a_group_without_values_gives_none():
    district = DistrictFactory()
    oak = _committee(district, "Oak Hill")
    ActionItemFactory(committee=oak, assignee=None)
    assert _holders(oak.pk) == []
    assert _holders(oak.pk + 1000) == []


def _holders(committee_id) -> list[int]:
    """The people who hold an item of the committee, read through the subquery."""
    holders = distinct_values(ActionItem, "committee", committee_id, "assignee")
    return list(User.objects.filter(pk__in=holders).order_by("pk").values_list("pk", flat=True))
