"""Service accounts: a district's integrations, made by its safety administrators.

One holds a named role (the district's safety administrator, or a school's); its tokens
carry that role's rights exactly, through the gate. It never signs in and gets no
e-mail. Its tokens, like everyone's, are made and revoked on record in the audit trail.
"""

import pytest
from auditlog import get_logentry_model
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services
from accounts.models import ApiToken, User
from committees import access
from committees.models import Level
from followups import services as followups
from followups.models import ActionItem
from notifications import delivery
from notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db

LIST = "/api/v1/action-items/"
PAGE = reverse("accounts:service_accounts")


def _made_on_the_page(client, name="Facilities work orders", role="district") -> User:
    response = client.post(PAGE, {"name": name, "role": role})
    assert response.status_code == 302, response.content
    return User.objects.get(first_name=name, is_service_account=True)


def _key_on_the_page(client, account, name="Work-order sync") -> str:
    page = reverse("accounts:service_account", args=[account.pk])
    response = client.post(page, {"name": name, "days": 90, "make_token": "1"})
    assert response.status_code == 200
    return response.context["key"]


def _caller(key: str) -> Client:
    return Client(headers={"Authorization": f"Token {key}"})


def _all_ids(client) -> set[int]:
    ids, url = set(), LIST
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        ids |= {row["id"] for row in response.json()["results"]}
        url = response.json()["next"]
    return ids


def _visible_ids(person) -> set[int]:
    return set(access.visible(person, ActionItem.objects.all()).values_list("pk", flat=True))


def _entries(**lookup):
    return get_logentry_model().objects.filter(**lookup)


def test_a_district_administrator_makes_a_service_account_that_cannot_sign_in(cast, login):
    client = login(cast.district_admin)
    account = _made_on_the_page(client)
    assert account.district == cast.district and account.is_district_admin
    assert not account.has_usable_password() and not account.email and not account.is_staff
    listed = client.get(PAGE).content.decode()
    assert "Facilities work orders" in listed and "District safety administrator" in listed
    # Neither a password nor a session gets it in.
    signing_in = Client().post(reverse("login"), {"username": account.username, "password": ""})
    assert signing_in.status_code == 200 and "_auth_user_id" not in signing_in.client.session
    session = Client()
    session.force_login(account)
    assert session.get(reverse("portal:mine")).status_code == 302  # to the sign-in page
    made = _entries(object_id=account.pk, content_type__model="user", action=0).get()
    assert made.actor == cast.district_admin and made.district_id == cast.district.pk


def test_its_token_carries_its_role_exactly_through_the_gate(cast, login):
    client = login(cast.district_admin)
    school = cast.high.building
    account = _made_on_the_page(client, name="High school doors", role=f"building:{school.pk}")
    assert list(account.administered_buildings.all()) == [school]
    key = _key_on_the_page(client, account)
    seen = _all_ids(_caller(key))
    assert seen == _visible_ids(account) == _visible_ids(cast.principal)
    assert cast.items[("high", Level.RESTRICTED)].pk in seen
    assert cast.items[("middle", Level.COMMITTEE)].pk not in seen


def test_the_key_is_shown_once_and_its_making_and_revoking_are_on_record(cast, login):
    client = login(cast.district_admin)
    account = _made_on_the_page(client)
    key = _key_on_the_page(client, account)
    page = reverse("accounts:service_account", args=[account.pk])
    response = client.get(page)
    token = ApiToken.objects.get(user=account)
    assert "Work-order sync" in response.content.decode() and key not in response.content.decode()
    made = _entries(content_type__model="apitoken", object_id=token.pk, action=0).get()
    assert made.actor == cast.district_admin and made.district_id == cast.district.pk
    caller = _caller(key)
    assert caller.get(LIST).status_code == 200
    revoke = reverse("accounts:service_token_revoke", args=[account.pk, token.pk])
    assert client.post(revoke).status_code == 302
    assert caller.get(LIST).status_code == 401
    gone = _entries(content_type__model="apitoken", object_id=token.pk, action=2).get()
    assert gone.actor == cast.district_admin and gone.district_id == cast.district.pk


def test_personal_tokens_are_made_and_revoked_on_record_too(cast, login):
    client = login(cast.chair)
    response = client.post(reverse("accounts:tokens"), {"name": "My script", "days": 30})
    assert response.context["key"]
    token = ApiToken.objects.get(user=cast.chair)
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    entries = _entries(content_type__model="apitoken", object_id=token.pk)
    assert sorted(entries.values_list("action", flat=True)) == [0, 2]
    assert {e.actor for e in entries} == {cast.chair}
    assert {e.district_id for e in entries} == {cast.district.pk}
    # The district's administrators read it in their trail.
    trail = login(cast.district_admin).get(reverse("audit:trail")).content.decode()
    assert "My script" in trail


