"""Webhooks: a district's integration is told of events at its HTTPS endpoint, signed,
through the outbox, with what its service account may see and nothing more.

The endpoint is a real HTTPS server on this machine (a thread of http.server, with a
certificate made for the test and trusted through ``WEBHOOK_CA_FILE``): the deliveries
go over the network as they would to the work-order system, and nothing leaves it.
"""

import datetime
import hashlib
import hmac
import json
import re
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import services as accounts
from committees.models import Level
from followups import services as followups
from incidents import services as incidents
from notifications import services as outbox
from notifications import webhooks
from notifications.models import Webhook, WebhookDelivery, WebhookEvent
from publishing import services as publishing
from safety_portal.celery import app
from tests.helpers import plan_without_seqscan

pytestmark = pytest.mark.django_db

EVERY_EVENT = list(WebhookEvent.values)


def verify(secret: str, headers: dict, body: bytes, tolerance: int = 300) -> bool:
    """What an endpoint does with a delivery, as docs/api.md says: the HMAC-SHA256 of the
    timestamp, a dot and the raw body, keyed with the secret, compared in constant time,
    and a timestamp no older than a few minutes (a replayed delivery is refused)."""
    timestamp = headers["x-safety-portal-timestamp"]
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    signed = hmac.compare_digest(f"sha256={mac.hexdigest()}", headers["x-safety-portal-signature"])
    return signed and abs(time.time() - int(timestamp)) <= tolerance


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(  # noqa: S603
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]  # noqa: S607
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    return key, cert


class Endpoint:
    """What the integration's server received, and the statuses it is to answer."""

    def __init__(self):
        self.received: list[tuple[dict, bytes]] = []
        self.answers: list[int] = []  # then 200
        self.url = ""

    def bodies(self) -> list[dict]:
        return [json.loads(body) for _headers, body in self.received]


