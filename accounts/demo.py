"""The demo's integration: Westport's facilities work-order system, as a service account.

Called by the ``seed_demo`` command last, once every feature has made its records. The
account holds the district safety administrator's role (work orders come from every
school), has one token (its key is printed once, when it is made: the demo's README
example calls the API with it) and one webhook, to an https address on this machine
where nothing listens, so its deliveries show on the account's page waiting to be tried
again. Idempotent: an account already there is left as it is, and no key is printed.
"""

from django.db import transaction

from accounts import services
from accounts.models import User
from committees import access
from committees.models import District
from followups.models import ActionItem, WorkCategory
from notifications import services as outbox
from notifications.models import WebhookEvent

NAME = "Facilities work orders"
ENDPOINT = "https://127.0.0.1:8443/work-orders/hooks/safety-portal"
EVENTS = [
    WebhookEvent.ACTION_ITEM_CREATED,
    WebhookEvent.ACTION_ITEM_ASSIGNED,
    WebhookEvent.ACTION_ITEM_STATUS_CHANGED,
    WebhookEvent.INCIDENT_REPORTED,
]


@transaction.atomic
def seed(*, district_slug: str) -> str | None:
    """Make the integration if it is not there; the new token's key, or None."""
    district = District.objects.get(slug=district_slug)
    if services.service_accounts_of(district.pk).filter(first_name=NAME).exists():
        return None
    admin = (
        User.objects.filter(district=district, is_district_admin=True, is_service_account=False)
        .order_by("pk")
        .first()
    )
    account = services.service_account_create(
        district=district, name=NAME, role=services.DISTRICT_ROLE, by=admin
    )
    _token, key = services.api_token_create(
        user=account, name="Work-order sync", days=365, by=admin
    )
    services.webhook_register(account=account, url=ENDPOINT, events=EVENTS, by=admin)
    # A few deliveries to show: the facilities items it would have been told of.
    items = access.visible(account, ActionItem.objects.filter(category=WorkCategory.FACILITIES))
    for item in items.order_by("pk")[:3]:
        outbox.webhook_emit(
            district_id=district.pk, event=WebhookEvent.ACTION_ITEM_CREATED, subject=item
        )
    return key
