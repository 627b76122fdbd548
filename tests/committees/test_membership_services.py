"""The membership services: seats, clearance and people, each change recorded.

A refused call leaves nothing behind: no seat, no permission row, no history row.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from committees import access, services
from committees.access import Cap
from committees.models import (
    Category,
    CommitteeUserObjectPermission,
    Level,
    Membership,
    MembershipChange,
    Position,
)
from followups.models import ActionItemUserObjectPermission
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def _fresh(user):
    return User.objects.get(pk=user.pk)


def _today(district) -> datetime.date:
    return datetime.datetime.now(ZoneInfo(district.time_zone)).date()


def _seat(user, committee) -> Membership:
    return Membership.objects.get(user=user, committee=committee, ended_at__isnull=True)


def _rows(user) -> set[tuple[int, str]]:
    return set(
        CommitteeUserObjectPermission.objects.filter(user=user).values_list(
            "content_object_id", "permission__codename"
        )
    )


def _everything_about(user) -> tuple:
    """What a refused call must leave exactly as it was."""
    return (
        list(Membership.objects.filter(user=user).order_by("pk").values()),
        _rows(user),
        list(MembershipChange.objects.filter(membership__user=user).values_list("pk", flat=True)),
    )


# --- the history of seats -------------------------------------------------------------------


def test_adding_a_member_records_who_added_whom_and_the_seat(cast):
    principal = _fresh(cast.principal)  # clearance is granted by an administrator
    today = _today(cast.district)
    term_end = today + datetime.timedelta(days=365)

    seat = services.membership_add(
        committee=cast.high,
        user=cast.outsider,
        category=Category.ADMINISTRATOR,
        position=Position.SECRETARY,
        term_end=term_end,
        restricted_clearance=True,
        by=principal,
    )

    change = MembershipChange.objects.get(membership=seat)
    assert (change.action, change.actor, change.committee) == ("added", cast.principal, cast.high)
    assert change.changes == {
        "category": [None, "administrator"],
        "position": [None, "secretary"],
        "term_start": [None, today.isoformat()],
        "term_end": [None, term_end.isoformat()],
        "restricted_clearance": [None, True],
    }
    newcomer = _fresh(cast.outsider)
    assert access.can(newcomer, Cap.RECORD_MEETINGS, cast.high)
    assert access.can(newcomer, Cap.VIEW_RESTRICTED, cast.high)
    assert not access.can(newcomer, Cap.MANAGE_MEMBERSHIP, cast.high)


def test_changing_a_seat_records_only_what_changed_before_and_after(cast):
    seat = _seat(cast.staff, cast.high)

    services.membership_change(
        membership=seat,
        position=Position.SECRETARY,
        restricted_clearance=True,
        category=Category.STAFF,  # unchanged: not recorded
        by=_fresh(cast.principal),
    )

    change = MembershipChange.objects.get(membership=seat, action="changed")
    assert change.actor == cast.principal
    assert change.changes == {
        "position": ["member", "secretary"],
        "restricted_clearance": [False, True],
    }
    staff = _fresh(cast.staff)
    assert access.can(staff, Cap.RECORD_MEETINGS, cast.high)
    assert access.can(staff, access.VIEW, cast.items[("high", Level.RESTRICTED)])


def test_a_change_that_changes_nothing_records_nothing(cast):
    seat = _seat(cast.staff, cast.high)
    services.membership_change(membership=seat, position=Position.MEMBER, by=_fresh(cast.chair))

    assert not MembershipChange.objects.filter(membership=seat, action="changed").exists()


def test_ending_a_term_early_by_a_change_takes_access_away_at_once(cast):
    seat = _seat(cast.cleared_staff, cast.high)
    today = _today(cast.district)
    start, end = today - datetime.timedelta(days=30), today - datetime.timedelta(days=1)

    services.membership_change(
        membership=seat, term_start=start, term_end=end, by=_fresh(cast.chair)
    )

    change = MembershipChange.objects.get(membership=seat, action="changed")
    assert change.changes == {
        "term_start": [seat.term_start.isoformat(), start.isoformat()],
        "term_end": [None, end.isoformat()],
    }
    assert _rows(cast.cleared_staff) == set()
    assert not access.can(_fresh(cast.cleared_staff), Cap.VIEW, cast.high)


def test_ending_a_membership_records_who_removed_it_once(cast):
    seat = _seat(cast.parent, cast.high)
    chair = _fresh(cast.chair)

    services.membership_end(membership=seat, by=chair)
    services.membership_end(membership=seat, by=chair)  # a second click changes nothing

    seat.refresh_from_db()
    assert seat.ended_at is not None
    removed = MembershipChange.objects.filter(membership=seat, action="removed")
    assert [(c.actor, c.changes) for c in removed] == [(cast.chair, {})]
    assert _rows(cast.parent) == set()
    with pytest.raises(ValidationError, match="ended"):
        services.membership_change(membership=seat, position=Position.SECRETARY)


# --- refusals, with nothing half-saved ------------------------------------------------------


@pytest.mark.parametrize("category", [Category.FAMILY, Category.STUDENT])
def test_clearance_is_refused_for_family_or_student_on_joining(cast, category):
    person = cast.outsider
    before = _everything_about(person)

    with pytest.raises(ValidationError) as refused:
        services.membership_add(
            committee=cast.high,
            user=person,
            category=category,
            restricted_clearance=True,
            by=_fresh(cast.chair),
        )

    assert "restricted_clearance" in refused.value.message_dict
    message = " ".join(refused.value.messages)
    assert "policy" in message and "10-222m" in message
    assert _everything_about(person) == before == ([], set(), [])


@pytest.mark.parametrize(
    ("role", "values"),
    [
        ("parent", {"restricted_clearance": True}),
        ("student", {"restricted_clearance": True, "position": Position.SECRETARY}),
        ("cleared_staff", {"category": Category.FAMILY}),  # cleared, then said to be a parent
    ],
)
def test_clearance_is_refused_for_family_or_student_on_a_change(cast, role, values):
    person = cast.people[role]
    before = _everything_about(person)

    with pytest.raises(ValidationError) as refused:
        services.membership_change(
            membership=_seat(person, cast.high), by=_fresh(cast.chair), **values
        )

    assert "policy" in " ".join(refused.value.messages)
    assert _everything_about(person) == before


def test_a_second_seat_on_the_same_committee_is_refused(cast):
    before = _everything_about(cast.staff)

    with pytest.raises(ValidationError, match="already has a seat"):
        services.membership_add(
            committee=cast.high, user=cast.staff, category=Category.ADMINISTRATOR
        )

    assert _everything_about(cast.staff) == before
    # Once the seat has ended, the person may be seated again.
    services.membership_end(membership=_seat(cast.staff, cast.high))
    services.membership_add(committee=cast.high, user=cast.staff, category=Category.STAFF)
    assert Membership.objects.filter(user=cast.staff, committee=cast.high).count() == 2


def test_a_person_of_another_district_is_refused(cast):
    foreigner = UserFactory(username="teacher.millbrook", district=cast.other_district)

    with pytest.raises(ValidationError, match="district"):
        services.membership_add(
            committee=cast.high, user=foreigner, category=Category.STAFF, by=_fresh(cast.chair)
        )

    assert _everything_about(foreigner) == ([], set(), [])


def test_a_term_that_ends_before_it_starts_is_refused(cast):
    today = _today(cast.district)
    with pytest.raises(ValidationError) as refused:
        services.membership_add(
            committee=cast.high,
            user=cast.outsider,
            category=Category.STAFF,
            term_start=today,
            term_end=today - datetime.timedelta(days=1),
        )
    assert "term_end" in refused.value.message_dict
    assert _everything_about(cast.outsider) == ([], set(), [])


# --- who may call the services --------------------------------------------------------------


WITHOUT_MANAGE_MEMBERSHIP = ["parent", "staff", "cleared_staff", "secretary", "stranger"]


def _calls(cast):
    """Each membership service, as someone would call it on the high school committee."""
    return {
        "add": lambda by: services.membership_add(
            committee=cast.high, user=cast.outsider, category=Category.STAFF, by=by
        ),
        "change": lambda by: services.membership_change(
            membership=_seat(cast.parent, cast.high), position=Position.SECRETARY, by=by
        ),
        "end": lambda by: services.membership_end(membership=_seat(cast.parent, cast.high), by=by),
        "share": lambda by: services.named_grant_add(
            record=cast.items[("high", Level.COMMITTEE)], user=cast.outsider, by=by
        ),
    }


@pytest.mark.parametrize("call", ["add", "change", "end", "share"])
@pytest.mark.parametrize("role", [*WITHOUT_MANAGE_MEMBERSHIP, "other_admin", "outsider"])
def test_a_person_without_manage_membership_is_refused(cast, role, call):
    before = (_everything_about(cast.outsider), _everything_about(cast.parent))

    with pytest.raises(PermissionDenied):
        _calls(cast)[call](_fresh(cast.people[role]))

    assert (_everything_about(cast.outsider), _everything_about(cast.parent)) == before
    assert not ActionItemUserObjectPermission.objects.filter(user=cast.outsider).exists()


@pytest.mark.parametrize("call", ["add", "change", "end", "share"])
@pytest.mark.parametrize("role", ["chair", "principal", "district_admin"])
def test_managers_may_call_every_membership_service(cast, role, call):
    _calls(cast)[call](_fresh(cast.people[role]))


def test_a_chair_whose_term_ended_can_no_longer_manage(cast):
    today = _today(cast.district)
    Membership.objects.filter(pk=_seat(cast.chair, cast.high).pk).update(
        term_start=today - datetime.timedelta(days=400),
        term_end=today - datetime.timedelta(days=1),
    )

    with pytest.raises(PermissionDenied):
        _calls(cast)["add"](_fresh(cast.chair))
    assert _everything_about(cast.outsider) == ([], set(), [])


# --- finding or creating a person -----------------------------------------------------------


def test_an_existing_person_is_found_by_email_whatever_its_case(cast):
    people = User.objects.count()

    found = services.person_find_or_create(
        district=cast.district, email="  Facilities.Director@EXAMPLE.org "
    )

    assert found == cast.outsider
    assert User.objects.count() == people


def test_a_new_person_needs_a_first_and_a_last_name(cast):
    people = User.objects.count()
    for first, last in [("", ""), ("Karen", ""), ("  ", "Doyle")]:
        with pytest.raises(ValidationError) as refused:
            services.person_find_or_create(
                district=cast.district,
                email="k.doyle@westportfire.example",
                first_name=first,
                last_name=last,
            )
        assert "first_name" in refused.value.message_dict
    assert User.objects.count() == people


def test_a_new_person_joins_the_district_without_a_known_password(cast):
    person = services.person_find_or_create(
        district=cast.district,
        email="K.Doyle@WestportFire.example",
        first_name=" Karen ",
        last_name="Doyle",
        title="Fire Marshal",
        organization="Westport Fire Department",
    )

    person = _fresh(person)
    assert (person.district, person.first_name, person.last_name) == (
        cast.district,
        "Karen",
        "Doyle",
    )
    assert person.email.lower() == "k.doyle@westportfire.example"
    assert not person.is_district_admin and not person.is_staff
    assert not person.check_password("")
    # Asked again, in another case, the same person comes back.
    again = services.person_find_or_create(
        district=cast.district, email="k.doyle@westportfire.EXAMPLE"
    )
    assert again == person


def test_a_person_of_another_district_is_not_found_or_moved(cast):
    other_admin = cast.other_admin
    other_admin.username = other_admin.email  # as this service names a new person
    other_admin.save()

    person = services.person_find_or_create(
        district=cast.district,
        email=other_admin.email.upper(),
        first_name="Someone",
        last_name="Else",
    )

    # A new person of this district, as for an unknown address, with a sign-in of their own.
    assert person != other_admin
    assert (person.district, person.first_name) == (cast.district, "Someone")
    assert person.username == f"westport.{other_admin.email}"
    assert _fresh(other_admin).district == cast.other_district
    assert _fresh(other_admin).first_name != "Someone"


def test_another_districts_address_without_names_is_refused_like_an_unknown_one(cast):
    answers = []
    for email in (cast.other_admin.email, "nobody.here@example.org"):
        with pytest.raises(ValidationError) as refused:
            services.person_find_or_create(district=cast.district, email=email)
        answers.append(refused.value.message_dict)
    assert answers[0] == answers[1]


def test_a_blank_email_never_finds_a_person_who_has_none(cast):
    no_email = UserFactory(username="no.email", email="", district=cast.district)

    with pytest.raises(ValidationError):
        found = services.person_find_or_create(
            district=cast.district, email="  ", first_name="New", last_name="Person"
        )
        assert found != no_email, "a blank e-mail matched a person who has no e-mail"
