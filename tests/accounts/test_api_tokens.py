"""Personal API tokens: made and revoked on the person's own page, the key shown once and
kept only as a digest; a call with one is its owner's, exactly, through the gate, and is
refused at once when the token is revoked or expired or its owner's access ends."""

import datetime

import pytest
import yaml
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from knox.crypto import hash_token

from accounts import services
from accounts.models import ApiToken, User
from committees import access
from committees.models import District, Level, Membership
from committees.services import membership_end
from followups.models import ActionItem

pytestmark = pytest.mark.django_db

LIST = "/api/v1/action-items/"
PAGE = "/accounts/tokens/"


def _made_on_the_page(client, name="Work-order sync", days=90) -> str:
    response = client.post(PAGE, {"name": name, "days": days})
    assert response.status_code == 200
    return response.context["key"]


def _caller(key: str) -> Client:
    """A script: no session cookie, only the token."""
    return Client(headers={"Authorization": f"Token {key}"})


def _key_of(person, days=90) -> str:
    _token, key = services.api_token_create(user=person, name="Script", days=days)
    return key


def _all_ids(client, url=LIST) -> set[int]:
    ids, params = set(), {}
    while url:
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        ids |= {row["id"] for row in response.json()["results"]}
        url, params = response.json()["next"], {}
    return ids


def _visible_ids(person) -> set[int]:
    return set(access.visible(person, ActionItem.objects.all()).values_list("pk", flat=True))


def test_the_page_makes_a_token_and_shows_its_key_once(cast, login):
    client = login(cast.chair)
    response = client.post(PAGE, {"name": "Work-order sync", "days": 90})
    key = response.context["key"]
    assert key and key in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=cast.chair)
    assert token.name == "Work-order sync"
    expected = timezone.now() + datetime.timedelta(days=90)
    assert abs(token.expiry - expected) < datetime.timedelta(minutes=1)
    again = client.get(PAGE).content.decode()
    assert "Work-order sync" in again and key not in again and token.digest not in again


def test_the_stored_row_holds_no_key_in_clear(cast, login):
    key = _made_on_the_page(login(cast.chair))
    token = ApiToken.objects.get(user=cast.chair)
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not any(key in str(value) for value in row.values())
    assert token.digest == hash_token(key) and key.startswith(token.token_key)
    assert len(token.token_key) < len(key) // 4


@pytest.mark.parametrize("days", [30, 90, 365])
def test_a_token_lasts_the_time_chosen(cast, login, days):
    _made_on_the_page(login(cast.chair), days=days)
    token = ApiToken.objects.get(user=cast.chair)
    lifetime = token.expiry - token.created
    assert abs(lifetime - datetime.timedelta(days=days)) < datetime.timedelta(minutes=1)


@pytest.mark.parametrize("days", ["", "0", "1000"])
def test_no_token_without_a_chosen_expiry(cast, login, days):
    response = login(cast.chair).post(PAGE, {"name": "For ever", "days": days})
    assert response.context["key"] is None and response.context["form"].errors["days"]
    assert not ApiToken.objects.filter(user=cast.chair).exists()


def test_a_token_sees_exactly_what_the_gate_shows_its_owner(cast):
    for role in ("parent", "chair", "stranger", "other_admin", "outsider"):
        person = cast.people[role]
        assert _all_ids(_caller(_key_of(person))) == _visible_ids(person), role


def test_an_ended_membership_shows_through_the_token_only_what_the_gate_shows_now(cast):
    caller = _caller(_key_of(cast.staff))
    item = cast.items[("high", Level.COMMITTEE)]
    detail = reverse("api:action-item-detail", args=[item.pk])
    assert item.pk in _all_ids(caller) and caller.get(detail).status_code == 200
    membership_end(membership=Membership.objects.get(committee=cast.high, user=cast.staff))
    assert _all_ids(caller) == _visible_ids(cast.staff)
    assert item.pk not in _all_ids(caller) and caller.get(detail).status_code == 404


def _refused(response) -> bool:
    return response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_a_revoked_token_is_refused_at_once(cast, login):
    client = login(cast.chair)
    key = _made_on_the_page(client)
    caller = _caller(key)
    assert caller.get(LIST).status_code == 200
    token = ApiToken.objects.get(user=cast.chair)
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302 and not ApiToken.objects.filter(pk=token.pk).exists()
    assert _refused(caller.get(LIST))
    assert list(client.get(PAGE).context["tokens"]) == []


def test_an_expired_token_is_refused(cast):
    caller = _caller(_key_of(cast.chair))
    ApiToken.objects.filter(user=cast.chair).update(expiry=timezone.now())
    assert _refused(caller.get(LIST))


def test_the_token_of_a_person_who_may_no_longer_sign_in_is_refused_at_once(cast):
    caller = _caller(_key_of(cast.chair))
    assert caller.get(LIST).status_code == 200
    User.objects.filter(pk=cast.chair.pk).update(is_active=False)
    assert _refused(caller.get(LIST))


def test_a_made_up_key_and_no_key_are_refused(cast):
    key = _key_of(cast.chair)
    assert _refused(_caller(key[:-1] + ("a" if key[-1] != "a" else "b")).get(LIST))
    assert _refused(Client().get(LIST))


def _token_updates(caller) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert caller.get(LIST).status_code == 200
    return sum('UPDATE "accounts_apitoken"' in q["sql"] for q in queries.captured_queries)


def test_the_last_use_is_recorded_at_most_once_a_minute(cast):
    caller = _caller(_key_of(cast.chair))
    token = ApiToken.objects.get(user=cast.chair)
    assert token.last_used_at is None
    assert _token_updates(caller) == 1
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert timezone.now() - first < datetime.timedelta(seconds=10)
    assert _token_updates(caller) == 0
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    assert _token_updates(caller) == 1
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first


def test_nobody_sees_or_revokes_another_persons_token(cast, login):
    theirs = cast.api_token  # the outsider's
    client = login(cast.district_admin)
    page = client.get(PAGE)
    assert list(page.context["tokens"]) == [] and theirs.name not in page.content.decode()
    response = client.post(reverse("accounts:token_revoke", args=[theirs.pk]))
    assert response.status_code == 404 and ApiToken.objects.filter(pk=theirs.pk).exists()


def test_answers_to_a_token_are_private_and_never_a_stored_public_page(cast):
    """Scripts send no session cookie, as the public pages' anonymous readers: each still
    gets their own answer, never kept by any cache."""
    for role in ("chair", "parent", "chair"):
        person = cast.people[role]
        response = _caller(_key_of(person)).get(LIST)
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        assert {row["id"] for row in response.json()["results"]} == _visible_ids(person)


def test_the_page_is_for_the_signed_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_schema_tells_how_to_send_a_token(client):
    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    schemes = schema["components"]["securitySchemes"].values()
    header = {"type": "apiKey", "in": "header", "name": "Authorization"}
    assert any(header.items() <= s.items() and '"Token"' in s["description"] for s in schemes)


def test_a_token_gets_the_very_answer_of_its_owners_session(cast, login):
    """The same rows, times in the district's zone, and so the same ETag."""
    District.objects.filter(pk=cast.district.pk).update(time_zone="America/Los_Angeles")
    url = reverse("api:action-item-detail", args=[cast.items[("high", Level.RESTRICTED)].pk])
    by_token = _caller(_key_of(cast.chair)).get(url)
    by_session = login(cast.chair).get(url)
    assert by_token.status_code == by_session.status_code == 200
    assert by_token.content == by_session.content and by_token["ETag"] == by_session["ETag"]
