"""The permission matrix's cases of a district's service accounts, their tokens and their
webhooks (tests/test_permission_matrix.py).

Only the district's safety administrators manage them: the list is a 403 to anyone else
signed in (another district's administrator sees their own, empty); an account of
Westport, its tokens and its webhooks are a 404 to everyone else. The webhook's secret is
planted as a canary that no role but Westport's administrator may read, and the
account's deliveries are about the cast's restricted items, whose titles are canaries:
the page names the record by its number only.
"""

from django.urls import reverse

from accounts import services
from committees.models import Level
from notifications import services as outbox
from notifications.models import WebhookEvent
from tests.conftest import Cast
from tests.matrix import Builder, Request, district_admin_pages

ENDPOINT = "https://workorders.westport.example.org/hooks/safety"


def integration(cast: Cast) -> dict:
    """Westport's work-order integration: a service account holding the district
    administrator's role, a token and a webhook with deliveries, made once per test."""
    if "integration" not in cast.__dict__:
        account = services.service_account_create(
            district=cast.district,
            name="Facilities work orders",
            role=services.DISTRICT_ROLE,
            by=cast.district_admin,
        )
        token, _key = services.api_token_create(
            user=account, name="Work-order sync", days=90, by=cast.district_admin
        )
        webhook, secret = services.webhook_register(
            account=account, url=ENDPOINT, events=WebhookEvent.values, by=cast.district_admin
        )
        for level in (Level.COMMITTEE, Level.RESTRICTED):
            outbox.webhook_emit(
                district_id=cast.district.pk,
                event=WebhookEvent.ACTION_ITEM_CREATED,
                subject=cast.items[("high", level)],
            )
        # Nobody reads the secret after it is shown: not a member, not an administrator
        # of another district (and Westport's own, tests/notifications/test_webhooks.py).
        cast.canaries[secret] = ("district_wide", Level.RESTRICTED)
        cast.__dict__["integration"] = {"account": account, "token": token, "webhook": webhook}
    return cast.__dict__["integration"]


def _status(role: str, done: int) -> int:
    if role == "anonymous":
        return 302
    return done if role == "district_admin" else 404


def service_accounts(cast: Cast, role: str, name: str) -> list[Request]:
    integration(cast)
    made = {"district_admin": 302, "other_admin": 302, "anonymous": 302}.get(role, 403)
    return [
        *district_admin_pages(cast, role, name),
        Request(
            reverse(name), made, method="post", data={"name": "Roster sync", "role": "district"}
        ),
    ]


def service_account(cast: Cast, role: str, name: str) -> list[Request]:
    url = reverse(name, args=[integration(cast)["account"].pk])
    token = {"name": "Second sync", "days": 90, "make_token": "1"}
    hook = {"url": ENDPOINT + "/2", "events": ["incident.reported"], "make_webhook": "1"}
    return [
        Request(url, _status(role, 200)),
        Request(url, _status(role, 200), method="post", data=token),
        Request(url, _status(role, 200), method="post", data=hook),
    ]


def token_revoke(cast: Cast, role: str, name: str) -> list[Request]:
    mine = integration(cast)
    url = reverse(name, args=[mine["account"].pk, mine["token"].pk])
    return [Request(url, _status(role, 302), method="post")]


def webhook_remove(cast: Cast, role: str, name: str) -> list[Request]:
    mine = integration(cast)
    url = reverse(name, args=[mine["account"].pk, mine["webhook"].pk])
    return [Request(url, _status(role, 302), method="post")]


def retire(cast: Cast, role: str, name: str) -> list[Request]:
    url = reverse(name, args=[integration(cast)["account"].pk])
    return [Request(url, _status(role, 302), method="post")]


# URL name -> the requests to make for a role, each with the status it must get (in this
# order: the account is retired last).
CASES: dict[str, Builder] = {
    "accounts:service_accounts": service_accounts,
    "accounts:service_account": service_account,
    "accounts:service_token_revoke": token_revoke,
    "accounts:webhook_remove": webhook_remove,
    "accounts:service_account_retire": retire,
}
