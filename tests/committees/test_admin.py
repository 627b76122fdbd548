"""The admin of the committees core: every write goes through the services."""

import pytest
from django.urls import reverse

from accounts.models import User
from committees import access
from committees.models import (
    Building,
    Category,
    Committee,
    CommitteeUserObjectPermission,
    Level,
    Membership,
    MembershipChange,
    Position,
)
from tests.admin_site import admin_url, fresh_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- what each sees -------------------------------------------------------------------


def test_a_district_admin_cannot_change_another_districts_committee(cast, login):
    url = admin_url(Committee, "change", cast.other_committee.pk)
    response = login(cast.district_admin).post(url, {"name": "Renamed", "purpose": ""})
    assert response.status_code == 302
    cast.other_committee.refresh_from_db()
    assert cast.other_committee.name == "Millbrook High School Safety Committee"


def test_a_superuser_cannot_edit_committee_capabilities_by_hand(cast, login, superuser):
    """The membership service owns them; an edited row would be undone at the next sync."""
    client = login(superuser)
    assert client.get(admin_url(CommitteeUserObjectPermission, "add")).status_code == 403
    row = CommitteeUserObjectPermission.objects.filter(user=cast.parent).first()
    response = client.post(
        admin_url(CommitteeUserObjectPermission, "delete", row.pk), {"post": "yes"}
    )
    assert response.status_code == 403
    assert CommitteeUserObjectPermission.objects.filter(pk=row.pk).exists()


# --- writes go through the services -----------------------------------------------------


def _membership_form(committee, user, **overrides):
    data = {
        "committee": committee.pk,
        "user": user.pk,
        "category": Category.STAFF,
        "position": Position.MEMBER,
        "term_start": "2026-09-01",
        "term_end": "",
    }
    data.update(overrides)
    return data


