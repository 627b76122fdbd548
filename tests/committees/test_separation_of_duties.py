"""Separation of duties for access (issue 13): nobody changes their own seat; clearance
and cleared categories are an administrator's to grant, a chair proposes; every grant is
told to the district's safety administrators and kept on record; an assignee from outside
the committee reports and finishes an item, never cancels it or changes its level."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from committees import access, services
from committees.access import Cap
from committees.models import (
    Category,
    Level,
    Membership,
    MembershipChange,
    NamedGrantRecord,
    Position,
    SeatProposal,
)
from notifications import services as outbox
from notifications.models import Kind, Notification
from tests.factories import UserFactory
from tests.notifications.clock import everything, mail_to

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def _quiet(cast):
    """An empty outbox: building the cast announced things already."""
    Notification.objects.all().delete()
    mail.outbox = []


def _fresh(user):
    return User.objects.get(pk=user.pk)


def _seat(user, committee=None) -> Membership:
    return Membership.objects.get(user=user, committee=committee, ended_at__isnull=True)


def _restricted(cast):
    return cast.items[("high", Level.RESTRICTED)]


def _sees_restricted(person, cast) -> bool:
    return access.can(_fresh(person), access.VIEW, _restricted(cast))


def _parent_co_chair(cast):
    """The parent the principal made co-chair: they manage the roster."""
    services.membership_change(
        membership=_seat(cast.parent, cast.high), position=Position.CO_CHAIR, by=cast.principal
    )
    assert access.can(_fresh(cast.parent), Cap.MANAGE_MEMBERSHIP, cast.high)
    return _fresh(cast.parent)


# --- nobody changes their own seat ------------------------------------------------------------


OWN_CHANGES = {
    "category": {"category": Category.ADMINISTRATOR},
    "clearance": {"restricted_clearance": False},
    "position": {"position": Position.MEMBER},
    "term": {"term_end": datetime.date(2027, 6, 30)},
}


@pytest.mark.parametrize("what", OWN_CHANGES)
@pytest.mark.parametrize("role", ["chair", "district_admin"])
def test_nobody_changes_their_own_seat(cast, role, what):
    person = _fresh(cast.people[role])
    if role == "district_admin":  # an administrator who also sits on the committee
        services.membership_add(
            committee=cast.high,
            user=person,
            category=Category.STAFF,
            position=Position.CHAIR if what == "position" else Position.MEMBER,
            restricted_clearance=True,
        )
    seat = _seat(person, cast.high)
    before = Membership.objects.filter(pk=seat.pk).values().get()

    with pytest.raises(ValidationError, match="own seat"):
        services.membership_change(membership=seat, by=_fresh(person), **OWN_CHANGES[what])

    assert Membership.objects.filter(pk=seat.pk).values().get() == before
    assert not MembershipChange.objects.filter(membership=seat, action="changed").exists()


def test_nobody_gives_themselves_a_seat(cast):
    with pytest.raises(ValidationError, match="own seat"):
        services.membership_add(
            committee=cast.district_wide,
            user=cast.district_admin,
            category=Category.ADMINISTRATOR,
            restricted_clearance=True,
            by=_fresh(cast.district_admin),
        )


def test_a_parent_co_chair_cannot_clear_their_own_seat_by_the_page(cast, login):
    """The demo's finding: the parent co-chair opened their own seat, said 'Staff' and
    ticked clearance, and read the lockdown procedure. Now the page refuses."""
    parent = _parent_co_chair(cast)
    seat = _seat(parent, cast.high)
    client = login(parent)
    url = reverse("committees:member_change", args=[cast.high.pk, seat.pk])

    assert client.get(url).status_code == 403
    data = {
        "category": Category.STAFF,
        "position": Position.CO_CHAIR,
        "term_start": seat.term_start.isoformat(),
        "restricted_clearance": "on",
    }
    assert client.post(url, data).status_code == 403

    seat.refresh_from_db()
    assert (seat.category, seat.restricted_clearance) == (Category.FAMILY, False)
    assert not _sees_restricted(parent, cast)
    procedure = cast.procedures["high"]
    assert client.get(reverse("procedures:procedure", args=[procedure.pk])).status_code == 404
    assert client.get(reverse("meetings:meeting", args=[cast.executive.pk])).status_code == 404
    # The roster offers no "Change" on one's own row, and still does on the others'.
    page = client.get(reverse("committees:detail", args=[cast.high.pk])).content.decode()
    assert f"Change {parent.display_name}'s seat" not in page
    assert "Your seat: another manager changes it" in page
    assert f"Change {cast.staff.display_name}'s seat" in page


def test_a_parent_co_chair_cannot_clear_another_parent_or_a_student(cast):
    """A chair's grant to a family or student member is refused outright (the policy)."""
    co_chair = _parent_co_chair(cast)
    student = _seat(cast.student, cast.high)
    with pytest.raises(ValidationError, match="10-222m"):
        services.membership_change(membership=student, restricted_clearance=True, by=co_chair)
    student.refresh_from_db()
    assert not student.restricted_clearance
    assert not SeatProposal.objects.exists()


