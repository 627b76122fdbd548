"""``__any``: the rows ``__in`` gives, with the list of ids sent as one parameter."""

import pytest
from django.db import connection

from committees import services
from committees.models import Committee
from followups.models import ActionItem
from tests.factories import ActionItemFactory, BuildingFactory, DistrictFactory

pytestmark = pytest.mark.django_db


def _committees(n):
    district = DistrictFactory()
    return [
        services.committee_create(
            district=district, name=f"School {i}", building=BuildingFactory(district=district)
        )
        for i in range(n)
    ]


def test_the_same_rows_as_in_for_keys_and_foreign_keys_and_their_negation():
    committees = _committees(4)
    items = [ActionItemFactory(committee=c) for c in committees for _ in range(2)]
    asked = [committees[2].pk, committees[0].pk, committees[2].pk]

    def ids(queryset):
        return sorted(queryset.values_list("pk", flat=True))

    everything = ActionItem.objects.all()
    assert ids(everything.filter(committee__any=asked)) == ids(
        everything.filter(committee__in=asked)
    )
    assert ids(everything.filter(committee_id__any=asked)) == sorted(
        item.pk for item in items if item.committee_id in asked
    )
    assert ids(everything.exclude(committee_id__any=asked)) == ids(
        everything.exclude(committee_id__in=asked)
    )
    assert ids(Committee.objects.filter(pk__any=asked)) == sorted(set(asked))


def test_an_empty_list_matches_nothing_and_excludes_nothing():
    _committees(2)
    assert not Committee.objects.filter(pk__any=[]).exists()
    assert Committee.objects.exclude(pk__any=[]).count() == 2


def test_a_hundred_ids_are_one_parameter():
    committees = _committees(3)
    many = [c.pk for c in committees] + list(range(10**9, 10**9 + 100))
    sent = []

    def keep(execute, sql, params, many_, context):
        sent.append((sql, params))
        return execute(sql, params, many_, context)

    with connection.execute_wrapper(keep):
        found = list(Committee.objects.filter(pk__any=many).values_list("pk", flat=True))
    assert sorted(found) == sorted(c.pk for c in committees)
    ((sql, params),) = sent
    if connection.vendor == "postgresql":
        assert "= ANY(%s::bigint[])" in sql
        assert list(params) == [sorted(many)]


def test_a_subquery_is_refused_for_in_to_take():
    with pytest.raises(TypeError, match="__in"):
        Committee.objects.filter(pk__any=Committee.objects.values("pk"))


def test_one_id_is_an_equality_so_an_index_gives_a_list_in_order():
    """``= ANY`` of one element does not let PostgreSQL (before 17) read the index on
    (committee, due date) in order and stop at a page: a committee's list sorted all of
    its history (statewide, 70 ms instead of 2 for 20,000 items)."""
    (committee,) = _committees(1)
    ActionItemFactory(committee=committee)
    sent = []

    def keep(execute, sql, params, many_, context):
        sent.append((sql, params))
        return execute(sql, params, many_, context)

    page = ActionItem.objects.filter(committee__any=[committee.pk]).order_by("due_date", "id")
    with connection.execute_wrapper(keep):
        assert len(page[:50]) == 1
    ((sql, params),) = sent
    if connection.vendor == "postgresql":
        assert "ANY(" not in sql
        assert '"committee_id" = %s' in sql
        assert list(params)[:1] == [committee.pk]