def test_a_forbidden_clearance_is_refused_in_the_admin_too(cast, login):
    parent = UserFactory(district=cast.district, username="new.parent")
    response = login(cast.district_admin).post(
        admin_url(Membership, "add"),
        _membership_form(cast.high, parent, category=Category.FAMILY, restricted_clearance="on"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "cannot hold restricted clearance" in html and "C.G.S. 10-222m" in html
    assert not Membership.objects.filter(user=parent).exists()


def test_clearing_a_parent_member_is_refused_and_nothing_changes(cast, login):
    seat = Membership.objects.get(user=cast.parent, committee=cast.high)
    changes = MembershipChange.objects.count()
    response = login(cast.district_admin).post(
        admin_url(Membership, "change", seat.pk),
        {
            "category": Category.FAMILY,
            "position": Position.MEMBER,
            "term_start": seat.term_start.isoformat(),
            "term_end": "",
            "restricted_clearance": "on",
        },
    )
    assert response.status_code == 200
    assert "cannot hold restricted clearance" in response.content.decode()
    seat.refresh_from_db()
    assert not seat.restricted_clearance
    assert MembershipChange.objects.count() == changes
    assert not access.can(
        fresh_user(cast.parent), access.VIEW, cast.items[("high", Level.RESTRICTED)]
    )


def test_a_refusal_only_the_service_knows_is_a_form_error(cast, login, superuser):
    """A superuser may pick anyone: the service refuses a seat across districts."""
    response = login(superuser).post(
        admin_url(Membership, "add"), _membership_form(cast.high, cast.other_admin)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "can sit on it" in html and "successfully" not in html
    assert not Membership.objects.filter(user=cast.other_admin).exists()


def test_adding_a_member_in_the_admin_grants_access_through_the_service(cast, login):
    person = UserFactory(district=cast.district, username="new.teacher")
    response = login(cast.district_admin).post(
        admin_url(Membership, "add"), _membership_form(cast.high, person)
    )
    assert response.status_code == 302
    assert access.can(fresh_user(person), access.VIEW, cast.items[("high", Level.COMMITTEE)])
    assert Membership.objects.get(user=person).changes.get().actor == cast.district_admin


def test_a_change_in_the_admin_is_recorded_by_the_service(cast, login):
    seat = Membership.objects.get(user=cast.staff, committee=cast.high)
    response = login(cast.district_admin).post(
        admin_url(Membership, "change", seat.pk),
        {
            "category": Category.STAFF,
            "position": Position.SECRETARY,
            "term_start": seat.term_start.isoformat(),
            "term_end": "",
        },
    )
    assert response.status_code == 302
    change = seat.changes.get(action=MembershipChange.Action.CHANGED)
    assert change.changes == {"position": ["member", "secretary"]}
    assert change.actor == cast.district_admin
    assert access.can(fresh_user(cast.staff), access.Cap.RECORD_MEETINGS, cast.high)


def test_deleting_a_membership_ends_it_through_the_service(cast, login):
    seat = Membership.objects.get(user=cast.parent, committee=cast.high)
    client = login(cast.district_admin)
    assert client.get(admin_url(Membership, "delete", seat.pk)).status_code == 200
    response = client.post(admin_url(Membership, "delete", seat.pk), {"post": "yes"})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.ended_at is not None
    assert seat.changes.filter(action=MembershipChange.Action.REMOVED).exists()
    assert not access.can(
        fresh_user(cast.parent), access.VIEW, cast.items[("high", Level.COMMITTEE)]
    )
    assert not CommitteeUserObjectPermission.objects.filter(user=cast.parent).exists()
    # An ended seat is history: shown, no longer changed.
    page = client.get(admin_url(Membership, "change", seat.pk))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_deleting_selected_memberships_ends_them(cast, login):
    seats = Membership.objects.filter(user__in=[cast.parent, cast.student])
    response = login(cast.district_admin).post(
        admin_url(Membership),
        {
            "action": "delete_selected",
            "_selected_action": [seat.pk for seat in seats],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert seats.count() == 2 and not seats.filter(ended_at__isnull=True).exists()
    removed = MembershipChange.objects.filter(
        membership__in=seats, action=MembershipChange.Action.REMOVED, actor=cast.district_admin
    )
    assert removed.count() == 2


def test_a_district_admin_cannot_choose_another_districts_committee(cast, login):
    person = UserFactory(district=cast.district, username="new.teacher")
    response = login(cast.district_admin).post(
        admin_url(Membership, "add"), _membership_form(cast.other_committee, person)
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Membership.objects.filter(user=person).exists()


def test_a_committee_added_in_the_admin_is_created_by_the_service(cast, login):
    response = login(cast.district_admin).post(
        admin_url(Committee, "add"),
        {"district": cast.district.pk, "building": "", "name": "Transportation Safety"},
    )
    assert response.status_code == 302
    committee = Committee.objects.get(name="Transportation Safety")
    assert access.can(fresh_user(cast.district_admin), access.Cap.MANAGE_MEMBERSHIP, committee)


def test_a_committee_in_another_districts_building_is_refused(cast, login, superuser):
    other_building = Building.objects.get(district=cast.other_district)
    # Free the building, so that only the district is wrong (its records are protected).
    for records in (
        other_building.incidents,
        other_building.drills,
        other_building.concerns,
        other_building.assessments,
    ):
        records.all().delete()
    other_building.committee.delete()
    response = login(superuser).post(
        admin_url(Committee, "add"),
        {"district": cast.district.pk, "building": other_building.pk, "name": "Crossed"},
    )
    assert response.status_code == 200
    assert "The building belongs to another district." in response.content.decode()
    assert not Committee.objects.filter(name="Crossed").exists()


def _building_form(building, administrators):
    return {
        "name": building.name,
        "slug": building.slug,
        "level": building.level,
        "address": building.address,
        "administrators": [user.pk for user in administrators],
    }


def test_building_administrators_change_through_the_service(cast, login):
    building = cast.high.building
    restricted = cast.items[("high", Level.RESTRICTED)]
    client = login(cast.district_admin)
    url = admin_url(Building, "change", building.pk)
    response = client.post(url, _building_form(building, [cast.principal, cast.outsider]))
    assert response.status_code == 302
    assert access.can(fresh_user(cast.outsider), access.VIEW, restricted)
    response = client.post(url, _building_form(building, [cast.outsider]))
    assert response.status_code == 302
    assert not access.can(fresh_user(cast.principal), access.VIEW, restricted)
    assert not CommitteeUserObjectPermission.objects.filter(user=cast.principal).exists()


def test_a_building_administrator_from_another_district_is_refused(cast, login, superuser):
    building = cast.high.building
    response = login(superuser).post(
        admin_url(Building, "change", building.pk),
        _building_form(building, [cast.principal, cast.other_admin]),
    )
    assert response.status_code == 200
    assert "must belong to the building" in response.content.decode()
    assert list(building.administrators.all()) == [cast.principal]


# --- people ----------------------------------------------------------------------------


def _user_form(user, **overrides):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "title": "",
        "organization": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_district_admin_cannot_raise_anyone_or_move_them(cast, login):
    client = login(cast.district_admin)
    url = admin_url(User, "change", cast.parent.pk)
    page = client.get(url)
    assert page.status_code == 200
    for field in ("is_superuser", "is_staff", "is_district_admin", "groups", "district"):
        assert f'name="{field}"' not in page.content.decode(), field
    response = client.post(
        url,
        _user_form(
            cast.parent,
            is_superuser="on",
            is_staff="on",
            is_district_admin="on",
            district=cast.other_district.pk,
        ),
    )
    assert response.status_code == 302
    parent = fresh_user(cast.parent)
    assert not (parent.is_superuser or parent.is_staff or parent.is_district_admin)
    assert parent.district == cast.district


def test_a_person_added_by_a_district_admin_joins_their_district(cast, login):
    response = login(cast.district_admin).post(
        admin_url(User, "add"),
        {
            "username": "new.nurse",
            "password1": "a long enough passphrase 7",
            "password2": "a long enough passphrase 7",
            "usable_password": "true",
            "first_name": "Nora",
            "last_name": "Nurse",
            "email": "nurse@example.org",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="new.nurse").district == cast.district


def test_a_superuser_is_out_of_a_district_admins_reach(cast, login):
    operator = UserFactory(
        username="operator.westport", district=cast.district, is_superuser=True, is_staff=True
    )
    client = login(cast.district_admin)
    assert "operator.westport" not in client.get(admin_url(User)).content.decode()
    assert client.get(admin_url(User, "change", operator.pk)).status_code == 302
    assert (
        client.get(reverse("admin:auth_user_password_change", args=[operator.pk])).status_code
        == 404
    )


def test_deactivating_a_person_takes_their_grants_away_now(cast, login):
    response = login(cast.district_admin).post(
        admin_url(User, "change", cast.chair.pk), _user_form(cast.chair, is_active=None)
    )
    assert response.status_code == 302
    assert not CommitteeUserObjectPermission.objects.filter(user=cast.chair).exists()


def test_naming_a_district_admin_goes_through_the_service(cast, login):
    response = login(cast.district_admin).post(
        admin_url(User), {"action": "make_district_admin", "_selected_action": [cast.outsider.pk]}
    )
    assert response.status_code == 302
    outsider = fresh_user(cast.outsider)
    assert outsider.is_district_admin and outsider.is_staff
    assert access.can(outsider, access.VIEW, cast.items[("middle", Level.RESTRICTED)])
    assert login(outsider).get(reverse("admin:index")).status_code == 200


def test_a_refused_role_change_is_a_message_not_an_error_page(cast, login, superuser):
    loner = UserFactory(username="no.district", district=None)
    response = login(superuser).post(
        admin_url(User),
        {"action": "make_district_admin", "_selected_action": [loner.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "must belong to a district" in response.content.decode()
    assert not fresh_user(loner).is_district_admin


# --- choosing people and committees ------------------------------------------------------

# The admin's search as one types, for each field that finds a person or a committee.
PICKERS = {
    "building administrators": ("building", "administrators"),
    "member": ("membership", "user"),
    "committee": ("membership", "committee"),
}


def _found(client, picker: str, term: str = "") -> set[str]:
    model_name, field_name = PICKERS[picker]
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "committees",
            "model_name": model_name,
            "field_name": field_name,
            "term": term,
        },
    )
    assert response.status_code == 200, (picker, response.status_code)
    return {row["text"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("url", "picked"),
    [
        (lambda cast: admin_url(Building, "add"), "administrators"),
        (lambda cast: admin_url(Building, "change", cast.high.building_id), "administrators"),
        (lambda cast: admin_url(Membership, "add"), "user"),
    ],
)
def test_a_form_that_picks_people_does_not_list_the_district(cast, login, url, picked):
    """A district of thousands: the form is the same size with 10 people more or 300."""
    client = login(cast.district_admin)

    def size() -> int:
        response = client.get(url(cast))
        assert response.status_code == 200
        assert f'name="{picked}"' in response.content.decode()
        return len(response.content)

    UserFactory.create_batch(10, district=cast.district)
    few = size()
    UserFactory.create_batch(300, district=cast.district)
    assert size() == few


def _named(person) -> str:
    """A person as the search names them."""
    return f"{person.display_name} ({person.username})"


@pytest.mark.parametrize("picker", ["building administrators", "member"])
def test_the_people_search_finds_the_district_admins_people_only(cast, login, superuser, picker):
    client = login(cast.district_admin)
    found = _found(client, picker)
    assert _named(cast.parent) in found and _named(cast.outsider) in found
    assert _named(cast.other_admin) not in found  # another district's
    assert _named(superuser) not in found  # whoever could reach it could become one
    assert _found(client, picker, cast.parent.last_name) >= {_named(cast.parent)}
    assert not _found(client, picker, cast.other_admin.last_name) - found
    assert _named(cast.parent) not in _found(login(cast.other_admin), picker)


def test_people_of_the_same_name_are_told_apart_by_their_user_name(cast, login):
    for username in ("ben.alvarez", "ben.alvarez2"):
        UserFactory(
            username=username, first_name="Ben", last_name="Alvarez", district=cast.district
        )
    found = _found(login(cast.district_admin), "member", "Alvarez")
    assert {"Ben Alvarez (ben.alvarez)", "Ben Alvarez (ben.alvarez2)"} <= found


def test_the_committee_search_finds_the_district_admins_committees_only(cast, login):
    found = _found(login(cast.district_admin), "committee")
    assert cast.high.name in found and cast.middle.name in found
    assert cast.other_committee.name not in found
    assert _found(login(cast.other_admin), "committee") == {cast.other_committee.name}


@pytest.mark.parametrize("role", ["parent", "chair", "principal", "outsider", "anonymous"])
def test_only_administrators_may_search(cast, login, role):
    person = None if role == "anonymous" else cast.people[role]
    model_name, field_name = PICKERS["member"]
    response = login(person).get(
        reverse("admin:autocomplete"),
        {"app_label": "committees", "model_name": model_name, "field_name": field_name},
    )
    assert response.status_code == 302  # to the admin's sign-in
    assert cast.parent.display_name not in response.content.decode()
