"""visible() and can() agree with a plain statement of the rules, whatever the data.

Hypothesis draws one or two districts (each with its time zone and policy), their
committees, people, seats (category, position, clearance, term dates relative to
today, some removed, some changed), building and district administrators, action
items at every level with assignees, named grants through the service and rows
written straight into guardian, and then lets time and policy move on: terms end or
begin without anyone saving anything, the district changes its policy, people are
deactivated, given global permissions or made superusers.

Everything is created through committees.services (items through the factory), and
the test keeps its own account of what it made. The rules below are ACCESS.md,
written again from that account, without calling access.py. The check runs before
and after ``permissions_sweep()``, which must change nothing anyone sees and leave
exactly the rows the seats and roles call for.
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import ValidationError
from guardian.shortcuts import assign_perm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from committees import access, services
from committees.access import Cap
from committees.models import (
    DEFAULT_CLEARED_CATEGORIES,
    Category,
    Committee,
    CommitteeUserObjectPermission,
    District,
    Level,
    Membership,
    Position,
)
from followups.models import ActionItem
from tests.factories import ActionItemFactory, BuildingFactory, DistrictFactory, UserFactory

User = get_user_model()

# ACCESS.md, "Roles and what they may do", by position.
ALL_CAPS = frozenset(Cap)
CHAIR = ALL_CAPS - {Cap.VIEW_RESTRICTED}
BY_POSITION = {
    Position.CHAIR: CHAIR,
    Position.CO_CHAIR: CHAIR,
    Position.SECRETARY: frozenset({Cap.VIEW, Cap.RECORD_MEETINGS, Cap.DRAFT_PUBLIC_UPDATE}),
    Position.MEMBER: frozenset({Cap.VIEW}),
}
TIME_ZONES = ["America/New_York", "Pacific/Honolulu", "Pacific/Kiritimati"]
MAX_SEATS = 10

# --- what Hypothesis draws ----------------------------------------------------------------

policies = st.one_of(
    st.just(sorted(DEFAULT_CLEARED_CATEGORIES)),
    st.sets(st.sampled_from(Category.values)).map(sorted),
)


@st.composite
def worlds(draw):
    districts = draw(
        st.lists(
            st.fixed_dictionaries({"tz": st.sampled_from(TIME_ZONES), "policy": policies}),
            min_size=1,
            max_size=2,
        )
    )
    n_d = len(districts)
    committees = draw(
        st.lists(
            st.fixed_dictionaries({"district": st.integers(0, n_d - 1), "building": st.booleans()}),
            min_size=n_d,
            max_size=3 * n_d,
        )
    )
    # Every district has one committee at least; none more than three.
    for d in range(n_d):
        committees.append({"district": d, "building": True})
    committees = [c for i, c in enumerate(committees) if _nth(committees, i) < 3]
    n_c = len(committees)
    homes = st.sampled_from([*range(n_d), None])  # None: a person of no district
    people = draw(st.lists(homes, min_size=1, max_size=6))
    person, committee = st.integers(0, len(people) - 1), st.integers(0, n_c - 1)
    seat_index = st.integers(0, MAX_SEATS - 1)
    return {
        "districts": districts,
        "committees": committees,
        "people": people,
        "district_admins": draw(st.sets(person, max_size=2)),
        "building_admins": draw(st.sets(st.tuples(person, committee), max_size=3)),
        "seats": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "person": person,
                        "committee": committee,
                        "category": st.sampled_from(Category.values),
                        "position": st.sampled_from(Position.values),
                        "cleared": st.booleans(),
                        # Days from today: most seats have begun, some begin later.
                        "starts": st.integers(-400, 0) | st.integers(1, 30),
                        "lasts": st.none() | st.integers(0, 400),  # days after it starts
                        "removed": st.booleans(),
                    }
                ),
                max_size=MAX_SEATS,
            )
        ),
        "changes": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "seat": seat_index,
                        "position": st.none() | st.sampled_from(Position.values),
                        "category": st.none() | st.sampled_from(Category.values),
                        "cleared": st.none() | st.booleans(),
                    }
                ),
                max_size=3,
            )
        ),
        "items": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "committee": committee,
                        "level": st.sampled_from(Level.values),
                        "assignee": st.none() | person,
                        "shared_with": st.none() | person,  # through the service
                        "row_for": st.none() | person,  # straight into guardian
                    }
                ),
                max_size=8,
            )
        ),
        # Then time and policy move on.
        "begin": draw(st.sets(seat_index, max_size=3)),
        "expire": draw(st.sets(seat_index, max_size=3)),
        "new_policy": draw(st.lists(st.none() | policies, min_size=n_d, max_size=n_d)),
        # Categories the district stops clearing, after clearances were granted.
        "uncleared": draw(
            st.lists(
                st.sets(st.sampled_from(Category.values), max_size=2), min_size=n_d, max_size=n_d
            )
        ),
        "inactive": draw(st.sets(person, max_size=2)),
        "global_perms": draw(st.sets(person, max_size=2)),
        "superusers": draw(st.sets(person, max_size=1)),
    }


def _nth(committees, i) -> int:
    """How many committees of the same district come before the i-th."""
    return sum(1 for c in committees[:i] if c["district"] == committees[i]["district"])


# --- the test's own account of the world ----------------------------------------------------


@dataclass
class Seat:
    pk: int
    person: int
    committee: int
    category: str
    position: str
    cleared: bool
    start: datetime.date
    end: datetime.date | None
    ended: bool = False


@dataclass
class Person:
    user: object
    district: int | None
    active: bool = True
    district_admin: bool = False


@dataclass
class Item:
    obj: ActionItem
    committee: int
    level: str
    assignee: int | None
    shared_with: set[int] = field(default_factory=set)


@dataclass
class World:
    districts: list  # District rows
    time_zones: list[str]
    policy: list[set[str]]  # per district, as it stands
    committees: list  # Committee rows
    committee_district: list[int]
    building_admins: set[tuple[int, int]] = field(default_factory=set)  # (person, committee)
    people: list[Person] = field(default_factory=list)
    seats: list[Seat] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    def today(self, district: int) -> datetime.date:
        return datetime.datetime.now(ZoneInfo(self.time_zones[district])).date()

    def in_force(self, seat: Seat) -> bool:
        today = self.today(self.committee_district[seat.committee])
        return not seat.ended and seat.start <= today and (seat.end is None or seat.end >= today)

    def not_over(self, seat: Seat) -> bool:
        """Open and not past its end: in force, or yet to begin."""
        today = self.today(self.committee_district[seat.committee])
        return not seat.ended and (seat.end is None or seat.end >= today)

    def seats_in_force(self, p: int) -> list[Seat]:
        return [s for s in self.seats if s.person == p and self.in_force(s)]

    def belongs(self, p: int, c: int) -> bool:
        person = self.people[p]
        return person.active and person.district == self.committee_district[c]

    def administers(self, p: int, c: int) -> bool:
        return self.people[p].district_admin or (p, c) in self.building_admins

    # The rules.

    def caps(self, p: int, c: int) -> frozenset[Cap]:
        if not self.belongs(p, c):
            return frozenset()
        if self.administers(p, c):
            return ALL_CAPS
        policy = self.policy[self.committee_district[c]]
        caps: set[Cap] = set()
        for seat in self.seats_in_force(p):
            if seat.committee == c:
                caps |= BY_POSITION[seat.position]
                if seat.cleared and seat.category in policy:
                    caps.add(Cap.VIEW_RESTRICTED)
        return frozenset(caps)

    def may_see(self, p: int, item: Item) -> bool:
        if not self.belongs(p, item.committee):
            return False
        caps = self.caps(p, item.committee)
        if item.level != Level.RESTRICTED and Cap.VIEW in caps:
            return True
        if item.level == Level.RESTRICTED and Cap.VIEW_RESTRICTED in caps:
            return True
        # Shared by name, or assigned: restricted only for those whose every seat in
        # force is of a category the policy clears (ACCESS.md, "Restricted clearance").
        policy = self.policy[self.people[p].district]
        eligible = all(s.category in policy for s in self.seats_in_force(p))
        if item.level == Level.RESTRICTED and not eligible:
            return False
        return item.assignee == p or p in item.shared_with

    def rows_wanted(self, p: int, c: int) -> frozenset[Cap]:
        """The committee rows the sweep must leave: terms yet to begin are granted ahead."""
        if not self.belongs(p, c):
            return frozenset()
        if self.administers(p, c):
            return ALL_CAPS
        policy = self.policy[self.committee_district[c]]
        caps: set[Cap] = set()
        for seat in self.seats:
            if seat.person == p and seat.committee == c and self.not_over(seat):
                caps |= BY_POSITION[seat.position]
                if seat.cleared and seat.category in policy:
                    caps.add(Cap.VIEW_RESTRICTED)
        return frozenset(caps)


# --- building the world through the services ------------------------------------------------


def _build(w) -> World:
    districts = []
    for d in w["districts"]:
        district = DistrictFactory(time_zone=d["tz"], cleared_categories=list(d["policy"]))
        districts.append(district)
    world = World(
        districts=districts,
        time_zones=[d["tz"] for d in w["districts"]],
        policy=[set(d["policy"]) for d in w["districts"]],
        committees=[],
        committee_district=[],
    )
    for i, c in enumerate(w["committees"]):
        district = districts[c["district"]]
        building = BuildingFactory(district=district) if c["building"] else None
        world.committees.append(
            services.committee_create(district=district, name=f"Committee {i}", building=building)
        )
        world.committee_district.append(c["district"])

    for home in w["people"]:
        user = UserFactory(district=None if home is None else districts[home])
        world.people.append(Person(user=user, district=home))

    for p in sorted(w["district_admins"]):
        person = world.people[p]
        refused = person.district is None
        assert _refused(services.district_admin_set, user=person.user, is_admin=True) == refused
        person.district_admin = not refused
    for p, c in sorted(w["building_admins"]):
        building = world.committees[c].building
        if building is None:
            continue
        refused = world.people[p].district != world.committee_district[c]
        outcome = _refused(
            services.building_admin_set, building=building, user=world.people[p].user, is_admin=True
        )
        assert outcome == refused
        if not refused:
            world.building_admins.add((p, c))

    _seat_people(world, w)
    _change_seats(world, w)
    _make_items(world, w)
    _let_time_pass(world, w)
    return world


def _refused(service, **kwargs) -> bool:
    try:
        service(**kwargs)
    except ValidationError:
        return True
    return False


def _seat_people(world: World, w) -> None:
    for s in w["seats"]:
        p, c = s["person"], s["committee"]
        d = world.committee_district[c]
        start = world.today(d) + datetime.timedelta(days=s["starts"])
        end = None if s["lasts"] is None else start + datetime.timedelta(days=s["lasts"])
        refused = (
            world.people[p].district != d
            or any(x.person == p and x.committee == c and not x.ended for x in world.seats)
            or (s["cleared"] and s["category"] not in world.policy[d])
        )
        try:
            membership = services.membership_add(
                committee=world.committees[c],
                user=world.people[p].user,
                category=s["category"],
                position=s["position"],
                restricted_clearance=s["cleared"],
                term_start=start,
                term_end=end,
            )
        except ValidationError:
            assert refused, s
            continue
        assert not refused, s
        seat = Seat(membership.pk, p, c, s["category"], s["position"], s["cleared"], start, end)
        world.seats.append(seat)
        if s["removed"]:
            services.membership_end(membership=membership)
            seat.ended = True


def _change_seats(world: World, w) -> None:
    for change in w["changes"]:
        if not world.seats:
            return
        seat = world.seats[change["seat"] % len(world.seats)]
        values = {
            name: change[key]
            for name, key in [
                ("position", "position"),
                ("category", "category"),
                ("restricted_clearance", "cleared"),
            ]
            if change[key] is not None
        }
        category = values.get("category", seat.category)
        cleared = values.get("restricted_clearance", seat.cleared)
        policy = world.policy[world.committee_district[seat.committee]]
        refused = seat.ended or (cleared and category not in policy)
        membership = Membership.objects.get(pk=seat.pk)
        assert _refused(services.membership_change, membership=membership, **values) == refused
        if not refused:
            seat.position = values.get("position", seat.position)
            seat.category, seat.cleared = category, cleared


def _make_items(world: World, w) -> None:
    for spec in w["items"]:
        c, a = spec["committee"], spec["assignee"]
        obj = ActionItemFactory(
            committee=world.committees[c],
            visibility=spec["level"],
            assignee=None if a is None else world.people[a].user,
        )
        item = Item(obj=obj, committee=c, level=spec["level"], assignee=a)
        world.items.append(item)
        p = spec["shared_with"]
        if p is not None:
            d = world.committee_district[c]
            refused = world.people[p].district != d or (
                spec["level"] == Level.RESTRICTED
                and any(s.category not in world.policy[d] for s in world.seats_in_force(p))
            )
            outcome = _refused(services.named_grant_add, record=obj, user=world.people[p].user)
            assert outcome == refused, spec
            if not refused:
                item.shared_with.add(p)
        p = spec["row_for"]
        if p is not None:  # guardian grants whatever it is told: the gate must deny
            assign_perm("committees.view_actionitem", world.people[p].user, obj)
            item.shared_with.add(p)


def _let_time_pass(world: World, w) -> None:
    if world.seats:
        for i in sorted(w["begin"]):
            seat = world.seats[i % len(world.seats)]
            today = world.today(world.committee_district[seat.committee])
            if seat.start > today:
                Membership.objects.filter(pk=seat.pk).update(term_start=today)
                seat.start = today
        for i in sorted(w["expire"]):
            seat = world.seats[i % len(world.seats)]
            today = world.today(world.committee_district[seat.committee])
            seat.end = today - datetime.timedelta(days=1)
            seat.start = min(seat.start, seat.end)
            Membership.objects.filter(pk=seat.pk).update(term_start=seat.start, term_end=seat.end)
    for d, (policy, uncleared) in enumerate(zip(w["new_policy"], w["uncleared"], strict=True)):
        policy = sorted(set(world.policy[d] if policy is None else policy) - uncleared)
        District.objects.filter(pk=world.districts[d].pk).update(cleared_categories=policy)
        world.policy[d] = set(policy)
    global_perms = Permission.objects.filter(
        content_type__app_label__in=["committees", "followups"],
        codename__in=[
            "view_actionitem",
            "view_committee",
            "view_committee_area",
            "view_restricted",
        ],
    )
    for p in w["global_perms"]:
        world.people[p].user.user_permissions.add(*global_perms)
    for p in w["inactive"]:
        User.objects.filter(pk=world.people[p].user.pk).update(is_active=False)
        world.people[p].active = False
    for p in w["superusers"]:
        User.objects.filter(pk=world.people[p].user.pk).update(is_superuser=True, is_staff=True)


# --- the check ------------------------------------------------------------------------------


def _check_gate(world: World, label: str) -> None:
    for p, person in enumerate(world.people):
        user = User.objects.get(pk=person.user.pk)  # as the next request loads them
        who = f"{label}: person {p}"
        seen = set(access.visible(user, ActionItem.objects.all()).values_list("pk", flat=True))
        expected = {item.obj.pk for item in world.items if world.may_see(p, item)}
        assert seen == expected, who
        for item in world.items:
            assert access.can(user, access.VIEW, item.obj) == (item.obj.pk in expected), who
        committees = set(access.visible(user, Committee.objects.all()).values_list("pk", flat=True))
        assert committees == {
            committee.pk
            for c, committee in enumerate(world.committees)
            if Cap.VIEW in world.caps(p, c)
        }, who
        for c, committee in enumerate(world.committees):
            can = frozenset(cap for cap in Cap if access.can(user, cap, committee))
            assert can == world.caps(p, c), (who, f"committee {c}")

    anonymous = AnonymousUser()
    assert not access.visible(anonymous, ActionItem.objects.all()).exists(), label
    assert not access.visible(anonymous, Committee.objects.all()).exists(), label


def _check_rows(world: World) -> None:
    rows: dict[tuple[int, int], set[Cap]] = {}
    for user_id, committee_id, codename in CommitteeUserObjectPermission.objects.values_list(
        "user_id", "content_object_id", "permission__codename"
    ):
        rows.setdefault((user_id, committee_id), set()).add(Cap(codename))
    wanted = {}
    for p, person in enumerate(world.people):
        for c, committee in enumerate(world.committees):
            caps = world.rows_wanted(p, c)
            if caps:
                wanted[(person.user.pk, committee.pk)] = caps
    assert rows == wanted


class GateAgreesWithTheRules(TestCase):
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(worlds())
    def test_visible_and_can_are_exactly_what_the_rules_allow(self, w):
        world = _build(w)
        _check_gate(world, "as built")

        services.permissions_sweep()

        _check_rows(world)
        _check_gate(world, "after the sweep")
