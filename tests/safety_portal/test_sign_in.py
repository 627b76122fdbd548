"""Signing in: throttled per account and per address, with a lock that ends by itself."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import PasswordResetRequest
from notifications import delivery
from tests.factories import DistrictFactory, UserFactory
from tests.helpers import run_django

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse 42"
HOME_ADDRESS = "203.0.113.5"
OTHER_ADDRESS = "198.51.100.9"


@pytest.fixture
def chair():
    district = DistrictFactory(name="Westport Public Schools", slug="westport")
    person = UserFactory(username="chair.high", district=district)
    person.set_password(PASSWORD)
    person.save()
    return person


@pytest.fixture
def operator():
    person = UserFactory(username="operator", is_superuser=True, is_staff=True, district=None)
    person.set_password(PASSWORD)
    person.save()
    return person


def _sign_in(client, username, password, address=HOME_ADDRESS, url=None):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _cool_off_elapses():
    """The recorded attempts move back past the cool-off, as time passing would."""
    back = settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= back
        attempt.save(update_fields=["attempt_time"])


def test_a_signed_in_request_reads_the_person_and_their_district_together(client, chair):
    assert _sign_in(client, "chair.high", PASSWORD).status_code == 302
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:mine"))
    user = response.wsgi_request.user
    assert user == chair and user.district.slug == "westport"
    reads = [q["sql"] for q in queries if 'FROM "accounts_user"' in q["sql"]]
    assert len(reads) == 1 and '"committees_district"' in reads[0]
    # A read of one row by its key: the person's ordering by name is not asked for.
    assert "ORDER BY" not in reads[0]
    assert not any(q["sql"].startswith('SELECT "committees_district"') for q in queries)


@pytest.mark.parametrize("gone", ["deleted", "deactivated"])
def test_a_session_whose_person_is_gone_is_signed_out(client, chair, gone):
    assert _sign_in(client, "chair.high", PASSWORD).status_code == 302
    if gone == "deleted":
        chair.delete()
    else:
        type(chair).objects.filter(pk=chair.pk).update(is_active=False)
    response = client.get(reverse("portal:mine"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, chair):
    for _ in range(30):
        _sign_in(client, "chair.high", "wrong")

    response = _sign_in(client, "chair.high", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "signing in is paused: try again in 15 minutes" in page
    assert "ends by itself" in page


def test_the_limit_is_the_configured_count(client, chair, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        assert _sign_in(client, "chair.high", "wrong").status_code == 200
    assert _sign_in(client, "chair.high", "wrong").status_code == 429
    assert _sign_in(client, "chair.high", PASSWORD).status_code == 429


def test_the_lock_ends_by_itself_after_the_cool_off(client, chair):
    for _ in range(10):
        _sign_in(client, "chair.high", "wrong")
    assert _sign_in(client, "chair.high", PASSWORD).status_code == 429

    _cool_off_elapses()

    response = _sign_in(client, "chair.high", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(chair.pk)


def test_tries_during_a_lock_do_not_extend_it(client, chair):
    for _ in range(10):
        _sign_in(client, "chair.high", "wrong")
    _cool_off_elapses()
    # Only failures counted before the lock: one more try after it is a fresh count.
    assert _sign_in(client, "chair.high", "wrong").status_code == 200
    assert _sign_in(client, "chair.high", PASSWORD).status_code == 302


def test_an_account_is_locked_from_every_address(client, chair):
    for number in range(10):
        _sign_in(client, "chair.high", "wrong", address=f"192.0.2.{number}")

    assert _sign_in(client, "chair.high", PASSWORD, address=OTHER_ADDRESS).status_code == 429


def test_an_address_guessing_many_accounts_is_locked_for_all_of_them(client, chair):
    for number in range(10):
        _sign_in(client, f"guess.{number}", "wrong")

    assert _sign_in(client, "chair.high", PASSWORD).status_code == 429
    # From elsewhere, the account signs in: the lock is the address's.
    assert _sign_in(client, "chair.high", PASSWORD, address=OTHER_ADDRESS).status_code == 302


def test_an_unknown_account_is_throttled_like_a_real_one(client, chair):
    for _ in range(10):
        _sign_in(client, "nobody.here", "wrong", address=OTHER_ADDRESS)
    assert _sign_in(client, "nobody.here", "wrong", address=OTHER_ADDRESS).status_code == 429


def test_the_admin_sign_in_is_throttled_too(client, operator):
    url = reverse("admin:login")
    for _ in range(9):
        assert _sign_in(client, "operator", "wrong", url=url).status_code == 200
    assert _sign_in(client, "operator", "wrong", url=url).status_code == 429

    response = _sign_in(client, "operator", PASSWORD, url=url)

    assert response.status_code == 429
    assert "try again in 15 minutes" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302  # still signed out
    _cool_off_elapses()
    assert _sign_in(client, "operator", PASSWORD, url=url).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_failures_at_the_admin_count_for_the_site_sign_in(client, chair):
    for _ in range(10):
        _sign_in(client, "chair.high", "wrong", url=reverse("admin:login"))
    assert _sign_in(client, "chair.high", PASSWORD).status_code == 429


# --- idle sessions ---------------------------------------------------------------------------


def _expire_date(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_session_ends_after_eight_idle_hours_by_default(client, chair):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    _sign_in(client, "chair.high", PASSWORD)
    client.get(reverse("home"))
    left = _expire_date(client) - timezone.now()
    assert datetime.timedelta(hours=7, minutes=59) < left <= datetime.timedelta(hours=8)


def test_each_request_starts_the_idle_count_again(client, chair):
    _sign_in(client, "chair.high", PASSWORD)
    session = Session.objects.get(session_key=client.session.session_key)
    session.expire_date = timezone.now() + datetime.timedelta(minutes=5)  # nearly idle out
    session.save(update_fields=["expire_date"])

    assert "Sign out" in client.get(reverse("home")).content.decode()

    assert _expire_date(client) - timezone.now() > datetime.timedelta(hours=7)


def test_an_idle_session_is_signed_out(client, chair):
    _sign_in(client, "chair.high", PASSWORD)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)  # the idle time has passed
    )

    response = client.get(reverse("portal:mine"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_idle_timeout_is_configured_from_the_environment():
    result = run_django(
        "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)",
        {"SESSION_IDLE_MINUTES": "30"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1800"]


# --- password e-mails ------------------------------------------------------------------------


def _ask_for_reset(client, email, address=HOME_ADDRESS):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def _delivered(mailoutbox) -> int:
    """The e-mails sent so far, once the outbox has sent what it holds (the password
    links go through it)."""
    delivery.sweep()
    return len(mailoutbox)


def _requests_age():
    back = settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1)
    for row in PasswordResetRequest.objects.all():
        row.requested_at -= back
        row.save(update_fields=["requested_at"])


def test_password_emails_for_one_address_are_throttled(client, chair, mailoutbox):
    chair.email = "chair@westport.example"
    chair.save()
    for number in range(5):
        response = _ask_for_reset(client, "chair@westport.example", address=f"192.0.2.{number}")
        assert response.status_code == 302
    assert _delivered(mailoutbox) == 5

    response = _ask_for_reset(client, "chair@westport.example", address=OTHER_ADDRESS)

    assert response.status_code == 429
    assert "Too many password e-mails" in response.content.decode()
    assert "Try again in 15 minutes" in response.content.decode()
    assert _delivered(mailoutbox) == 5


def test_password_emails_from_one_address_are_throttled(client, chair, mailoutbox):
    chair.email = "chair@westport.example"
    chair.save()
    for number in range(5):
        assert _ask_for_reset(client, f"guess{number}@westport.example").status_code == 302

    assert _ask_for_reset(client, "chair@westport.example").status_code == 429
    assert _delivered(mailoutbox) == 0
    # Another network asks for the same person: sent.
    response = _ask_for_reset(client, "chair@westport.example", address=OTHER_ADDRESS)
    assert response.status_code == 302
    assert _delivered(mailoutbox) == 1


def test_the_reset_throttle_ends_by_itself(client, chair, mailoutbox):
    chair.email = "chair@westport.example"
    chair.save()
    for _ in range(5):
        _ask_for_reset(client, "chair@westport.example")
    assert _ask_for_reset(client, "chair@westport.example").status_code == 429

    _requests_age()

    assert _ask_for_reset(client, "chair@westport.example").status_code == 302
    assert _delivered(mailoutbox) == 6


def test_the_reset_throttle_answers_alike_for_unknown_addresses(client, chair):
    chair.email = "chair@westport.example"
    chair.save()
    pages = []
    for number, email in enumerate(["chair@westport.example", "nobody@westport.example"]):
        for _ in range(5):
            _ask_for_reset(client, email, address=f"192.0.2.{number}")
        pages.append(_ask_for_reset(client, email, address=f"192.0.2.{number}"))

    assert [page.status_code for page in pages] == [429, 429]
    first, second = (_without_csrf_token(page.content.decode()) for page in pages)
    assert first == second


def _without_csrf_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_password_pages_are_the_sites_own_not_the_admins(client):
    page = client.get(reverse("password_reset")).content.decode()
    assert "Set or reset your password" in page and "Django site admin" not in page
    assert "In an emergency, call 911." in page


def test_a_page_opened_within_the_minute_does_not_rewrite_the_session(client, chair):
    _sign_in(client, "chair.high", PASSWORD)
    client.get(reverse("home"))
    before = _expire_date(client)

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("portal:mine"))

    assert _expire_date(client) == before
    assert not [
        q for q in queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]
    ]


def test_a_page_opened_a_minute_later_slides_the_deadline(client, chair):
    _sign_in(client, "chair.high", PASSWORD)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(hours=8, minutes=-2)
    )

    client.get(reverse("portal:mine"))

    assert _expire_date(client) - timezone.now() > datetime.timedelta(hours=7, minutes=59)
