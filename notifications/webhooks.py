"""Webhooks: events told to a district's integrations, through the outbox.

A change writes its deliveries in its own transaction
(``notifications.services.webhook_emit``: one row for each of the district's webhooks
that chose the event); after the commit a task per row sends
it, and the beat's sweep sends whatever that did not (broker down, endpoint failing).
A row is claimed with ``select_for_update(skip_locked=True)`` and marked once, so a
retried task never sends twice; an endpoint that fails (no answer, or not a 2xx) is
tried again after ``BACKOFF``, ``MAX_ATTEMPTS`` times in all.

What a delivery carries is decided when it is sent, by the builder its feature
registered for the event (``registry.webhook_register``), as the webhook's service
account, through the gate: a record the account may not see is not told at all, and a
restricted one by its kind and id only. Each delivery is signed (``sign``) with the
webhook's secret: HMAC-SHA256 over the timestamp, a dot and the raw body
(docs/api.md, "Webhooks", says how to check it). The outbox imports no feature; the
records are found by their label.
"""

import datetime
import hashlib
import hmac
import http.client
import json
import logging
import secrets
import ssl
import time
import urllib.error
import urllib.request

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from notifications import registry
from notifications.content import Skip
from notifications.delivery import BACKOFF, MAX_ATTEMPTS
from notifications.models import Webhook, WebhookDelivery

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Safety-Portal-Signature"
TIMESTAMP_HEADER = "X-Safety-Portal-Timestamp"
EVENT_HEADER = "X-Safety-Portal-Event"
DELIVERY_HEADER = "X-Safety-Portal-Delivery"
# Seconds an endpoint has to answer; a sweep stops starting deliveries after SWEEP_SECONDS.
TIMEOUT = 10
SWEEP_SECONDS = 40


# --- the secret and the signature ----------------------------------------------------------


def new_salt() -> str:
    return secrets.token_hex(32)