@pytest.mark.parametrize(
    "role",
    ["parent", "staff", "chair", "principal", "outsider", "stranger", "other_admin"],
)
def test_nobody_but_the_districts_administrators_sees_or_makes_them(cast, login, role):
    account = services.service_account_create(
        district=cast.district,
        name="Westport work-order sync",
        role="district",
        by=cast.district_admin,
    )
    token, _key = services.api_token_create(
        user=account, name="Sync", days=90, by=cast.district_admin
    )
    client = login(cast.people[role])
    expected = 200 if role == "other_admin" else 403  # their own district's list: empty
    listed = client.get(PAGE)
    assert listed.status_code == expected
    assert "Westport work-order sync" not in listed.content.decode()
    made = client.post(PAGE, {"name": "Mine", "role": "district"})
    assert made.status_code == (302 if role == "other_admin" else 403)  # in their own
    assert not User.objects.filter(first_name="Mine", district=cast.district).exists()
    page = reverse("accounts:service_account", args=[account.pk])
    assert client.get(page).status_code == 404
    assert client.post(page, {"name": "x", "days": 90, "make_token": "1"}).status_code == 404
    revoke = reverse("accounts:service_token_revoke", args=[account.pk, token.pk])
    assert client.post(revoke).status_code == 404 and ApiToken.objects.filter(pk=token.pk).exists()
    retire = reverse("accounts:service_account_retire", args=[account.pk])
    assert client.post(retire).status_code == 404
    assert User.objects.get(pk=account.pk).is_active


def test_nobody_makes_a_token_for_another_person(cast):
    with pytest.raises(PermissionDenied):
        services.api_token_create(user=cast.chair, name="Theirs", days=90, by=cast.district_admin)
    assert not ApiToken.objects.filter(user=cast.chair).exists()


def test_retiring_refuses_its_tokens_at_once(cast, login):
    client = login(cast.district_admin)
    account = _made_on_the_page(client)
    caller = _caller(_key_on_the_page(client, account))
    assert caller.get(LIST).status_code == 200
    retire = reverse("accounts:service_account_retire", args=[account.pk])
    assert client.post(retire).status_code == 302
    account.refresh_from_db()
    assert not account.is_active and not account.is_district_admin
    assert caller.get(LIST).status_code == 401
    assert access.visible(account, ActionItem.objects.all()).count() == 0
    assert "Retired" in client.get(PAGE).content.decode()


def test_a_name_in_use_and_a_made_up_role_are_refused_on_the_form(cast, login):
    client = login(cast.district_admin)
    _made_on_the_page(client)
    again = client.post(PAGE, {"name": "facilities work orders", "role": "district"})
    assert "has a service account of this name" in again.content.decode()
    other_school = cast.other_committee.building
    made_up = client.post(PAGE, {"name": "Elsewhere", "role": f"building:{other_school.pk}"})
    assert made_up.status_code == 200 and made_up.context["form"].errors["role"]


def test_a_service_account_gets_no_email(cast, mailoutbox):
    account = services.service_account_create(
        district=cast.district,
        name="Facilities work orders",
        role="district",
        by=cast.district_admin,
    )
    item = followups.action_item_create(
        committee=cast.high, title="Fix the gym door closer", by=cast.chair, assignee=account
    )
    row = Notification.objects.get(recipient=account, kind=Kind.ITEM_ASSIGNED, subject_id=item.pk)
    delivery.deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert row.status == Notification.Status.SKIPPED and "service account" in row.reason
    assert mailoutbox == []


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_pages_cost_the_same_with_few_and_many_accounts_tokens_and_webhooks(cast, login):
    client = login(cast.district_admin)
    school = f"building:{cast.high.building.pk}"

    def more(n: int, start: int) -> User:
        for i in range(start, start + n):
            account = services.service_account_create(
                district=cast.district, name=f"Sync {i}", role=school, by=cast.district_admin
            )
        for i in range(n):
            services.api_token_create(
                user=account, name=f"Key {i}", days=30, by=cast.district_admin
            )
            services.webhook_register(
                account=account,
                url=f"https://sync.example.org/{i}",
                events=["incident.reported"],
                by=cast.district_admin,
            )
        return account

    few = more(1, 0)
    counts = (
        _queries(client, PAGE),
        _queries(client, reverse("accounts:service_account", args=[few.pk])),
    )
    many = more(6, 1)
    assert counts == (
        _queries(client, PAGE),
        _queries(client, reverse("accounts:service_account", args=[many.pk])),
    )
