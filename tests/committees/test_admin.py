"""The admin: superusers and district administrators only, each in their district.

Every registered model is classified below, either by the lookup to its district
(district administrators see their district's rows, through the gate) or as a
table only superusers may open. A model that joins the admin without joining
one of the two lists fails ``test_every_model_is_classified``.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from guardian.models import GroupObjectPermission, UserObjectPermission

from accounts.models import User
from committees import access, services
from committees.models import (
    Building,
    Category,
    Committee,
    CommitteeGroupObjectPermission,
    CommitteeUserObjectPermission,
    Level,
    Membership,
    MembershipChange,
    Position,
    RepresentationRule,
    SeatProposal,
)
from followups.models import ActionItemGroupObjectPermission, ActionItemUserObjectPermission
from meetings import services as meeting_services
from meetings.models import AgendaTemplateItem, PublicSummary
from notifications import services as outbox
from notifications.models import Kind, Subscription
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The lookup from each district-scoped model to its district.
DISTRICT_OF = {
    "accounts.User": "district",
    "committees.District": "pk",
    "committees.Building": "district",
    "committees.Committee": "district",
    "committees.Membership": "committee__district",
    "committees.MembershipChange": "committee__district",
    "committees.SeatProposal": "membership__committee__district",
    "committees.NamedGrantRecord": "committee__district",
    "committees.RepresentationRule": "district",
    "followups.ActionItem": "committee__district",
    "followups.ActionItemEvent": "item__committee__district",
    "followups.ActionItemAttachment": "item__committee__district",
    "followups.ImprovementPlan": "committee__district",
    "followups.Milestone": "plan__committee__district",
    "meetings.AgendaTemplateItem": "committee__district",
    "meetings.Meeting": "committee__district",
    "meetings.AgendaItem": "meeting__committee__district",
    "meetings.Attendance": "meeting__committee__district",
    "meetings.Guest": "meeting__committee__district",
    "meetings.MinutesSection": "meeting__committee__district",
    "meetings.MinutesSectionRevision": "meeting__committee__district",
    "meetings.Vote": "section__meeting__committee__district",
    "meetings.PublicSummary": "meeting__committee__district",
    "meetings.MeetingChange": "meeting__committee__district",
    "notifications.Notification": "recipient__district",
    "notifications.Subscription": "district",
    "audit.AuditEntry": "district",
}
SUPERUSER_ONLY = [
    CommitteeUserObjectPermission,
    CommitteeGroupObjectPermission,
    ActionItemUserObjectPermission,
    ActionItemGroupObjectPermission,
    UserObjectPermission,
    GroupObjectPermission,
    Group,
    AccessAttempt,
]

# What must never show on a page for the administrator of the other district.
# (Bare "Westport" would not do: every meeting's guest comes from Westport's fire department.)
WESTPORT_WORDS = [
    "Westport Public Schools",
    "Westport High School Safety",
    "Cedar Point",
    "District Safety Committee",
    "district.admin",
    "parent.high",
    "-high-7f3a",
    "-middle-7f3a",
    "-district_wide-7f3a",
]
MILLBROOK_WORDS = ["Millbrook", "admin.other", "member.millbrook", "-other_committee-7f3a"]


@pytest.fixture
def superuser():
    return UserFactory(username="operator", is_superuser=True, is_staff=True, district=None)


@pytest.fixture
def both_districts(cast):
    """Rows of every kind in both districts, beyond what the cast has already."""
    # Seats in force at each district's October meeting (the cast's begin today), and
    # attendance recorded for them.
    seats = {}
    for name, username in (("high", "member.westport"), ("other_committee", "member.millbrook")):
        committee = getattr(cast, name)
        seats[name] = services.membership_add(
            committee=committee,
            user=UserFactory(username=username, district=committee.district),
            category=Category.STAFF,
            term_start=datetime.date(2026, 9, 1),
            by=None,
        )
        meeting_services.attendance_record(
            meeting=cast.meetings[name],
            by=None,
            statuses={seats[name].pk: "present"},
            guests=[("Karen Doyle", "Westport Fire Department")],
        )
    for district, word in ((cast.district, "Westport"), (cast.other_district, "Millbrook")):
        RepresentationRule.objects.create(
            district=district, category=Category.SAFETY_OFFICIAL, note=f"{word} rule"
        )
    for name in ("high", "middle", "district_wide", "other_committee"):
        AgendaTemplateItem.objects.create(
            committee=getattr(cast, name), order=1, title=f"TEMPLATE-{name}-7f3a"
        )
    # Published public text of district B: public, yet no row for district A's admin.
    summary = PublicSummary.objects.get(meeting=cast.meetings["other_committee"])
    meeting_services.summary_publish(summary=summary, by=cast.other_admin)
    services.named_grant_add(
        record=cast.items[("other_committee", Level.COMMITTEE)],
        user=seats["other_committee"].user,
        by=None,
    )
    services.named_grant_add(
        record=cast.items[("high", Level.COMMITTEE)], user=seats["high"].user, by=None
    )
    for seat in seats.values():  # a pending proposal to clear each district's new seat
        SeatProposal.objects.create(membership=seat, restricted_clearance=True)
    for district in (cast.district, cast.other_district):
        Subscription.objects.create(
            email=f"family@{district.slug}.example.org", district=district, token=district.slug
        )
    # The outbox: a message for someone of each district.
    outbox.write(
        (seat.user_id, Kind.ITEM_OVERDUE, cast.items[(name, Level.COMMITTEE)], "2026-11-01")
        for name, seat in seats.items()
    )
    return cast


def _url(model, view="changelist", *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


class _Request:
    def __init__(self, user):
        self.user = user


def _scoped(model) -> bool:
    return model._meta.label in DISTRICT_OF


def _in_district(model, district):
    return model._default_manager.filter(**{DISTRICT_OF[model._meta.label]: district.pk})


def _assert_absent(html: str, words: list[str], where) -> None:
    shown = [word for word in words if word in html]
    assert not shown, f"{where} shows {shown}"


def _fresh(user):
    """The user as a new request sees them (the gate caches a scope per user object)."""
    return User.objects.get(pk=user.pk)


# --- who may enter --------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["anonymous", "parent", "student", "chair", "principal", "secretary", "outsider"]
)
def test_only_administrators_enter(cast, login, role):
    client = login(None if role == "anonymous" else cast.people[role])
    for url in (reverse("admin:index"), _url(Committee), _url(Membership, "add")):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_staff_flag_alone_does_not_open_the_admin(cast, login):
    cast.chair.is_staff = True
    cast.chair.save(update_fields=["is_staff"])
    assert login(cast.chair).get(reverse("admin:index")).status_code == 302


def test_a_former_district_admin_is_refused(cast, login):
    services.district_admin_set(user=cast.district_admin, is_admin=False)
    assert login(cast.district_admin).get(reverse("admin:index")).status_code == 302


@pytest.mark.parametrize("person", ["district_admin", "other_admin", "superuser"])
def test_administrators_enter(cast, login, superuser, person):
    user = superuser if person == "superuser" else cast.people[person]
    assert login(user).get(reverse("admin:index")).status_code == 200


# --- what each sees -------------------------------------------------------------------


def test_every_model_is_classified():
    for model in admin.site._registry:
        assert _scoped(model) or model in SUPERUSER_ONLY, model


@pytest.mark.parametrize("person", ["district_admin", "other_admin"])
def test_a_district_admin_has_exactly_their_districts_rows(both_districts, person):
    cast = both_districts
    user = cast.people[person]
    district = cast.district if person == "district_admin" else cast.other_district
    for model, model_admin in admin.site._registry.items():
        if not _scoped(model):
            continue
        rows = set(model_admin.get_queryset(_Request(user)).values_list("pk", flat=True))
        expected = _in_district(model, district)
        if model is User:
            expected = expected.filter(is_superuser=False)
        assert rows == set(expected.values_list("pk", flat=True)), model
        assert rows, f"no {model.__name__} of {district}: the check would prove nothing"


@pytest.mark.parametrize(
    ("person", "foreign_words"),
    [("district_admin", MILLBROOK_WORDS), ("other_admin", WESTPORT_WORDS)],
)
def test_every_page_a_district_admin_opens_shows_only_their_district(
    both_districts, login, person, foreign_words
):
    cast = both_districts
    user = cast.people[person]
    client = login(user)
    request = _Request(user)
    pages = [reverse("admin:index"), reverse("admin:app_list", args=["committees"])]
    for model, model_admin in admin.site._registry.items():
        if not _scoped(model):
            continue
        pages.append(_url(model))
        if model_admin.has_add_permission(request):
            pages.append(_url(model, "add"))
        for pk in model_admin.get_queryset(request).values_list("pk", flat=True)[:2]:
            pages += [_url(model, "change", pk), _url(model, "history", pk)]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_absent(response.content.decode(), foreign_words, url)


def test_a_district_admin_sees_their_districts_records_restricted_included(cast, login):
    html = login(cast.district_admin).get(_url(type(cast.items[("high", Level.COMMITTEE)])))
    for name in ("high", "middle", "district_wide"):
        for level in ("COMMITTEE", "RESTRICTED"):
            assert f"CANARY-{level}-{name}-7f3a" in html.content.decode()


@pytest.mark.parametrize(
    ("person", "foreign", "foreign_words"),
    [
        ("district_admin", "other_district", MILLBROOK_WORDS),
        ("other_admin", "district", WESTPORT_WORDS),
    ],
)
def test_another_districts_objects_are_not_found(
    both_districts, login, person, foreign, foreign_words
):
    cast = both_districts
    client = login(cast.people[person])
    for model in admin.site._registry:
        if not _scoped(model):
            continue
        obj = _in_district(model, getattr(cast, foreign)).first()
        assert obj is not None, model
        # Read-only kinds refuse every delete, whether the object exists or not.
        for view, allowed in (("change", {302}), ("history", {302}), ("delete", {302, 403})):
            response = client.get(_url(model, view, obj.pk))
            assert response.status_code in allowed, (model, view)
            if response.status_code == 302:
                assert response["Location"] == reverse("admin:index"), (model, view)
                response = client.get(response["Location"])
            _assert_absent(response.content.decode(), foreign_words, (model, view))


def test_a_district_admin_cannot_change_another_districts_committee(cast, login):
    url = _url(Committee, "change", cast.other_committee.pk)
    response = login(cast.district_admin).post(url, {"name": "Renamed", "purpose": ""})
    assert response.status_code == 302
    cast.other_committee.refresh_from_db()
    assert cast.other_committee.name == "Millbrook High School Safety Committee"


def test_a_superuser_sees_everything(both_districts, login, superuser):
    cast = both_districts
    client = login(superuser)
    committees = client.get(_url(Committee)).content.decode()
    assert cast.high.name in committees and cast.other_committee.name in committees
    items = client.get(_url(type(cast.items[("high", Level.COMMITTEE)]))).content.decode()
    assert "CANARY-RESTRICTED-high-7f3a" in items
    assert "CANARY-RESTRICTED-other_committee-7f3a" in items
    request = _Request(superuser)
    for model, model_admin in admin.site._registry.items():
        all_rows = model._default_manager.count()
        assert model_admin.get_queryset(request).count() == all_rows, model


def test_every_changelist_and_add_page_loads_for_a_superuser(both_districts, login, superuser):
    client = login(superuser)
    request = _Request(superuser)
    for model, model_admin in admin.site._registry.items():
        assert client.get(_url(model)).status_code == 200, model
        if model_admin.has_add_permission(request):
            assert client.get(_url(model, "add")).status_code == 200, model
        obj = model._default_manager.first()
        if obj is not None:
            assert client.get(_url(model, "change", obj.pk)).status_code == 200, model


def test_permission_tables_are_for_superusers_only(both_districts, login, superuser):
    cast = both_districts
    client = login(cast.district_admin)
    index = client.get(reverse("admin:index")).content.decode()
    assert "object permission" not in index.lower() and "Groups" not in index
    for model in SUPERUSER_ONLY:
        for url in (_url(model), _url(model, "add")):
            assert client.get(url).status_code == 403, url
    grant = ActionItemUserObjectPermission.objects.first()
    assert client.get(_url(ActionItemUserObjectPermission, "change", grant.pk)).status_code == 403
    client = login(superuser)
    for model in SUPERUSER_ONLY:
        assert client.get(_url(model)).status_code == 200, model


def test_a_superuser_cannot_edit_committee_capabilities_by_hand(cast, login, superuser):
    """The membership service owns them; an edited row would be undone at the next sync."""
    client = login(superuser)
    assert client.get(_url(CommitteeUserObjectPermission, "add")).status_code == 403
    row = CommitteeUserObjectPermission.objects.filter(user=cast.parent).first()
    response = client.post(_url(CommitteeUserObjectPermission, "delete", row.pk), {"post": "yes"})
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
        _url(Membership, "add"),
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
        _url(Membership, "change", seat.pk),
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
    assert not access.can(_fresh(cast.parent), access.VIEW, cast.items[("high", Level.RESTRICTED)])


def test_a_refusal_only_the_service_knows_is_a_form_error(cast, login, superuser):
    """A superuser may pick anyone: the service refuses a seat across districts."""
    response = login(superuser).post(
        _url(Membership, "add"), _membership_form(cast.high, cast.other_admin)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "can sit on it" in html and "successfully" not in html
    assert not Membership.objects.filter(user=cast.other_admin).exists()


def test_adding_a_member_in_the_admin_grants_access_through_the_service(cast, login):
    person = UserFactory(district=cast.district, username="new.teacher")
    response = login(cast.district_admin).post(
        _url(Membership, "add"), _membership_form(cast.high, person)
    )
    assert response.status_code == 302
    assert access.can(_fresh(person), access.VIEW, cast.items[("high", Level.COMMITTEE)])
    assert Membership.objects.get(user=person).changes.get().actor == cast.district_admin


def test_a_change_in_the_admin_is_recorded_by_the_service(cast, login):
    seat = Membership.objects.get(user=cast.staff, committee=cast.high)
    response = login(cast.district_admin).post(
        _url(Membership, "change", seat.pk),
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
    assert access.can(_fresh(cast.staff), access.Cap.RECORD_MEETINGS, cast.high)


def test_deleting_a_membership_ends_it_through_the_service(cast, login):
    seat = Membership.objects.get(user=cast.parent, committee=cast.high)
    client = login(cast.district_admin)
    assert client.get(_url(Membership, "delete", seat.pk)).status_code == 200
    response = client.post(_url(Membership, "delete", seat.pk), {"post": "yes"})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.ended_at is not None
    assert seat.changes.filter(action=MembershipChange.Action.REMOVED).exists()
    assert not access.can(_fresh(cast.parent), access.VIEW, cast.items[("high", Level.COMMITTEE)])
    assert not CommitteeUserObjectPermission.objects.filter(user=cast.parent).exists()
    # An ended seat is history: shown, no longer changed.
    page = client.get(_url(Membership, "change", seat.pk))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_deleting_selected_memberships_ends_them(cast, login):
    seats = Membership.objects.filter(user__in=[cast.parent, cast.student])
    response = login(cast.district_admin).post(
        _url(Membership),
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
        _url(Membership, "add"), _membership_form(cast.other_committee, person)
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Membership.objects.filter(user=person).exists()


def test_a_committee_added_in_the_admin_is_created_by_the_service(cast, login):
    response = login(cast.district_admin).post(
        _url(Committee, "add"),
        {"district": cast.district.pk, "building": "", "name": "Transportation Safety"},
    )
    assert response.status_code == 302
    committee = Committee.objects.get(name="Transportation Safety")
    assert access.can(_fresh(cast.district_admin), access.Cap.MANAGE_MEMBERSHIP, committee)


def test_a_committee_in_another_districts_building_is_refused(cast, login, superuser):
    other_building = Building.objects.get(district=cast.other_district)
    # Free the building, so that only the district is wrong (its records are protected).
    for records in (other_building.incidents, other_building.drills, other_building.concerns):
        records.all().delete()
    other_building.committee.delete()
    response = login(superuser).post(
        _url(Committee, "add"),
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
    url = _url(Building, "change", building.pk)
    response = client.post(url, _building_form(building, [cast.principal, cast.outsider]))
    assert response.status_code == 302
    assert access.can(_fresh(cast.outsider), access.VIEW, restricted)
    response = client.post(url, _building_form(building, [cast.outsider]))
    assert response.status_code == 302
    assert not access.can(_fresh(cast.principal), access.VIEW, restricted)
    assert not CommitteeUserObjectPermission.objects.filter(user=cast.principal).exists()


def test_a_building_administrator_from_another_district_is_refused(cast, login, superuser):
    building = cast.high.building
    response = login(superuser).post(
        _url(Building, "change", building.pk),
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
    url = _url(User, "change", cast.parent.pk)
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
    parent = _fresh(cast.parent)
    assert not (parent.is_superuser or parent.is_staff or parent.is_district_admin)
    assert parent.district == cast.district


def test_a_person_added_by_a_district_admin_joins_their_district(cast, login):
    response = login(cast.district_admin).post(
        _url(User, "add"),
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
    assert "operator.westport" not in client.get(_url(User)).content.decode()
    assert client.get(_url(User, "change", operator.pk)).status_code == 302
    assert (
        client.get(reverse("admin:auth_user_password_change", args=[operator.pk])).status_code
        == 404
    )


def test_deactivating_a_person_takes_their_grants_away_now(cast, login):
    response = login(cast.district_admin).post(
        _url(User, "change", cast.chair.pk), _user_form(cast.chair, is_active=None)
    )
    assert response.status_code == 302
    assert not CommitteeUserObjectPermission.objects.filter(user=cast.chair).exists()


def test_naming_a_district_admin_goes_through_the_service(cast, login):
    response = login(cast.district_admin).post(
        _url(User), {"action": "make_district_admin", "_selected_action": [cast.outsider.pk]}
    )
    assert response.status_code == 302
    outsider = _fresh(cast.outsider)
    assert outsider.is_district_admin and outsider.is_staff
    assert access.can(outsider, access.VIEW, cast.items[("middle", Level.RESTRICTED)])
    assert login(outsider).get(reverse("admin:index")).status_code == 200


def test_a_refused_role_change_is_a_message_not_an_error_page(cast, login, superuser):
    loner = UserFactory(username="no.district", district=None)
    response = login(superuser).post(
        _url(User),
        {"action": "make_district_admin", "_selected_action": [loner.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "must belong to a district" in response.content.decode()
    assert not _fresh(loner).is_district_admin


# --- named grants -----------------------------------------------------------------------


def test_a_named_grant_the_policy_forbids_is_refused_in_the_admin(cast, login, superuser):
    restricted = cast.items[("high", Level.RESTRICTED)]
    response = login(superuser).post(
        _url(ActionItemUserObjectPermission, "add"),
        {"content_object": restricted.pk, "user": cast.parent.pk},
    )
    assert response.status_code == 200
    assert "cannot see restricted records" in response.content.decode()
    assert not ActionItemUserObjectPermission.objects.filter(user=cast.parent).exists()


def test_a_named_grant_in_the_admin_shares_one_record(cast, login, superuser):
    item = cast.items[("middle", Level.RESTRICTED)]
    client = login(superuser)
    response = client.post(
        _url(ActionItemUserObjectPermission, "add"),
        {"content_object": item.pk, "user": cast.outsider.pk},
    )
    assert response.status_code == 302
    assert access.can(_fresh(cast.outsider), access.VIEW, item)
    grant = ActionItemUserObjectPermission.objects.get(user=cast.outsider)
    url = _url(ActionItemUserObjectPermission, "delete", grant.pk)
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not access.can(_fresh(cast.outsider), access.VIEW, item)