def secret_of(webhook: Webhook) -> str:
    """The webhook's signing secret: derived from its salt and the site's SECRET_KEY, so
    that the database alone holds no secret (changing SECRET_KEY changes every one)."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"webhook:{webhook.salt}".encode(), hashlib.sha256
    ).hexdigest()
    return f"spwh_{digest}"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the hex HMAC-SHA256, keyed with the
    secret, of the timestamp, a dot and the raw body."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


# --- sending --------------------------------------------------------------------------------


def deliver(*, delivery_id: int) -> str:
    """Send one row if it is still pending and due; a second call does nothing."""
    with transaction.atomic():
        row = _claim().filter(pk=delivery_id).first()
        if row is None:
            return "nothing to do"
        return _attempt(row)


def sweep(*, limit: int | None = None, seconds: float = SWEEP_SECONDS) -> int:
    """Send what is pending and due, one row per transaction, until none is left, ``limit``
    rows are handled or ``seconds`` have passed; how many rows were handled."""
    deadline = time.monotonic() + seconds
    handled = 0
    while time.monotonic() < deadline and (limit is None or handled < limit):
        with transaction.atomic():
            row = _claim().order_by("next_attempt_at", "id").first()
            if row is None:
                break
            _attempt(row)
            handled += 1
    return handled


def _claim():
    return (
        WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("webhook__account__district", "webhook__district")
        .filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=timezone.now())
    )


def _attempt(row: WebhookDelivery) -> str:
    try:
        body = payload(row)
    except Skip as skip:
        row.status, row.reason = WebhookDelivery.Status.SKIPPED, str(skip)[:200]
        row.save(update_fields=["status", "reason"])
        return row.status
    except Exception as error:  # a bug does not mend by retrying: show it on the page
        logger.exception("Could not compose webhook delivery %s", row.pk)
        return _fail(row, error, final=True)
    try:
        row.response_status = _post(row, body)
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
        return _fail(row, error)
    if not 200 <= row.response_status < 300:
        return _fail(row, RuntimeError(f"the endpoint answered {row.response_status}"))
    row.attempts += 1
    row.status, row.sent_at, row.last_error = WebhookDelivery.Status.SENT, timezone.now(), ""
    row.save(update_fields=["status", "sent_at", "attempts", "response_status", "last_error"])
    return row.status


def payload(row: WebhookDelivery) -> bytes:
    """The body of a delivery, as the webhook's service account may see it now."""
    webhook = row.webhook
    account = webhook.account
    if webhook.removed_at is not None:
        raise Skip("the webhook was removed")
    if not account.is_active or not account.is_service_account:
        raise Skip("the service account no longer holds a role")
    model = apps.get_model(row.subject_type)
    record = model._default_manager.filter(pk=row.subject_id).first()
    if record is None:
        raise Skip("the record no longer exists")
    data = registry.webhook_builder_for(row.event)(record, account)
    document = {
        "id": row.pk,
        "event": row.event,
        "occurred_at": row.occurred_at.astimezone(datetime.UTC).isoformat(),
        "district": webhook.district.slug,
        "data": data,
    }
    return json.dumps(document, separators=(",", ":"), sort_keys=True).encode()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """An endpoint answers where it was registered: a redirect is a failure, never
    followed (it could lead off the https address the administrator gave)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _post(row: WebhookDelivery, body: bytes) -> int:
    """POST the body to the endpoint, signed; the HTTP status it answered."""
    webhook = row.webhook
    if not webhook.url.startswith("https://"):
        raise ValueError("the address is not https")
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 (https only, checked above)
        webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "SafetyPortal-Webhooks/1",
            SIGNATURE_HEADER: sign(secret_of(webhook), timestamp, body),
            TIMESTAMP_HEADER: str(timestamp),
            EVENT_HEADER: row.event,
            DELIVERY_HEADER: str(row.pk),
        },
    )
    context = ssl.create_default_context(cafile=settings.WEBHOOK_CA_FILE)
    opener = urllib.request.build_opener(
        _NoRedirects(), urllib.request.HTTPSHandler(context=context)
    )
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            return response.status
    except urllib.error.HTTPError as answer:  # 3xx (not followed), 4xx, 5xx
        return answer.code


def _fail(row: WebhookDelivery, error: Exception, *, final: bool | None = None) -> str:
    """Count a failed attempt; final when composing failed or the attempts are spent."""
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:300]
    if final is None:
        final = row.attempts >= MAX_ATTEMPTS
    if final:
        row.status = WebhookDelivery.Status.FAILED
    else:
        wait = BACKOFF[min(row.attempts, len(BACKOFF)) - 1]
        row.next_attempt_at = timezone.now() + datetime.timedelta(seconds=wait)
    row.save(
        update_fields=["status", "attempts", "last_error", "next_attempt_at", "response_status"]
    )
    return row.status if final else "retry"


# --- what an account's page shows ----------------------------------------------------------


def latest_deliveries(account, n: int = 20) -> list[WebhookDelivery]:
    """The account's latest ``n`` deliveries over all its webhooks (removed ones too),
    newest first, each with its webhook: the latest ``n`` of each webhook, each read in
    order from the index that starts with the webhook, then the newest ``n`` of those.
    Asked at once, PostgreSQL read every delivery of the account's webhooks to sort
    them: a year of a busy integration is hundreds of thousands."""
    newest = ("-occurred_at", "-id")
    hooks = {hook.pk: hook for hook in Webhook.objects.filter(account=account)}
    deliveries = WebhookDelivery.objects.order_by(*newest)
    # SQLite (the demo) cannot cut the parts of a UNION: its few deliveries are read at once.
    if len(hooks) < 2 or not connection.features.supports_slicing_ordering_in_compound:
        latest = list(deliveries.filter(webhook_id__in=hooks)[:n])
    else:
        first, *rest = (deliveries.filter(webhook_id=pk)[:n] for pk in hooks)
        latest = list(first.union(*rest, all=True).order_by(*newest)[:n])
    for delivery in latest:
        delivery.webhook = hooks[delivery.webhook_id]
    return latest
