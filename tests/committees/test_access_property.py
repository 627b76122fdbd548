"""visible() agrees with a plain statement of the rules, whatever the data.

Hypothesis draws districts, committees, people, seats, clearances, term dates,
administrator roles, the district's policy, records, assignees and named grants,
all created through the services, and compares the gate with the rules as
ACCESS.md states them, written here again without looking at access.py.
"""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from committees import access, services
from committees.models import (
    DEFAULT_CLEARED_CATEGORIES,
    ActionItem,
    Category,
    Committee,
    Level,
    Membership,
    Position,
)
from tests.factories import ActionItemFactory, BuildingFactory, DistrictFactory, UserFactory

N_PEOPLE = 6
N_COMMITTEES = 4  # two per district

seat = st.fixed_dictionaries(
    {
        "person": st.integers(0, N_PEOPLE - 1),
        "committee": st.integers(0, N_COMMITTEES - 1),
        "category": st.sampled_from(Category.values),
        "position": st.sampled_from(Position.values),
        "cleared": st.booleans(),
        "starts": st.integers(-60, 10),  # days from today
        "lasts": st.none() | st.integers(-5, 90),  # days after it starts
        "removed": st.booleans(),
    }
)
record = st.fixed_dictionaries(
    {
        "committee": st.integers(0, N_COMMITTEES - 1),
        "level": st.sampled_from(Level.values),
        "assignee": st.none() | st.integers(0, N_PEOPLE - 1),
        "shared_with": st.none() | st.integers(0, N_PEOPLE - 1),
    }
)
world = st.fixed_dictionaries(
    {
        "home": st.lists(st.integers(0, 1), min_size=N_PEOPLE, max_size=N_PEOPLE),
        "inactive": st.sets(st.integers(0, N_PEOPLE - 1), max_size=2),
        "district_admins": st.sets(st.integers(0, N_PEOPLE - 1), max_size=1),
        "building_admins": st.sets(
            st.tuples(st.integers(0, N_PEOPLE - 1), st.integers(0, N_COMMITTEES - 1)), max_size=2
        ),
        "district_wide": st.booleans(),  # the first committee has no building
        "families_cleared": st.booleans(),  # a district that widened its policy
        "staff_uncleared_later": st.booleans(),  # a policy narrowed after clearances
        "seats": st.lists(seat, max_size=8),
        "records": st.lists(record, min_size=1, max_size=8),
    }
)


def _build(w):
    districts = [DistrictFactory(), DistrictFactory()]
    if w["families_cleared"]:
        districts[0].cleared_categories = [*DEFAULT_CLEARED_CATEGORIES, Category.FAMILY]
        districts[0].save(update_fields=["cleared_categories"])
    people = [UserFactory(district=districts[w["home"][i]]) for i in range(N_PEOPLE)]
    committees = []
    for i in range(N_COMMITTEES):
        district = districts[i // 2]
        building = None if (i == 0 and w["district_wide"]) else BuildingFactory(district=district)
        committees.append(
            services.committee_create(district=district, name=f"C{i}", building=building)
        )
    for i in w["district_admins"]:
        services.district_admin_set(user=people[i], is_admin=True)
    for i, c in w["building_admins"]:
        building = committees[c].building
        if building is not None and people[i].district_id == building.district_id:
            services.building_admin_set(building=building, user=people[i], is_admin=True)
    today = access.district_today(districts[0])
    for s in w["seats"]:
        start = today + datetime.timedelta(days=s["starts"])
        end = None if s["lasts"] is None else start + datetime.timedelta(days=max(s["lasts"], 0))
        try:
            membership = services.membership_add(
                committee=committees[s["committee"]],
                user=people[s["person"]],
                category=s["category"],
                position=s["position"],
                restricted_clearance=s["cleared"],
                term_start=start,
                term_end=end,
            )
        except ValidationError:
            continue  # refused by policy, district or a seat already held: nothing saved
        if s["removed"]:
            services.membership_end(membership=membership)
    items = []
    for r in w["records"]:
        committee = committees[r["committee"]]
        assignee = people[r["assignee"]] if r["assignee"] is not None else None
        items.append(
            ActionItemFactory(committee=committee, visibility=r["level"], assignee=assignee)
        )
        if r["shared_with"] is not None:
            with contextlib.suppress(ValidationError):  # refused by policy: nothing saved
                services.named_grant_add(record=items[-1], user=people[r["shared_with"]])
    # The district narrows its policy after clearances were granted:
    if w["staff_uncleared_later"]:
        policy = [c for c in districts[0].cleared_categories if c != Category.STAFF]
        districts[0].cleared_categories = policy
        districts[0].save(update_fields=["cleared_categories"])
    for i in w["inactive"]:
        people[i].is_active = False
        people[i].save(update_fields=["is_active"])
    return people, committees, items, today


def _granted(person, item) -> bool:
    from committees.models import ActionItemUserObjectPermission

    return ActionItemUserObjectPermission.objects.filter(
        user=person, content_object=item, permission__codename="view_actionitem"
    ).exists()


def _seats_in_force(person, district, today) -> list[Membership]:
    return [
        m
        for m in Membership.objects.filter(user=person, committee__district=district)
        if m.ended_at is None
        and m.term_start <= today
        and (m.term_end is None or m.term_end >= today)
    ]


def _administers(person, committee) -> bool:
    if person.is_district_admin:
        return True
    building = committee.building
    return building is not None and building.administrators.filter(pk=person.pk).exists()


def _member_area(person, committee, today) -> bool:
    """May the person see the committee's member area?"""
    if not person.is_active or person.district_id != committee.district_id:
        return False
    if _administers(person, committee):
        return True
    return any(
        m.committee_id == committee.pk for m in _seats_in_force(person, committee.district, today)
    )


def _rules_say(person, item, today) -> bool:
    """ACCESS.md, stated plainly."""
    committee = Committee.objects.select_related("district", "building").get(pk=item.committee_id)
    policy = committee.district.cleared_categories
    if not person.is_active or person.district_id != committee.district_id:
        return False
    if _administers(person, committee):
        return True
    seats_in_district = _seats_in_force(person, committee.district, today)
    eligible = all(m.category in policy for m in seats_in_district)
    mine = [m for m in seats_in_district if m.committee_id == committee.pk]
    if mine and item.visibility in (Level.PUBLIC, Level.COMMITTEE):
        return True
    if mine and mine[0].restricted_clearance and mine[0].category in policy:
        return True
    shared = item.assignee_id == person.pk or _granted(person, item)
    return shared and (item.visibility != Level.RESTRICTED or eligible)


class VisibleAgreesWithTheRules(TestCase):
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(world)
    def test_visible_is_exactly_what_the_rules_allow(self, w):
        people, committees, items, today = _build(w)
        for person in people:
            access.forget(person)
            person.refresh_from_db()
            seen = set(
                access.visible(person, ActionItem.objects.all()).values_list("pk", flat=True)
            )
            expected = {item.pk for item in items if _rules_say(person, item, today)}
            assert seen == expected, (person.username, w)
            for item in items:
                assert access.can(person, access.VIEW, item) == (item.pk in expected)
            committees_seen = set(
                access.visible(person, Committee.objects.all()).values_list("pk", flat=True)
            )
            member_area = {c.pk for c in committees if _member_area(person, c, today)}
            assert committees_seen == member_area, (person.username, w)
