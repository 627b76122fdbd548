"""Pages that cost what a page shows: a count that stops at a bound, next and previous."""

import pytest

from committees import services
from followups.models import ActionItem
from safety_portal.paging import count_up_to, page_of
from tests.factories import ActionItemFactory, BuildingFactory, DistrictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items():
    district = DistrictFactory()
    committee = services.committee_create(
        district=district, name="Oak Hill", building=BuildingFactory(district=district)
    )
    ActionItemFactory.create_batch(12, committee=committee)
    return ActionItem.objects.filter(committee=committee).order_by("id")


def test_a_list_below_the_bound_is_counted_and_numbered(items):
    page = page_of(items, 5, "2", up_to=20)
    assert (page.paginator.count, page.paginator.num_pages) == (12, 3)
    assert [item.pk for item in page] == list(items.values_list("pk", flat=True)[5:10])
    assert page.has_previous() and page.has_next()
    assert (page.previous_page_number(), page.next_page_number()) == (1, 3)
    last = page_of(items, 5, "3", up_to=20)
    assert len(last) == 2 and not last.has_next()


def test_a_list_beyond_the_bound_says_so_and_still_pages(items):
    assert count_up_to(items, 11) is None and count_up_to(items, 12) == 12
    page = page_of(items, 5, "3", up_to=10)
    assert page.paginator.count is None and page.paginator.num_pages is None
    assert len(page) == 2 and page.has_previous() and not page.has_next()
    assert page_of(items, 5, "1", up_to=10).has_next()


@pytest.mark.parametrize(("asked", "shown"), [("", 1), ("x", 1), ("0", 1), ("-3", 1), ("99", 3)])
def test_a_page_out_of_range_is_the_first_or_the_last(items, asked, shown):
    assert page_of(items, 5, asked, up_to=20).number == shown


def test_an_empty_list_is_one_empty_page(items):
    page = page_of(items.none(), 5, "4")
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (1, 0, 1)
    assert not page.has_other_pages() and list(page) == []