# --- a chair proposes, an administrator confirms -----------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        {"category": Category.STAFF, "restricted_clearance": True},  # the student, in one go
        {"category": Category.STAFF},  # first the category ...
    ],
)
def test_a_chair_moving_a_student_into_a_cleared_category_only_proposes(cast, values):
    seat = _seat(cast.student, cast.high)

    changed = services.membership_change(
        membership=seat, position=Position.SECRETARY, by=_fresh(cast.chair), **values
    )

    seat.refresh_from_db()
    # The position (no clearance in it) applies; the rest waits for an administrator.
    assert (seat.category, seat.position, seat.restricted_clearance) == (
        Category.STUDENT,
        Position.SECRETARY,
        False,
    )
    proposal = changed.proposal
    assert (proposal.outcome, proposal.proposed_by, proposal.category) == (
        SeatProposal.Outcome.PENDING,
        cast.chair,
        Category.STAFF,
    )
    assert proposal.restricted_clearance is values.get("restricted_clearance")
    assert not _sees_restricted(cast.student, cast)


def test_a_chair_clearing_a_staff_member_only_proposes_and_adding_one_too(cast):
    staff = services.membership_change(
        membership=_seat(cast.staff, cast.high), restricted_clearance=True, by=_fresh(cast.chair)
    )
    assert staff.proposal.summary == "restricted clearance"
    assert not _sees_restricted(cast.staff, cast)

    newcomer = services.membership_add(
        committee=cast.high,
        user=cast.outsider,
        category=Category.POLICE,
        restricted_clearance=True,
        by=_fresh(cast.chair),
    )
    assert not newcomer.restricted_clearance
    assert newcomer.proposal.restricted_clearance is True
    assert not _sees_restricted(cast.outsider, cast)


@pytest.mark.parametrize("administrator", ["principal", "district_admin"])
def test_an_administrator_confirms_and_only_then_the_member_sees_restricted_records(
    cast, administrator
):
    seat = _seat(cast.student, cast.high)
    proposal = services.membership_change(
        membership=seat,
        category=Category.STAFF,
        restricted_clearance=True,
        by=_fresh(cast.chair),
    ).proposal
    assert not _sees_restricted(cast.student, cast)
    with pytest.raises(PermissionDenied):
        services.seat_proposal_decide(proposal=proposal, confirm=True, by=_fresh(cast.chair))

    by = _fresh(cast.people[administrator])
    services.seat_proposal_decide(proposal=proposal, confirm=True, by=by)

    proposal.refresh_from_db()
    assert (proposal.outcome, proposal.decided_by) == (SeatProposal.Outcome.CONFIRMED, by)
    assert proposal.decided_at is not None
    seat.refresh_from_db()
    assert (seat.category, seat.restricted_clearance) == (Category.STAFF, True)
    assert _sees_restricted(cast.student, cast)
    change = MembershipChange.objects.get(membership=seat, action="changed")
    assert change.actor == by
    assert change.changes == {
        "category": ["student", "staff"],
        "restricted_clearance": [False, True],
    }
    with pytest.raises(ValidationError, match="decided already"):
        services.seat_proposal_decide(proposal=proposal, confirm=False, by=by)


def test_an_administrator_declines_and_the_seat_stays_as_it_was(cast):
    seat = _seat(cast.staff, cast.high)
    proposal = services.membership_change(
        membership=seat, restricted_clearance=True, by=_fresh(cast.chair)
    ).proposal

    services.seat_proposal_decide(proposal=proposal, confirm=False, by=_fresh(cast.principal))

    proposal.refresh_from_db()
    seat.refresh_from_db()
    assert proposal.outcome == SeatProposal.Outcome.DECLINED
    assert not seat.restricted_clearance
    assert not _sees_restricted(cast.staff, cast)


