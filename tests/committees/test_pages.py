"""Committee pages as the people of the cast meet them."""

import datetime
import re
from html import unescape

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from committees import access, services
from committees.models import (
    Category,
    CommitteeUserObjectPermission,
    Level,
    Membership,
    MembershipChange,
    Position,
    RepresentationRule,
    SeatProposal,
)
from notifications import delivery
from notifications.models import Kind, Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _add(client, committee, **data):
    form = {
        "email": "",
        "first_name": "",
        "last_name": "",
        "title": "",
        "organization": "",
        "category": Category.STAFF,
        "position": Position.MEMBER,
        "term_start": "",
        "term_end": "",
    }
    form.update(data)
    return client.post(reverse("committees:member_add", args=[committee.pk]), form)


# --- The committee page ----------------------------------------------------------------


def test_committee_page_lists_members_by_seat_and_representation(cast, login):
    today = access.district_today(cast.district)
    RepresentationRule.objects.create(district=cast.district, category=Category.FAMILY)
    RepresentationRule.objects.create(district=cast.district, category=Category.POLICE)
    RepresentationRule.objects.create(
        district=cast.district, category=Category.FIRE, or_categories=[Category.EMS]
    )
    RepresentationRule.objects.create(district=cast.district, category=Category.MENTAL_HEALTH)
    services.membership_change(
        membership=Membership.objects.get(user=cast.cleared_staff),
        term_end=today + datetime.timedelta(days=10),
    )
    html = _html(login(cast.parent).get(reverse("committees:detail", args=[cast.high.pk])))
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", html, re.S)
    seats = {re.sub(r"<.*?>|\s+", " ", r).split(" (")[0].strip(): r for r in rows}
    family = next(r for k, r in seats.items() if k.startswith("Family"))
    police = next(r for k, r in seats.items() if k.startswith("Police officer"))
    responder = next(r for k, r in seats.items() if k.startswith("Firefighter or EMT or paramedic"))
    mental = next(r for k, r in seats.items() if k.startswith("Mental health"))
    assert "Filled" in family and "Filled" in police
    assert "Empty: 1 missing" in responder
    assert "Term ending within 30 days" in mental
    # The chair is listed first.
    names = re.findall(r'<th scope="row">([^<]+)', html)
    assert names.index(cast.chair.display_name) < names.index(cast.parent.display_name)
    assert "(ending soon)" in html


