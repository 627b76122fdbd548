"""The invitation and the password link (issue 18): pages of our own, and e-mails that go
through the outbox in the recipient's language, sent whatever they chose for others."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services
from committees.services import membership as membership_services
from notifications import delivery
from notifications.forms import PERSONAL_KINDS
from notifications.models import Kind, Mode, Notification, Preference
from tests.helpers import plan_without_seqscan

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a quiet harbor at dawn 7"


def _to(mailoutbox, person) -> list:
    """What the outbox sent to ``person`` (the cast's own messages go out with it)."""
    return [m for m in mailoutbox if m.to == [f"{person.display_name} <{person.email}>"]]


def _link(message) -> str:
    path = re.search(r"https?://[^/\s]+(/accounts/reset/[^\s\"<]+/)", message.body)
    assert path, message.body
    return path.group(1)


def _choose_password(client, link: str) -> str:
    """Follow the e-mail's link and choose a password; the page it lands on."""
    form = client.get(link, follow=True)
    assert form.status_code == 200
    page = form.content.decode()
    assert 'name="new_password1"' in page, page
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    return done.content.decode()


def test_a_password_link_goes_through_the_outbox_in_the_persons_language(client, cast, mailoutbox):
    parent = cast.parent
    parent.email, parent.language = "familia.silva@example.org", "pt"
    parent.save()
    response = client.post(reverse("password_reset"), {"email": "Familia.Silva@example.org"})
    assert response.status_code == 302
    row = Notification.objects.get(kind=Kind.PASSWORD_RESET)
    assert row.recipient == parent
    assert mailoutbox == []  # sent by the outbox, after the request

    delivery.sweep()
    (message,) = _to(mailoutbox, parent)
    assert "Escolha uma nova senha" in message.subject
    _choose_password(client, _link(message))
    parent.refresh_from_db()
    assert parent.check_password(NEW_PASSWORD)
    # The link works once.
    again = client.get(_link(message), follow=True).content.decode()
    assert 'name="new_password1"' not in again


def test_an_unknown_address_gets_the_same_answer_and_nothing_is_sent(client, cast, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert not Notification.objects.filter(kind=Kind.PASSWORD_RESET).exists()


def test_account_messages_come_whatever_the_person_turned_off(client, cast, mailoutbox):
    staff = cast.staff
    staff.email = "r.okafor@westport.example"
    staff.save()
    Preference.objects.bulk_create(
        Preference(user=staff, kind=kind, mode=Mode.NONE) for kind in PERSONAL_KINDS
    )
    client.post(reverse("password_reset"), {"email": staff.email})
    delivery.sweep()
    (message,) = _to(mailoutbox, staff)
    assert "/accounts/reset/" in message.body
    # And they are not among the choices on the person's settings page.
    assert Kind.PASSWORD_RESET not in PERSONAL_KINDS
    assert Kind.ACCOUNT_INVITATION not in PERSONAL_KINDS


def test_a_district_administrator_invites_a_new_person_from_the_admin(
    client, cast, login, mailoutbox
):
    admin = login(cast.district_admin)
    response = admin.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "l.moreno",
            "usable_password": "false",
            "password1": "",
            "password2": "",
            "first_name": "Lucía",
            "last_name": "Moreno",
            "email": "l.moreno@example.org",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = Notification.objects.get(kind=Kind.ACCOUNT_INVITATION)
    person = row.recipient
    assert person.username == "l.moreno" and not person.has_usable_password()
    person.language = "es"
    person.save()

    delivery.sweep()
    (message,) = _to(mailoutbox, person)
    assert "Safety Portal" in message.subject and "invitado" in message.subject
    assert "l.moreno" in message.body
    client.logout()
    _choose_password(client, _link(message))
    signed_in = client.post(
        reverse("login"), {"username": "l.moreno", "password": NEW_PASSWORD}, follow=True
    )
    assert signed_in.redirect_chain[-1][0] == reverse("today")
    assert '<html lang="es">' in signed_in.content.decode()  # her language, from sign-in


def test_the_admin_action_invites_again(cast, login, mailoutbox):
    person = cast.outsider
    person.email = "facilities@westport.example"
    person.save()
    admin = login(cast.district_admin)
    admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "invite", "_selected_action": [person.pk]},
    )
    assert Notification.objects.filter(kind=Kind.ACCOUNT_INVITATION, recipient=person).exists()


def test_only_the_districts_administrators_invite(cast):
    cast.outsider.email = "facilities@westport.example"
    cast.outsider.save()
    for someone in (cast.chair, cast.principal, cast.other_admin):
        with pytest.raises(PermissionDenied):
            services.person_invite(person=cast.outsider, by=someone)
    services.person_invite(person=cast.outsider, by=cast.district_admin)
    assert Notification.objects.filter(kind=Kind.ACCOUNT_INVITATION).count() == 1


def test_a_person_is_found_by_e_mail_or_user_name_without_reading_everyone(cast):
    """The password e-mail (which anyone may ask for) finds the address whatever its
    case, and a new person's user name is checked free, on indexes: statewide, each read
    every person of the state."""
    with CaptureQueriesContext(connection) as queries:
        services.password_reset_send(email=cast.parent.email.upper())
        membership_services.person_find_or_create(
            district=cast.district,
            email="New.Person@Example.org",
            first_name="Nina",
            last_name="Okafor",
        )
    found = [q["sql"] for q in queries if "UPPER(" in q["sql"]]
    assert any('UPPER("accounts_user"."email"' in sql for sql in found)
    assert any('UPPER("accounts_user"."username"' in sql for sql in found)
    for sql in found:
        plan = plan_without_seqscan(sql, None)
        assert "Seq Scan on accounts_user" not in plan, plan
        assert "user_email_upper" in plan or "user_username_upper" in plan, plan