def test_an_ended_seat_withdraws_its_proposal(cast):
    seat = _seat(cast.staff, cast.high)
    proposal = services.membership_change(
        membership=seat, restricted_clearance=True, by=_fresh(cast.chair)
    ).proposal
    services.membership_end(membership=seat, by=_fresh(cast.chair))
    proposal.refresh_from_db()
    assert proposal.outcome == SeatProposal.Outcome.WITHDRAWN
    with pytest.raises(ValidationError):
        services.seat_proposal_decide(proposal=proposal, confirm=True, by=cast.principal)


def test_by_the_pages_a_chair_proposes_and_the_principal_confirms(cast, login):
    seat = _seat(cast.student, cast.high)
    change_url = reverse("committees:member_change", args=[cast.high.pk, seat.pk])
    detail_url = reverse("committees:detail", args=[cast.high.pk])
    data = {
        "category": Category.STAFF,
        "position": Position.MEMBER,
        "term_start": seat.term_start.isoformat(),
        "restricted_clearance": "on",
    }
    response = login(cast.chair).post(change_url, data, follow=True)
    assert "The building&#x27;s or the district&#x27;s administrator confirms it" in (
        response.content.decode()
    )
    proposal = SeatProposal.objects.get(membership=seat)
    decide_url = reverse("committees:proposal_decide", args=[cast.high.pk, proposal.pk])

    chair_page = login(cast.chair).get(detail_url).content.decode()
    assert "Proposed for an administrator" in chair_page
    assert decide_url not in chair_page  # the chair sees it wait, with nothing to press
    assert login(cast.chair).post(decide_url, {"decision": "confirm"}).status_code == 403
    assert login(cast.parent).get(detail_url).content.decode().count("Proposed for") == 0
    assert login(cast.parent).post(decide_url, {"decision": "confirm"}).status_code == 403
    assert login(cast.stranger).post(decide_url, {"decision": "confirm"}).status_code == 404

    principal = login(cast.principal)
    assert decide_url in principal.get(detail_url).content.decode()
    student_client = login(cast.student)
    item_url = reverse("followups:action_item", args=[_restricted(cast).pk])
    assert student_client.get(item_url).status_code == 404
    principal = login(cast.principal)
    assert principal.post(decide_url, {"decision": "confirm"}).status_code == 302
    assert login(cast.student).get(item_url).status_code == 200


# --- told to the district's safety administrators, kept on record -------------------------------


def _messages(person, kind):
    outbox.sweep()
    sent = Notification.objects.filter(recipient=person, kind=kind, status="sent")
    return sent, mail_to(person)


def test_a_grant_of_clearance_is_mailed_to_the_district_administrators(cast):
    services.membership_change(
        membership=_seat(cast.staff, cast.high),
        restricted_clearance=True,
        by=_fresh(cast.principal),
    )
    sent, messages = _messages(cast.district_admin, Kind.ACCESS_GRANTED)
    assert sent.count() == 1
    [message] = messages
    text = everything(message)
    assert f"granted {cast.staff.display_name} restricted clearance" in text
    assert cast.principal.display_name in text and cast.high.name in text
    assert reverse("committees:history", args=[cast.high.pk]) in text
    # Nobody else: not the chair, not the other district's administrator.
    assert mail_to(cast.chair) == [] and mail_to(cast.other_admin) == []


def test_a_change_of_category_is_mailed_and_an_administrator_is_not_told_of_their_own(cast):
    second = UserFactory(username="deputy.admin", district=cast.district)
    services.district_admin_set(user=second, is_admin=True)
    Notification.objects.all().delete()
    services.membership_change(
        membership=_seat(cast.officer, cast.high),
        category=Category.STAFF,
        by=_fresh(cast.district_admin),
    )
    outbox.sweep()
    assert mail_to(cast.district_admin) == []
    [message] = mail_to(second)
    assert "police officer → other school staff" in everything(message)


def test_a_proposal_reaches_the_principal_and_the_district_administrator(cast):
    services.membership_change(
        membership=_seat(cast.staff, cast.high), restricted_clearance=True, by=_fresh(cast.chair)
    )
    outbox.sweep()
    for person in (cast.principal, cast.district_admin):
        [message] = mail_to(person)
        assert message.subject.endswith(f"To confirm: a seat on {cast.high.name}")
        assert cast.staff.display_name in everything(message)
    assert mail_to(cast.chair) == []


