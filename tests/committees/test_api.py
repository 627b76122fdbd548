"""The API's seats and members of a committee (/api/v1/committees/<id>/seats/ and
/memberships/): what the committee's page shows its reader, and nothing more."""

import datetime

import pytest
from django.urls import reverse

from committees import access, selectors, services
from committees.models import Category, Membership, RepresentationRule
from tests.factories import UserFactory
from tests.helpers import page_queries

pytestmark = pytest.mark.django_db


def _seats(committee) -> str:
    return reverse("api:committee-seats", args=[committee.pk])


def _memberships(committee) -> str:
    return reverse("api:committee-memberships", args=[committee.pk])


def _rules(cast) -> None:
    RepresentationRule.objects.create(district=cast.district, category=Category.FAMILY)
    RepresentationRule.objects.create(district=cast.district, category=Category.POLICE)
    RepresentationRule.objects.create(
        district=cast.district,
        category=Category.FIRE,
        or_categories=[Category.EMS],
        note="A first responder",
    )
    RepresentationRule.objects.create(district=cast.district, category=Category.MENTAL_HEALTH)
    RepresentationRule.objects.create(
        district=cast.district,
        category=Category.COMMUNITY,
        applies_to=RepresentationRule.AppliesTo.DISTRICT_WIDE,
    )


def test_seats_are_filled_empty_or_ending_as_on_the_committee_page(cast, login):
    _rules(cast)
    today = access.district_today(cast.district)
    services.membership_change(
        membership=Membership.objects.get(user=cast.cleared_staff),
        term_end=today + datetime.timedelta(days=10),
    )
    seats = login(cast.parent).get(_seats(cast.high)).json()
    by_category = {seat["category"]: seat for seat in seats}
    assert set(by_category) == {"family", "police", "fire", "mental_health"}  # no district rule
    assert by_category["family"]["state"] == "filled"
    assert by_category["police"]["state"] == "filled"
    responder = by_category["fire"]
    assert responder["categories"] == ["fire", "ems"]
    assert responder["label"] == "Firefighter or EMT or paramedic"
    assert (responder["required"], responder["filled"], responder["missing"]) == (1, 0, 1)
    assert responder["state"] == "empty" and responder["note"] == "A first responder"
    assert by_category["mental_health"]["state"] == "ending"
    assert by_category["mental_health"]["ending_soon"] == 1


def test_a_committee_the_district_requires_nothing_of_has_no_seats(cast, login):
    response = login(cast.chair).get(_seats(cast.high))
    assert response.status_code == 200 and response.json() == []


def test_members_are_those_the_page_lists_chair_first(cast, login):
    body = login(cast.parent).get(_memberships(cast.high)).json()
    page = selectors.committee_page(cast.parent, cast.high)
    assert [m["id"] for m in body["members"]] == [m.pk for m in page.members]
    assert body["members"][0]["name"] == cast.chair.display_name
    chair = body["members"][0]
    assert chair["position"] == "chair" and chair["category"] == "staff"
    assert chair["restricted_clearance"] is True and chair["term_end"] is None


def test_a_removed_member_is_gone_and_one_not_yet_seated_is_joining(cast, login):
    today = access.district_today(cast.district)
    removed = Membership.objects.get(user=cast.student)
    services.membership_end(membership=removed)
    newcomer = UserFactory(district=cast.district, first_name="Nadia", last_name="Okafor")
    joining = services.membership_add(
        committee=cast.high,
        user=newcomer,
        category=Category.COMMUNITY,
        term_start=today + datetime.timedelta(days=20),
    )
    body = login(cast.staff).get(_memberships(cast.high)).json()
    assert removed.pk not in [m["id"] for m in body["members"]]
    assert body["joining"] == [
        {
            "id": joining.pk,
            "name": "Nadia Okafor",
            "category": "community",
            "term_start": joining.term_start.isoformat(),
        }
    ]


def test_a_member_shows_no_more_than_the_page(cast, login):
    cast.staff.title, cast.staff.organization = "Head Custodian", "Westport High School"
    cast.staff.save(update_fields=["title", "organization"])
    body = login(cast.parent).get(_memberships(cast.high)).json()
    staff = next(m for m in body["members"] if m["name"] == cast.staff.display_name)
    assert set(staff) == {
        "id",
        "name",
        "title",
        "organization",
        "position",
        "category",
        "term_start",
        "term_end",
        "ending_soon",
        "restricted_clearance",
    }
    assert (staff["title"], staff["organization"]) == ("Head Custodian", "Westport High School")
    assert cast.staff.email not in str(body)


def test_a_committee_one_may_not_see_is_a_404_as_one_that_does_not_exist(cast, login):
    client = login(cast.parent)
    for url in (_seats, _memberships):
        hidden = client.get(url(cast.middle))
        missing = client.get(reverse(f"api:committee-{url.__name__[1:]}", args=[999999]))
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json()


def test_a_member_whose_term_ended_sees_the_roster_no_more(cast, login):
    client = login(cast.stranger)
    assert client.get(_memberships(cast.middle)).status_code == 200
    services.membership_end(membership=Membership.objects.get(user=cast.stranger))
    assert client.get(_memberships(cast.middle)).status_code == 404


def test_the_roster_and_seats_cost_the_same_for_few_and_many_members(cast, login):
    _rules(cast)
    client = login(cast.chair)
    few = [page_queries(client, _seats(cast.high)), page_queries(client, _memberships(cast.high))]
    for n in range(60):
        services.membership_add(
            committee=cast.high,
            user=UserFactory(district=cast.district),
            category=[Category.STAFF, Category.FAMILY, Category.COMMUNITY][n % 3],
            term_end=access.district_today(cast.district) + datetime.timedelta(days=n),
        )
    many = [page_queries(client, _seats(cast.high)), page_queries(client, _memberships(cast.high))]
    assert few == many
