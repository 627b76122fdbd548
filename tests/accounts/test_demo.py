"""The demo's integration: Westport's facilities work orders, as a service account with a
token (its key printed once) and a webhook with a few deliveries."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import ApiToken, User
from committees import access
from followups.models import ActionItem
from notifications.models import Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_integration_whose_printed_token_calls_the_api(settings):
    settings.DEBUG = True  # as `make demo` runs it
    out = StringIO()
    call_command("seed_demo", stdout=out)
    account = User.objects.get(first_name="Facilities work orders", is_service_account=True)
    assert account.district.slug == "westport" and account.is_district_admin
    assert not account.has_usable_password() and not account.email
    [key] = re.findall(r"export SAFETY_PORTAL_TOKEN=(\S+)", out.getvalue())
    assert ApiToken.objects.filter(user=account).count() == 1
    caller = Client(headers={"Authorization": f"Token {key}"})
    response = caller.get("/api/v1/action-items/", {"page_size": 200})
    assert response.status_code == 200
    seen = {row["id"] for row in response.json()["results"]}
    assert seen <= set(access.visible(account, ActionItem.objects.values_list("pk", flat=True)))
    hook = Webhook.objects.get(account=account)
    assert hook.url.startswith("https://") and "action_item.created" in hook.events
    assert 0 < WebhookDelivery.objects.filter(webhook=hook).count() <= 3
