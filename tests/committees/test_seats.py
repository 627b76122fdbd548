"""Seats as the law names them: police, fire and EMS apart, a teacher told from other
staff, and the seats of before moved to them by what each person's record says."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from committees import access, services
from committees.models import (
    DEFAULT_CLEARED_CATEGORIES,
    Category,
    Committee,
    District,
    Level,
    Membership,
    RepresentationRule,
    SeatProposal,
)
from committees.selectors import committee_page
from tests.factories import ActionItemFactory, BuildingFactory, DistrictFactory, UserFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("committees.migrations.0023_seats_as_the_law_names_them")
# What the policy cleared by default before the seats were named.
OLD_DEFAULT = ["administrator", "staff", "safety_official", "mental_health"]


def _committee(district=None) -> Committee:
    building = BuildingFactory(district=district or DistrictFactory())
    return services.committee_create(
        district=building.district, building=building, name=f"{building.name} Committee"
    )


def _seat(committee, category, title="", organization="", cleared=False) -> Membership:
    person = UserFactory(district=committee.district, title=title, organization=organization)
    return services.membership_add(
        committee=committee, user=person, category=category, restricted_clearance=cleared
    )


def _admin(district):
    admin = UserFactory(district=district)
    services.district_admin_set(user=admin, is_admin=True)
    return admin


def _seats(committee) -> dict[str, object]:
    admin = _admin(committee.district)
    return {seat.label: seat for seat in committee_page(admin, committee).seats}


# --- the seats ------------------------------------------------------------------------


def test_two_police_officers_are_not_a_police_officer_and_a_first_responder(client):
    committee = _committee()
    district = committee.district
    RepresentationRule.objects.create(
        district=district, category=Category.POLICE, note="C.G.S. 10-222m: a police officer"
    )
    RepresentationRule.objects.create(
        district=district,
        category=Category.FIRE,
        or_categories=[Category.EMS],
        note="C.G.S. 10-222m: a local first responder",
    )
    _seat(committee, Category.POLICE, "School Resource Officer", "Westport Police Department")
    _seat(committee, Category.POLICE, "Lieutenant", "Westport Police Department")
    seats = _seats(committee)
    assert seats["Police officer"].state == "filled"
    responder = seats["Firefighter or EMT or paramedic"]
    assert (responder.state, responder.filled, responder.missing) == ("empty", 0, 1)

    # The chair reads which seat is missing, in words.
    client.force_login(_admin(district))
    page = client.get(reverse("committees:detail", args=[committee.pk])).content.decode()
    assert "Firefighter or EMT or paramedic" in page and "Empty: 1 missing" in page
    assert "C.G.S. 10-222m: a local first responder" in page

    # An EMT fills it as well as a firefighter would.
    _seat(committee, Category.EMS, "EMS Captain", "Westport Volunteer EMS")
    assert _seats(committee)["Firefighter or EMT or paramedic"].state == "filled"


def test_a_custodian_does_not_fill_the_teacher_seat():
    committee = _committee()
    RepresentationRule.objects.create(
        district=committee.district, category=Category.TEACHER, note="a teacher of the school"
    )
    _seat(committee, Category.STAFF, "Head Custodian")
    assert _seats(committee)["Teacher"].state == "empty"
    _seat(committee, Category.TEACHER, "English Teacher")
    assert _seats(committee)["Teacher"].state == "filled"


def test_a_rule_names_only_categories_that_exist():
    rule = RepresentationRule(
        district=DistrictFactory(), category=Category.FIRE, or_categories=["safety_official"]
    )
    with pytest.raises(Exception, match="List categories from"):
        rule.clean()


# --- clearance: the rename alone changes nothing anyone sees ----------------------------


def test_the_default_policy_clears_police_fire_ems_teachers_and_staff_as_before():
    assert set(DEFAULT_CLEARED_CATEGORIES) == {
        Category.ADMINISTRATOR,
        Category.TEACHER,
        Category.STAFF,
        Category.POLICE,
        Category.FIRE,
        Category.EMS,
        Category.MENTAL_HEALTH,
    }
    # The old default, migrated, is the new default: same people cleared.
    assert set(MIGRATION._cleared_forward(OLD_DEFAULT)) == set(DEFAULT_CLEARED_CATEGORIES)
    assert District().cleared_categories == DEFAULT_CLEARED_CATEGORIES


@pytest.mark.parametrize(
    ("category", "sees"),
    [
        (Category.POLICE, True),
        (Category.FIRE, True),
        (Category.EMS, True),
        (Category.TEACHER, True),
        (Category.STAFF, True),
        (Category.FAMILY, False),
        (Category.STUDENT, False),
    ],
)
def test_who_may_hold_clearance_under_the_default_policy(category, sees):
    committee = _committee()
    secret = ActionItemFactory(committee=committee, visibility=Level.RESTRICTED)
    seat = _seat(committee, category, cleared=sees)
    assert seat.restricted_clearance is sees
    assert access.can(seat.user, access.VIEW, secret) is sees
    if not sees:
        with pytest.raises(Exception, match="cannot hold restricted clearance"):
            _seat(committee, category, cleared=True)


# --- the migration --------------------------------------------------------------------


def _old(committee, category, title, organization="", cleared=False) -> Membership:
    """A seat as the database held it before the seats were named."""
    person = UserFactory(district=committee.district, title=title, organization=organization)
    return Membership.objects.create(
        committee=committee,
        user=person,
        category=category,
        restricted_clearance=cleared,
        term_start=datetime.date(2026, 8, 25),
    )


def test_the_migration_moves_existing_seats_rules_and_policies():
    committee = _committee()
    district = committee.district
    District.objects.filter(pk=district.pk).update(cleared_categories=OLD_DEFAULT)
    narrow = DistrictFactory(cleared_categories=["administrator", "mental_health"])
    seats = {
        "officer": _old(committee, "safety_official", "School Resource Officer", "Westport PD"),
        "marshal": _old(committee, "safety_official", "Deputy Fire Marshal", "Westport Fire"),
        "fire_officer": _old(committee, "safety_official", "Officer", "Westport Fire Department"),
        "emt": _old(committee, "safety_official", "Captain", "Westport Volunteer EMS"),
        "medic": _old(committee, "safety_official", "Paramedic", "Norwalk Hospital"),
        "unknown": _old(committee, "safety_official", "Liaison", "Town of Westport"),
        "teacher": _old(committee, "staff", "Grade 4 Teacher", cleared=True),
        "custodian": _old(committee, "staff", "Head Custodian"),
        "parent": _old(committee, "family", "Parent"),
    }
    SeatProposal.objects.create(membership=seats["unknown"], category="safety_official")
    rules = {
        "officials": RepresentationRule.objects.create(
            district=district, category="safety_official", minimum=2, note="C.G.S. 10-222m"
        ),
        "any_official": RepresentationRule.objects.create(
            district=narrow, category="safety_official", minimum=1
        ),
        "teacher": RepresentationRule.objects.create(
            district=district, category="staff", note="C.G.S. 10-222m: a teacher of the school"
        ),
        "staff": RepresentationRule.objects.create(district=narrow, category="staff", minimum=2),
    }

    MIGRATION.forward(apps, None)

    moved = {name: Membership.objects.get(pk=seat.pk).category for name, seat in seats.items()}
    assert moved == {
        "officer": "police",
        "marshal": "fire",
        "fire_officer": "fire",
        "emt": "ems",
        "medic": "ems",
        "unknown": "police",  # says neither: police, the statute's first seat
        "teacher": "teacher",
        "custodian": "staff",
        "parent": "family",
    }
    assert SeatProposal.objects.get().category == "police"
    district.refresh_from_db()
    narrow.refresh_from_db()
    assert set(district.cleared_categories) == set(DEFAULT_CLEARED_CATEGORIES)
    assert narrow.cleared_categories == ["administrator", "mental_health"]
    # Everyone cleared before is cleared after, and nobody else.
    for name, seat in seats.items():
        was = seat.category in OLD_DEFAULT
        assert (moved[name] in district.cleared_categories) is was, name

    # Two safety officials: a police officer, and a firefighter or EMT.
    police = RepresentationRule.objects.get(pk=rules["officials"].pk)
    assert (police.categories, police.minimum, police.note) == (["police"], 1, "C.G.S. 10-222m")
    responder = RepresentationRule.objects.get(district=district, category="fire")
    assert (responder.categories, responder.minimum) == (["fire", "ems"], 1)
    # One: any of the three, as before.
    anyone = RepresentationRule.objects.get(pk=rules["any_official"].pk)
    assert (anyone.categories, anyone.minimum) == (["police", "fire", "ems"], 1)
    assert RepresentationRule.objects.get(pk=rules["teacher"].pk).categories == ["teacher"]
    staff = RepresentationRule.objects.get(pk=rules["staff"].pk)
    assert (staff.categories, staff.minimum) == (["staff", "teacher"], 2)

    # And back again.
    MIGRATION.backward(apps, None)
    back = {name: Membership.objects.get(pk=seat.pk).category for name, seat in seats.items()}
    assert back == {name: seat.category for name, seat in seats.items()}
    district.refresh_from_db()
    assert set(district.cleared_categories) == set(OLD_DEFAULT)
    assert set(
        RepresentationRule.objects.filter(district=district).values_list("category", "minimum")
    ) == {("safety_official", 2), ("staff", 1)}


def test_a_district_administrator_writes_a_first_responder_rule_in_the_admin(cast, login):
    client = login(cast.district_admin)
    url = reverse("admin:committees_representationrule_add")
    page = client.get(url).content.decode()
    assert 'value="ems"' in page and "Or" in page
    response = client.post(
        url,
        {
            "district": cast.district.pk,
            "category": Category.FIRE,
            "or_categories": [Category.EMS],
            "minimum": 1,
            "applies_to": "building",
            "note": "C.G.S. 10-222m: a local first responder",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    rule = RepresentationRule.objects.get(district=cast.district, category=Category.FIRE)
    assert rule.categories == [Category.FIRE, Category.EMS]
    changelist = client.get(reverse("admin:committees_representationrule_changelist"))
    assert "Firefighter or EMT or paramedic" in changelist.content.decode()