def test_a_named_grant_of_a_restricted_record_is_kept_and_mailed_without_naming_it(cast):
    marshal = UserFactory(username="fire.marshal", district=cast.district)
    item = _restricted(cast)

    services.named_grant_add(record=item, user=marshal, by=_fresh(cast.chair))
    services.named_grant_add(record=item, user=marshal, by=_fresh(cast.chair))  # once only
    services.named_grant_remove(record=item, user=marshal, by=_fresh(cast.chair))

    rows = NamedGrantRecord.objects.order_by("at", "id")
    assert [(r.action, r.person, r.actor, r.level) for r in rows] == [
        ("shared", marshal, cast.chair, Level.RESTRICTED),
        ("stopped", marshal, cast.chair, Level.RESTRICTED),
    ]
    sent, [message] = _messages(cast.district_admin, Kind.ACCESS_GRANTED)
    text = everything(message)
    assert f"shared a restricted record of {cast.high.name} by name" in text
    assert marshal.display_name in text
    assert item.title not in text and "CANARY" not in text


def test_the_history_page_keeps_named_grants_for_those_who_may_see_them(cast, login):
    marshal = UserFactory(username="fire.marshal", district=cast.district)
    services.named_grant_add(record=_restricted(cast), user=marshal, by=_fresh(cast.chair))
    url = reverse("committees:history", args=[cast.high.pk])
    page = login(cast.principal).get(url).content.decode()
    assert marshal.display_name in page and "(restricted)" in page
    # A co-chair of the family category manages the roster but never learns of it.
    co_chair = _parent_co_chair(cast)
    page = login(co_chair).get(url).content.decode()
    assert marshal.display_name not in page


def test_the_admin_applies_the_same_rules(cast, client):
    services.membership_add(
        committee=cast.district_wide, user=cast.district_admin, category=Category.ADMINISTRATOR
    )
    seat = _seat(cast.district_admin, cast.district_wide)
    client.force_login(cast.district_admin)
    url = reverse("admin:committees_membership_change", args=[seat.pk])
    response = client.post(
        url,
        {
            "category": Category.ADMINISTRATOR,
            "position": Position.CHAIR,
            "term_start": seat.term_start.isoformat(),
            "restricted_clearance": "on",
        },
    )
    assert response.status_code == 200
    assert "Nobody changes their own seat" in response.content.decode()
    seat.refresh_from_db()
    assert (seat.position, seat.restricted_clearance) == (Position.MEMBER, False)


# --- pickers that share a restricted record -----------------------------------------------------


def _options(page: str, name: str) -> str:
    start = page.index(f'name="{name}"')
    return page[start : page.index("</select>", start)]


def test_the_share_picker_offers_only_who_may_receive_a_restricted_record(cast, login):
    client = login(cast.chair)
    restricted = client.get(reverse("followups:action_item", args=[_restricted(cast).pk]))
    options = _options(restricted.content.decode(), "person")
    for person in (cast.parent, cast.student, cast.stranger):
        assert person.display_name not in options
    assert (
        f"{cast.officer.display_name} — Member, Police officer, Westport High School"
    ) in options
    assert f"{cast.principal.display_name} — Administrator, Westport High School" in options
    assert f"{cast.district_admin.display_name} — District safety administrator" in options
    assert other_district_absent(cast, options)
    # The assignment picker of a restricted item follows the same rule.
    assert cast.parent.display_name not in _options(restricted.content.decode(), "assignee")

    committee_level = client.get(
        reverse("followups:action_item", args=[cast.items[("high", Level.COMMITTEE)].pk])
    )
    options = _options(committee_level.content.decode(), "person")
    assert f"{cast.parent.display_name} — Member, Family (parent or guardian)" in options


def other_district_absent(cast, options: str) -> bool:
    return cast.other_admin.display_name not in options


def test_the_incident_share_picker_follows_the_rule_too(cast, login):
    incident = cast.incidents[("high", Level.RESTRICTED)]
    page = login(cast.chair).get(reverse("incidents:detail", args=[incident.pk]))
    options = _options(page.content.decode(), "person")
    assert cast.parent.display_name not in options and cast.student.display_name not in options
    assert cast.officer.display_name in options
