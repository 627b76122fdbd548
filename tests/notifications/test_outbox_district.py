"""Each message carries its district, and a district administrator's outbox is read by it.

A message's district is its addressee's (a person's, a subscriber's), or for the receipt
of a concern to its sender, the concern's school's. The admin's list of the outbox
filters on it and sorts on an index that starts with it: a statewide outbox of millions
of past messages is not read whole for one district's page.
"""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.concerns import concern_submit
from notifications import services as outbox
from notifications.models import Kind, Notification, Subscription
from safety_portal import admin as portal_admin
from tests.factories import ActionItemFactory, UserFactory
from tests.helpers import plan_without_seqscan
from tests.upgrades import latest, migrate_to

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:notifications_notification_changelist"


@pytest.fixture
def cast(cast):
    """The cast, with an empty outbox: building it announced things already."""
    Notification.objects.all().delete()
    mail.outbox = []
    return cast


def _subscriber(district, email):
    return Subscription.objects.create(email=email, district=district, token=email[:40])


def _messages(cast, n: int, *, committee, recipient, period="p"):
    item = ActionItemFactory(committee=committee)
    return outbox.write((recipient.pk, Kind.ITEM_DUE_SOON, item, f"{period}{k}") for k in range(n))


def test_every_message_belongs_to_its_addressees_district(cast):
    item = ActionItemFactory(committee=cast.high)
    [to_staff] = outbox.write([(cast.staff.pk, Kind.ITEM_ASSIGNED, item, "e1")])
    [to_other] = outbox.write([(cast.other_admin.pk, Kind.ITEM_ASSIGNED, item, "e1")])
    nowhere = UserFactory(username="state.auditor", district=None)
    [to_nowhere] = outbox.write([(nowhere.pk, Kind.ITEM_ASSIGNED, item, "e1")])
    [to_reader] = outbox.subscribers_notify(
        subscriptions=[_subscriber(cast.other_district, "reader@millbrook.example.org")],
        kind=Kind.PUBLIC_UPDATE,
        subject=item,
        period="published",
    )
    concern = concern_submit(
        building=cast.high.building,
        location="The side door by the gym",
        description="It is propped open every afternoon.",
        address="203.0.113.7",
        contact="worried.parent@example.org",
    )
    receipt = Notification.objects.get(kind=Kind.CONCERN_RECEIPT, subject_id=concern.pk)

    district = dict(Notification.objects.values_list("pk", "district"))
    assert district[to_staff] == cast.district.pk
    assert district[to_other] == cast.other_district.pk  # the addressee's, not the item's
    assert district[to_nowhere] is None  # only a superuser sees it
    assert district[to_reader] == cast.other_district.pk
    assert receipt.recipient is None and receipt.subscription is None
    assert receipt.district_id == cast.district.pk


def test_a_district_admin_sees_their_districts_outbox_with_the_senders_receipts(cast, login):
    _messages(cast, 2, committee=cast.high, recipient=cast.staff)
    _messages(cast, 2, committee=cast.other_committee, recipient=cast.other_admin)
    concern_submit(
        building=cast.high.building,
        location="The bus loop",
        description="Cars pass the buses on the left.",
        address="203.0.113.8",
        contact="bus.watcher@example.org",
    )
    page = login(cast.district_admin).get(reverse(CHANGELIST))
    shown = {row.pk for row in page.context["cl"].result_list}
    assert shown == set(
        Notification.objects.filter(district=cast.district).values_list("pk", flat=True)
    )
    assert Notification.objects.get(kind=Kind.CONCERN_RECEIPT).pk in shown  # unseen before
    assert not shown & set(
        Notification.objects.filter(recipient=cast.other_admin).values_list("pk", flat=True)
    )
    other = login(cast.other_admin).get(reverse(CHANGELIST))
    assert {row.district_id for row in other.context["cl"].result_list} == {cast.other_district.pk}


def _page_queries(client, **filters) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(CHANGELIST), filters).status_code == 200
    return len(queries)