def _member_cells(html: str) -> dict[str, list[str]]:
    """The members table's rows as a reader hears them, by the member's name."""
    table = html[html.index('aria-labelledby="members"') :]
    table = table[: table.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", table, re.S):
        cells = [
            " ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows[cells[0]] = cells
    return rows


@pytest.fixture
def siobhan(cast):
    """A member whose name and title carry what HTML escapes."""
    today = access.district_today(cast.district)
    person = UserFactory(
        district=cast.district,
        first_name="Siobhan",
        last_name="O'Brien",
        title="Psychologist <K-5>",
        organization="Westport & Weston",
    )
    return services.membership_add(
        committee=cast.high,
        user=person,
        category=Category.MENTAL_HEALTH,
        term_start=today - datetime.timedelta(days=30),
        term_end=today + datetime.timedelta(days=10),
        restricted_clearance=True,
    )


def test_a_members_row_reads_their_seat(cast, login, siobhan):
    html = _html(login(cast.chair).get(reverse("committees:detail", args=[cast.high.pk])))
    start, end = (date_format(day, "DATE_FORMAT") for day in (siobhan.term_start, siobhan.term_end))
    name = "Siobhan O'Brien Psychologist <K-5>, Westport & Weston"
    assert _member_cells(html)[name] == [
        name,
        "Member",
        "Mental health professional",
        f"{start} – {end} (ending soon)",
        "Restricted",
        "Change · Remove",
    ]
    # The names are escaped into the links' labels, and the labels' words kept as written.
    assert 'aria-label="Change Siobhan O&#x27;Brien\'s seat"' in html
    assert 'aria-label="Remove Siobhan O&#x27;Brien"' in html
    assert "Psychologist &lt;K-5&gt;, Westport &amp; Weston" in html
    # An open term, and a seat without clearance; and no management column for a parent.
    parent = _member_cells(
        _html(login(cast.parent).get(reverse("committees:detail", args=[cast.high.pk])))
    )
    seat = Membership.objects.get(committee=cast.high, user=cast.parent, ended_at__isnull=True)
    assert parent[cast.parent.display_name][3:] == [
        f"{date_format(seat.term_start, 'DATE_FORMAT')} – open",
        "Committee",
    ]


def test_a_members_row_reads_in_the_readers_language(cast, login, siobhan):
    client = login(cast.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    html = _html(client.get(reverse("committees:detail", args=[cast.high.pk])))
    with translation.override("es"):
        start, end = (date_format(d, "DATE_FORMAT") for d in (siobhan.term_start, siobhan.term_end))
        words = [
            str(Position(Position.MEMBER).label),
            str(Category(Category.MENTAL_HEALTH).label),
            translation.pgettext("clearance", "Restricted"),
        ]
    row = _member_cells(html)["Siobhan O'Brien Psychologist <K-5>, Westport & Weston"]
    assert [row[1], row[2], row[4]] == words
    assert row[3].startswith(f"{start} – {end} ")
    assert words[0] != "Member" and words[2] != "Restricted"  # the catalogue was read
    assert 'aria-label="Cambiar el puesto de Siobhan O&#x27;Brien"' in html


def test_every_record_shown_carries_its_level(cast, login):
    html = _html(login(cast.chair).get(reverse("committees:detail", args=[cast.high.pk])))
    for level in (Level.COMMITTEE, Level.RESTRICTED):
        item = cast.items[("high", level)]
        block = re.search(
            rf'<li data-visibility="{level}">\s*<a href="[^"]+">{item.title}</a>\s*'
            rf'<span class="badge badge-{level}"',
            html,
        )
        assert block, level
    detail = _html(
        login(cast.chair).get(
            reverse("followups:action_item", args=[cast.items[("high", Level.RESTRICTED)].pk])
        )
    )
    assert '<article data-visibility="restricted">' in detail
    assert "Restricted</span>" in detail


def test_managers_see_management_links_and_members_do_not(cast, login):
    url = reverse("committees:detail", args=[cast.high.pk])
    assert "Add a member" in _html(login(cast.chair).get(url))
    assert "Add a member" in _html(login(cast.principal).get(url))
    assert "Add a member" not in _html(login(cast.secretary).get(url))
    assert "Add a member" not in _html(login(cast.parent).get(url))


# --- Membership management ---------------------------------------------------------------


def test_chair_adds_an_existing_person_by_email(cast, login):
    person = UserFactory(district=cast.district, email="Dana.Price@westport.example.org")
    response = _add(
        login(cast.chair),
        cast.high,
        email="dana.price@WESTPORT.example.org",
        category=Category.MENTAL_HEALTH,
        restricted_clearance="on",
    )
    assert response.status_code == 302
    seat = Membership.objects.get(committee=cast.high, user=person)
    assert seat.category == Category.MENTAL_HEALTH
    change = MembershipChange.objects.get(membership=seat)
    assert change.actor == cast.chair and change.action == MembershipChange.Action.ADDED
    # Clearance is the principal's to grant: the chair's request waits for them.
    assert not seat.restricted_clearance
    assert not access.can(person, access.VIEW, cast.items[("high", Level.RESTRICTED)])
    proposal = SeatProposal.objects.get(membership=seat, outcome=SeatProposal.Outcome.PENDING)
    services.seat_proposal_decide(proposal=proposal, confirm=True, by=cast.principal)
    access.forget(person)
    assert access.can(person, access.VIEW, cast.items[("high", Level.RESTRICTED)])


def test_chair_adds_a_new_person_who_then_sets_a_password(cast, login, client):
    response = _add(
        login(cast.chair),
        cast.high,
        email="lt.ortiz@westportpd.example.org",
        first_name="Ana",
        last_name="Ortiz",
        title="Lieutenant",
        organization="Westport Police Department",
        category=Category.POLICE,
    )
    assert response.status_code == 302
    seat = Membership.objects.get(user__email="lt.ortiz@westportpd.example.org")
    assert seat.user.district == cast.district

    # Invited at once, through the outbox: a link to choose a password.
    invitation = Notification.objects.get(kind=Kind.ACCOUNT_INVITATION)
    assert invitation.recipient == seat.user
    delivery.deliver(notification_id=invitation.pk)
    (message,) = [m for m in mail.outbox if "lt.ortiz@westportpd.example.org" in m.to[0]]
    assert "/accounts/reset/" in message.body
    # The password link works for them too.
    client.logout()
    client.post(reverse("password_reset"), {"email": "lt.ortiz@westportpd.example.org"})
    assert Notification.objects.filter(kind=Kind.PASSWORD_RESET, recipient=seat.user).exists()


def test_a_new_person_needs_a_name(cast, login):
    response = _add(login(cast.chair), cast.high, email="nobody@example.org")
    html = _html(response)
    assert "give a first and last name" in html
    assert not Membership.objects.filter(user__email="nobody@example.org").exists()


@pytest.mark.parametrize("category", [Category.FAMILY, Category.STUDENT])
def test_clearance_for_a_family_or_student_member_is_refused_and_nothing_is_saved(
    cast, login, category
):
    before = (Membership.objects.count(), CommitteeUserObjectPermission.objects.count())
    response = _add(
        login(cast.chair),
        cast.high,
        email="new.parent@example.org",
        first_name="Sam",
        last_name="Lee",
        category=category,
        restricted_clearance="on",
    )
    html = _html(response)
    assert "cannot hold restricted clearance under this district&#x27;s policy" in html
    assert "new.parent@example.org" in html  # what was typed is kept
    after = (Membership.objects.count(), CommitteeUserObjectPermission.objects.count())
    assert before == after
    assert not UserFactory._meta.model.objects.filter(email="new.parent@example.org").exists()


def test_chair_changes_a_seat_and_the_change_is_recorded(cast, login):
    seat = Membership.objects.get(user=cast.staff)
    url = reverse("committees:member_change", args=[cast.high.pk, seat.pk])
    client = login(cast.chair)
    page = _html(client.get(url))
    assert 'value="staff" selected' in page
    response = client.post(
        url,
        {
            "category": Category.STAFF,
            "position": Position.SECRETARY,
            "term_start": seat.term_start.isoformat(),
            "term_end": "2027-06-30",
            "restricted_clearance": "on",
        },
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.position == Position.SECRETARY
    assert access.can(cast.staff, access.Cap.RECORD_MEETINGS, cast.high)
    # The clearance the chair asked for waits for an administrator.
    assert not seat.restricted_clearance
    assert SeatProposal.objects.filter(
        membership=seat, outcome=SeatProposal.Outcome.PENDING
    ).exists()

    history = _html(client.get(reverse("committees:history", args=[cast.high.pk])))
    assert cast.chair.display_name in history
    assert "member → secretary" in history and "False → True" not in history


def test_a_term_that_ends_before_it_starts_is_refused(cast, login):
    seat = Membership.objects.get(user=cast.staff)
    response = login(cast.chair).post(
        reverse("committees:member_change", args=[cast.high.pk, seat.pk]),
        {
            "category": Category.STAFF,
            "position": Position.MEMBER,
            "term_start": "2026-09-01",
            "term_end": "2026-08-01",
        },
    )
    assert "The term cannot end before it starts." in _html(response)
    seat.refresh_from_db()
    assert seat.term_end is None


def test_removing_a_member_ends_their_access_at_once(cast, login):
    seat = Membership.objects.get(user=cast.staff)
    client = login(cast.chair)
    confirm = _html(client.get(reverse("committees:member_remove", args=[cast.high.pk, seat.pk])))
    assert "ends the moment you confirm" in confirm
    client.post(reverse("committees:member_remove", args=[cast.high.pk, seat.pk]))
    assert not CommitteeUserObjectPermission.objects.filter(user=cast.staff).exists()

    staff = login(cast.staff)
    assert staff.get(reverse("committees:detail", args=[cast.high.pk])).status_code == 404
    item = cast.items[("high", Level.COMMITTEE)]
    assert staff.get(reverse("followups:action_item", args=[item.pk])).status_code == 404
    assert "removed" in MembershipChange.objects.filter(membership=seat).first().action


def test_a_secretary_cannot_manage_membership(cast, login):
    seat = Membership.objects.get(user=cast.parent)
    client = login(cast.secretary)
    assert _add(client, cast.high, email="x@example.org").status_code == 403
    url = reverse("committees:member_remove", args=[cast.high.pk, seat.pk])
    assert client.post(url).status_code == 403
    assert Membership.objects.get(pk=seat.pk).ended_at is None


# --- Named grants -------------------------------------------------------------------------


def test_chair_shares_a_restricted_item_with_the_fire_marshal(cast, login):
    item = cast.items[("high", Level.RESTRICTED)]
    marshal = UserFactory(district=cast.district, first_name="Susan", last_name="Cole")
    client = login(cast.chair)
    client.post(reverse("followups:action_item_share", args=[item.pk]), {"person": marshal.pk})
    page = _html(client.get(reverse("followups:action_item", args=[item.pk])))
    assert "Susan Cole" in page and "Stop sharing" in page

    marshal_client = login(marshal)
    assert marshal_client.get(reverse("followups:action_item", args=[item.pk])).status_code == 200
    other = cast.items[("high", Level.COMMITTEE)]
    assert marshal_client.get(reverse("followups:action_item", args=[other.pk])).status_code == 404
    assert marshal_client.get(reverse("committees:detail", args=[cast.high.pk])).status_code == 404

    client = login(cast.chair)
    client.post(reverse("followups:action_item_unshare", args=[item.pk, marshal.pk]))
    assert login(marshal).get(reverse("followups:action_item", args=[item.pk])).status_code == 404


def test_someone_off_the_committee_is_shared_with_by_email_and_the_rule_holds_for_typing(
    cast, login
):
    """The share menu offers the committee's people; the fire marshal, on no committee,
    is named by e-mail. A parent's e-mail typed for a restricted item is refused as the
    menu would refuse them (C.G.S. 10-222m), and nothing is shared."""
    item = cast.items[("high", Level.RESTRICTED)]
    marshal = UserFactory(
        district=cast.district,
        first_name="Susan",
        last_name="Cole",
        email="s.cole@westport.example",
    )
    client = login(cast.chair)
    page = _html(client.get(reverse("followups:action_item", args=[item.pk])))
    menu = page[page.index('name="person"') : page.index("</select>", page.index('name="person"'))]
    assert "Susan Cole" not in menu and 'name="person_other"' in page

    share = reverse("followups:action_item_share", args=[item.pk])
    assert cast.parent.email  # typed, not an empty field falling back to the menu
    page = _html(client.post(share, {"person_other": cast.parent.email}, follow=True))
    assert "never goes to a family or student member (C.G.S. 10-222m)" in page
    assert (
        login(cast.parent).get(reverse("followups:action_item", args=[item.pk])).status_code == 404
    )

    client = login(cast.chair)
    page = _html(client.post(share, {"person_other": "S.Cole@westport.example"}, follow=True))
    assert "Shared with Susan Cole." in page
    assert login(marshal).get(reverse("followups:action_item", args=[item.pk])).status_code == 200


def test_sharing_a_restricted_item_with_a_parent_is_refused_with_a_reason(cast, login):
    item = cast.items[("high", Level.RESTRICTED)]
    client = login(cast.chair)
    response = client.post(
        reverse("followups:action_item_share", args=[item.pk]),
        {"person": cast.stranger.pk},
        follow=True,
    )
    html = _html(response)
    assert "never goes to a family or student member (C.G.S. 10-222m)" in html
    assert (
        login(cast.stranger).get(reverse("followups:action_item", args=[item.pk])).status_code
        == 404
    )


# --- adding a person by e-mail: no answer tells of other districts -------------------------


def _answer(response) -> str:
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_an_address_of_another_district_is_answered_like_an_unknown_one(cast, login):
    client = login(cast.chair)
    other = cast.other_admin.email
    unknown = "nobody.here@example.org"

    without_names = [_add(client, cast.high, email=email) for email in (other, unknown)]

    assert [r.status_code for r in without_names] == [200, 200]
    pairs = zip(without_names, (other, unknown), strict=True)
    first, second = (_answer(response).replace(email, "E") for response, email in pairs)
    assert first == second
    assert "No one in the district has this e-mail" in first

    with_names = [
        _add(client, cast.high, email=email, first_name="Pat", last_name=last)
        for email, last in ((other, "Other"), (unknown, "Unknown"))
    ]

    assert [r.status_code for r in with_names] == [302, 302]
    assert with_names[0]["Location"] == with_names[1]["Location"]
    page = client.get(with_names[1]["Location"]).content.decode()
    assert "Pat Other" in page and "Pat Unknown" in page
    assert cast.other_admin.display_name not in page
    cast.other_admin.refresh_from_db()
    assert cast.other_admin.district == cast.other_district