@pytest.fixture
def endpoint(certificate, settings):
    key, cert = certificate
    state = Endpoint()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(state.answers.pop(0) if state.answers else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WEBHOOK_CA_FILE = str(cert)
    state.url = f"https://127.0.0.1:{server.server_port}/hooks/safety"
    yield state
    server.shutdown()
    server.server_close()


def _integration(cast, url, role=None, events=EVERY_EVENT):
    """A service account holding the high school's administrator role, and its webhook."""
    account = accounts.service_account_create(
        district=cast.district,
        name="Facilities work orders",
        role=role or f"building:{cast.high.building.pk}",
        by=cast.district_admin,
    )
    hook, secret = accounts.webhook_register(
        account=account, url=url, events=events, by=cast.district_admin
    )
    return account, hook, secret


def _deliver_all(hook) -> list[str]:
    return [
        webhooks.deliver(delivery_id=pk)
        for pk in WebhookDelivery.objects.filter(webhook=hook)
        .order_by("pk")
        .values_list("pk", flat=True)
    ]


def test_a_new_item_is_told_signed_with_what_the_account_may_see(cast, endpoint):
    _account, hook, secret = _integration(cast, endpoint.url)
    item = followups.action_item_create(
        committee=cast.high, title="Replace the east door closer", by=cast.chair
    )
    assert _deliver_all(hook) == ["sent"]
    [(headers, body)] = endpoint.received
    assert verify(secret, headers, body)
    other = secret[:-1] + ("1" if secret.endswith("0") else "0")  # another secret, always
    assert not verify(other, headers, body)
    assert headers["x-safety-portal-event"] == "action_item.created"
    document = json.loads(body)
    assert headers["x-safety-portal-delivery"] == str(document["id"])
    assert document["event"] == "action_item.created" and document["district"] == "westport"
    data = document["data"]
    assert data["type"] == "action_item" and data["id"] == item.pk and not data["restricted"]
    assert data["title"] == "Replace the east door closer" and data["status"] == "open"
    row = WebhookDelivery.objects.get(webhook=hook)
    assert row.status == "sent" and row.attempts == 1 and row.response_status == 200


def test_a_restricted_item_is_told_by_kind_and_id_only(cast, endpoint):
    _account, hook, secret = _integration(cast, endpoint.url)
    item = cast.items[("high", Level.RESTRICTED)]
    followups.action_item_set_status(item=item, status="in_progress", by=cast.chair)
    followups.action_item_assign(item=item, assignee=cast.secretary, by=cast.chair)
    assert _deliver_all(hook) == ["sent", "sent"]
    for headers, body in endpoint.received:
        assert verify(secret, headers, body)
        assert item.title.encode() not in body and item.description.encode() not in body
    assert [d["event"] for d in endpoint.bodies()] == [
        "action_item.status_changed",
        "action_item.assigned",
    ]
    told = {"type": "action_item", "id": item.pk, "restricted": True}
    assert [d["data"] for d in endpoint.bodies()] == [told, told]


def test_what_the_account_may_not_see_is_not_told_at_all(cast, endpoint):
    _account, hook, _secret = _integration(cast, endpoint.url)  # the high school's
    followups.action_item_create(
        committee=cast.middle, title="Cedar Point fence", by=cast.district_admin
    )
    assert _deliver_all(hook) == ["skipped"]
    assert endpoint.received == []
    row = WebhookDelivery.objects.get(webhook=hook)
    assert "may not see" in row.reason


def test_an_endpoint_that_fails_is_tried_again_later_and_the_retry_is_signed_afresh(cast, endpoint):
    _account, hook, secret = _integration(cast, endpoint.url)
    endpoint.answers = [500]
    followups.action_item_create(committee=cast.high, title="Paint the crosswalk", by=cast.chair)
    row = WebhookDelivery.objects.get(webhook=hook)
    assert webhooks.deliver(delivery_id=row.pk) == "retry"
    row.refresh_from_db()
    assert row.status == "pending" and row.attempts == 1 and row.response_status == 500
    wait = row.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < wait <= datetime.timedelta(seconds=outbox.BACKOFF[0])
    assert webhooks.sweep() == 0  # not due yet
    WebhookDelivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert webhooks.sweep() == 1
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 2 and row.response_status == 200
    first, second = endpoint.received
    assert first[1] == second[1]  # the same delivery, once more
    assert all(verify(secret, headers, body) for headers, body in endpoint.received)
    assert webhooks.deliver(delivery_id=row.pk) == "nothing to do"
    assert len(endpoint.received) == 2


def test_it_gives_up_after_the_last_attempt_and_says_so_on_the_page(cast, endpoint, login):
    account, hook, _secret = _integration(cast, endpoint.url)
    endpoint.answers = [503] * outbox.MAX_ATTEMPTS
    followups.action_item_create(committee=cast.high, title="Fix the bell", by=cast.chair)
    row = WebhookDelivery.objects.get(webhook=hook)
    outcomes = []
    for _attempt in range(outbox.MAX_ATTEMPTS):
        WebhookDelivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        outcomes.append(webhooks.deliver(delivery_id=row.pk))
    assert outcomes == ["retry"] * (outbox.MAX_ATTEMPTS - 1) + ["failed"]
    row.refresh_from_db()
    assert row.status == "failed" and row.attempts == outbox.MAX_ATTEMPTS
    page = login(cast.district_admin).get(reverse("accounts:service_account", args=[account.pk]))
    assert "Failed" in page.content.decode() and "503" in page.content.decode()


def test_an_unreachable_endpoint_is_tried_again(cast, settings):
    _account, hook, _secret = _integration(cast, "https://127.0.0.1:9/hooks")
    followups.action_item_create(committee=cast.high, title="Fix the gate", by=cast.chair)
    assert _deliver_all(hook) == ["retry"]
    row = WebhookDelivery.objects.get(webhook=hook)
    assert row.status == "pending" and row.attempts == 1 and row.last_error


def test_an_incident_is_told_without_its_words_and_a_published_update_with_its_own(cast, endpoint):
    _account, hook, _secret = _integration(cast, endpoint.url)
    incidents.incident_report(
        building=cast.high.building,
        occurred_at=timezone.now(),
        area="Gym lobby",
        kind="facility_hazard",
        severity="moderate",
        description="The gym lobby door does not latch; Jordan hurt a wrist.",
        by=cast.staff,
    )
    publishing.update_publish(update=cast.updates["draft"], by=cast.chair)
    assert _deliver_all(hook) == ["sent", "sent"]
    incident, update = endpoint.bodies()
    assert incident["event"] == "incident.reported"
    assert incident["data"]["type"] == "incident" and incident["data"]["kind"] == "facility_hazard"
    assert "latch" not in json.dumps(incident) and "Jordan" not in json.dumps(incident)
    assert update["event"] == "update.published"
    assert update["data"]["title"] == cast.updates["draft"].title
    assert update["data"]["url"].endswith(f"/updates/{cast.updates['draft'].pk}/")


def test_only_the_events_chosen_are_told(cast, endpoint):
    _account, hook, _secret = _integration(cast, endpoint.url, events=["incident.reported"])
    followups.action_item_create(committee=cast.high, title="Not told", by=cast.chair)
    assert not WebhookDelivery.objects.filter(webhook=hook).exists()


def test_a_removed_webhook_and_a_retired_account_are_told_nothing_more(cast, endpoint):
    account, hook, _secret = _integration(cast, endpoint.url)
    followups.action_item_create(committee=cast.high, title="Pending one", by=cast.chair)
    accounts.webhook_remove(webhook=hook, by=cast.district_admin)
    followups.action_item_create(committee=cast.high, title="After removal", by=cast.chair)
    assert _deliver_all(hook) == ["skipped"]
    hook2, _secret2 = accounts.webhook_register(
        account=account, url=endpoint.url, events=EVERY_EVENT, by=cast.district_admin
    )
    followups.action_item_create(committee=cast.high, title="Before retiring", by=cast.chair)
    accounts.service_account_retire(account=account, by=cast.district_admin)
    followups.action_item_create(committee=cast.high, title="After retiring", by=cast.chair)
    assert _deliver_all(hook2) == ["skipped"]
    assert endpoint.received == []


def test_deliveries_are_sent_after_the_commit(cast, django_capture_on_commit_callbacks):
    _account, hook, _secret = _integration(cast, "https://workorders.example.org/hooks")
    with django_capture_on_commit_callbacks() as callbacks:
        followups.action_item_create(committee=cast.high, title="After commit", by=cast.chair)
    sent = [c for c in callbacks if getattr(c, "func", None) is outbox.webhooks_enqueue]
    assert [c.args for c in sent] == [
        (list(WebhookDelivery.objects.filter(webhook=hook).values_list("pk", flat=True)),)
    ]


def test_only_https_addresses_are_registered(cast, login):
    account = accounts.service_account_create(
        district=cast.district,
        name="Facilities work orders",
        role="district",
        by=cast.district_admin,
    )
    page = reverse("accounts:service_account", args=[account.pk])
    response = login(cast.district_admin).post(
        page,
        {"url": "http://workorders.example.org/hooks", "events": EVERY_EVENT, "make_webhook": "1"},
    )
    assert response.status_code == 200 and response.context["secret"] is None
    assert "Give an https:// address" in response.content.decode()
    assert not Webhook.objects.exists()


def test_the_secret_is_shown_once_and_never_kept(cast, login):
    account = accounts.service_account_create(
        district=cast.district,
        name="Facilities work orders",
        role="district",
        by=cast.district_admin,
    )
    client = login(cast.district_admin)
    page = reverse("accounts:service_account", args=[account.pk])
    url = "https://workorders.example.org/hooks/safety"
    response = client.post(page, {"url": url, "events": EVERY_EVENT, "make_webhook": "1"})
    secret = response.context["secret"]
    assert secret and secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    hook = Webhook.objects.get(account=account)
    assert webhooks.secret_of(hook) == secret
    again = client.get(page).content.decode()
    assert url in again and secret not in again
    row = Webhook.objects.filter(pk=hook.pk).values().get()
    assert not any(secret.removeprefix("spwh_") in str(value) for value in row.values())


def test_an_https_address_is_kept_as_the_deliveries_send_to_it(cast):
    account = accounts.service_account_create(
        district=cast.district,
        name="Facilities work orders",
        role="district",
        by=cast.district_admin,
    )
    for address in ("ftp://workorders.example.org/hooks", " http://workorders.example.org/x"):
        with pytest.raises(ValidationError, match="https://"):
            accounts.webhook_register(
                account=account, url=address, events=EVERY_EVENT, by=cast.district_admin
            )
    hook, _secret = accounts.webhook_register(
        account=account,
        url="HTTPS://workorders.example.org/hooks",
        events=EVERY_EVENT,
        by=cast.district_admin,
    )
    assert hook.url == "https://workorders.example.org/hooks"


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_a_real_worker_delivers_an_item_made_on_a_page(cast, login, endpoint):
    """Through Redis: the page's request writes the delivery, the worker sends it."""
    assert not app.conf.task_always_eager, "the worker, not the request, must send it"
    _account, hook, secret = _integration(cast, endpoint.url)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        response = login(cast.chair).post(
            reverse("followups:item_new", args=[cast.high.pk]),
            {"title": "Reseal the science lab window", "visibility": "committee"}
            | {"priority": "medium", "category": "facilities", "source": "none"},
        )
        assert response.status_code == 302, response.content
        deadline = time.monotonic() + 20
        while not endpoint.received and time.monotonic() < deadline:
            time.sleep(0.1)
    [(headers, body)] = endpoint.received
    assert verify(secret, headers, body)
    assert json.loads(body)["data"]["title"] == "Reseal the science lab window"
    assert WebhookDelivery.objects.get(webhook=hook).status == "sent"


def _hook(cast, account, url):
    return accounts.webhook_register(
        account=account, url=url, events=EVERY_EVENT, by=cast.district_admin
    )


def test_an_accounts_page_shows_its_latest_deliveries_over_all_its_webhooks(cast, login):
    """Newest first over the account's webhooks, a removed one's too, and none of another
    account's; each webhook's read in order from its own index: a busy integration is
    told hundreds of thousands of events a year, and the page shows twenty."""
    account, old, _secret = _integration(cast, "https://orders.example.org/old")
    accounts.webhook_remove(webhook=old, by=cast.district_admin)
    new, _secret = _hook(cast, account, "https://orders.example.org/new")
    other = accounts.service_account_create(
        district=cast.district,
        name="Bus routes",
        role=f"building:{cast.high.building.pk}",
        by=cast.district_admin,
    )
    other_hook, _secret = _hook(cast, other, "https://routes.example.org/hook")
    now = timezone.now()

    def told(hook, first: int, minutes: int) -> WebhookDelivery:
        return WebhookDelivery(
            webhook=hook,
            event=WebhookEvent.ACTION_ITEM_CREATED,
            subject_type="followups.actionitem",
            subject_id=first,
            occurred_at=now - datetime.timedelta(minutes=minutes),
            status=WebhookDelivery.Status.SENT,
        )

    WebhookDelivery.objects.bulk_create(
        [told(new, 1000 + n, 2 * n) for n in range(30)]
        + [told(old, 2000 + n, 2 * n + 1) for n in range(30)]
        + [told(other_hook, 9000 + n, 0) for n in range(5)]
    )
    with CaptureQueriesContext(connection) as queries:
        page = login(cast.district_admin).get(
            reverse("accounts:service_account", args=[account.pk])
        )
    shown = re.findall(r"<td>#(\d+)</td>", page.content.decode())
    assert shown == [str(first + n) for n in range(10) for first in (1000, 2000)]
    # Each says where it went: the live address, or the removed one's, marked so.
    went = re.findall(r"<td><code>(\S+)</code>( \(Removed\))?</td>\s*<td>#", page.content.decode())
    assert (
        went
        == [
            ("https://orders.example.org/new", ""),
            ("https://orders.example.org/old", " (Removed)"),
        ]
        * 10
    )
    # The webhooks are read for the table and once for the deliveries, never per row.
    assert sum('FROM "notifications_webhook"' in q["sql"] for q in queries) == 2
    [read] = [q["sql"] for q in queries if "notifications_webhookdelivery" in q["sql"]]
    assert plan_without_seqscan(read, None).count("webhook_delivery_latest") == 2