def test_the_outbox_list_costs_the_same_with_few_or_many_messages(cast, login):
    client = login(cast.district_admin)
    _messages(cast, 3, committee=cast.high, recipient=cast.staff)
    few = _page_queries(client), _page_queries(client, status__exact="failed")
    _messages(cast, 250, committee=cast.high, recipient=cast.staff, period="more")
    _messages(cast, 250, committee=cast.other_committee, recipient=cast.other_admin)
    Notification.objects.filter(pk__in=Notification.objects.values("pk")[:20]).update(
        status=Notification.Status.FAILED
    )
    assert (_page_queries(client), _page_queries(client, status__exact="failed")) == few


@pytest.mark.parametrize(
    ("filters", "index"),
    [({}, "notification_district_latest"), ({"status": "failed"}, "notification_district_failed")],
)
def test_a_districts_outbox_is_read_newest_first_on_an_index_of_its_own(
    cast, login, filters, index
):
    """The page the admin shows (their district, newest first, perhaps what failed) and
    its count are read on an index that starts with the district."""
    rows = Notification.objects.filter(district=cast.district, **filters)
    page = rows.order_by("-created_at", "-id")[:100].query.sql_with_params()
    assert index in plan_without_seqscan(*page)
    assert index in plan_without_seqscan(*rows.values("pk").query.sql_with_params())


@pytest.mark.django_db(transaction=True)
def test_messages_written_before_the_district_was_kept_take_their_addressees():
    """A database from before 0016: every past message is given its district."""
    before = [("notifications", "0015_latest_deliveries_index")]
    leaves = latest()
    try:
        old = migrate_to(before)
        apps = old.loader.project_state(list(old.loader.applied_migrations)).apps
        districts = apps.get_model("committees", "District").objects
        westport = districts.create(name="Westport Public Schools", slug="westport", state="CT")
        millbrook = districts.create(name="Millbrook Regional", slug="millbrook", state="MA")
        building = apps.get_model("committees", "Building").objects.create(
            district=westport, name="Westport High School", slug="high"
        )
        committee = apps.get_model("committees", "Committee").objects.create(
            district=westport, name="Westport High School Safety Committee", building=building
        )
        person = apps.get_model("accounts", "User").objects.create(
            username="staff.high", district=westport
        )
        reader = apps.get_model("notifications", "Subscription").objects.create(
            email="reader@example.org", district=millbrook, token="r" * 40
        )
        concern = apps.get_model("incidents", "Concern").objects.create(
            reference="C-UPGRADE1",
            building=building,
            committee=committee,
            location="The gym",
            description="A door is propped open.",
            status_changed_at="2026-10-01T12:00:00Z",
            created_at="2026-10-01T12:00:00Z",
        )
        old_rows = apps.get_model("notifications", "Notification").objects
        common = {"subject_type": "incidents.concern", "subject_id": concern.pk, "period": "p"}
        to_person = old_rows.create(recipient_id=person.pk, kind="concern_received", **common)
        to_reader = old_rows.create(subscription_id=reader.pk, kind="public_update", **common)
        receipt = old_rows.create(kind="concern_receipt", **common)

        migrate_to(leaves)

        district = dict(Notification.objects.values_list("pk", "district"))
        assert district[to_person.pk] == westport.pk
        assert district[to_reader.pk] == millbrook.pk
        assert district[receipt.pk] == westport.pk
    finally:
        migrate_to(leaves)


def test_selecting_all_of_a_long_outbox_does_not_undercount_it(cast, login, monkeypatch):
    """The admin counts a list up to a cap (CappedPaginator; five here): "select all"
    says "more than" rather than the capped count, and the action still reaches every
    row the filter holds."""
    monkeypatch.setattr(portal_admin, "ADMIN_COUNT_UP_TO", 5)
    _messages(cast, 12, committee=cast.high, recipient=cast.staff)
    Notification.objects.update(status=Notification.Status.FAILED)
    client = login(cast.district_admin)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "More than 5 entries" in page
    assert "All selected: more than 5 entries" in page and "All 6" not in page
    client.post(
        reverse(CHANGELIST),
        {"action": "send_again", "select_across": "1", "_selected_action": ["x"]},
    )
    assert not Notification.objects.filter(status=Notification.Status.FAILED).exists()
