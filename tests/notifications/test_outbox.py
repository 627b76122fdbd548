"""The outbox: once per period, the gate at sending time, retries, preferences, local days."""

import datetime
from functools import partial
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees import services
from committees.models import Category, Level, RepresentationRule
from followups import services as followup_services
from followups.models import ActionItem
from notifications import rows as outbox_rows
from notifications import scans
from notifications import services as outbox
from notifications.models import Kind, Mode, Notification, Preference, Subscription
from tests.conftest import ROLES, may_see
from tests.factories import ActionItemFactory

REFUSING = "tests.notifications.backends.RefusingBackend"
pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _quiet(cast):
    """Start from an empty outbox: building the cast announced things already."""
    Notification.objects.all().delete()
    mail.outbox = []


def _assign(cast, item, to, by=None):
    return followup_services.action_item_assign(item=item, assignee=to, by=by or cast.chair)


def _mail_to(user):
    return [m for m in mail.outbox if any(user.email in to for to in m.to)]


def _bodies(message) -> str:
    return message.subject + message.body + "".join(c for c, _t in message.alternatives)


# Once


def test_a_row_is_written_once_per_period_and_sent_once(cast):
    item = ActionItemFactory(committee=cast.high, assignee=cast.staff)
    rows = [(cast.staff.pk, Kind.ITEM_ASSIGNED, item, "event-1")] * 2
    assert len(outbox.write(rows)) == 1
    assert outbox.write(rows) == []  # nothing new: the row written before is left alone
    assert Notification.objects.get().status == Notification.Status.PENDING
    assert outbox.sweep() == 1
    assert outbox.sweep() == 0
    row = Notification.objects.get()
    assert row.status == Notification.Status.SENT
    assert outbox.deliver(notification_id=row.pk) == "nothing to do"
    assert len(mail.outbox) == 1


def test_a_write_returns_the_rows_it_added_and_only_those(cast):
    item = ActionItemFactory(committee=cast.high, assignee=cast.staff)
    [first] = outbox.write([(cast.staff.pk, Kind.ITEM_ASSIGNED, item, "p1")])
    added = outbox.write(
        (cast.staff.pk, Kind.ITEM_ASSIGNED, item, period) for period in ("p1", "p2", "p3")
    )
    assert len(added) == 2 and first not in added
    assert set(Notification.objects.values_list("pk", flat=True)) == {first, *added}


def test_a_subscriber_is_told_once_however_often_it_is_announced(cast):
    subscription = Subscription.objects.create(
        email="reader@example.org", district=cast.district, token="t" * 40
    )
    item = ActionItemFactory(committee=cast.high)
    announce = partial(
        outbox.subscribers_notify,
        subscriptions=[subscription],
        kind=Kind.PUBLIC_UPDATE,
        subject=item,
        period="published",
    )
    assert len(announce()) == 1
    assert announce() == []
    assert Notification.objects.get().subscription == subscription


@pytest.mark.parametrize("many", [40, 900])
def test_writing_few_or_many_rows_costs_the_same_two_queries(cast, many):
    """The addressees' districts, then the insert; rows written before cost nothing more:
    the database skips them in the same query."""
    item = ActionItemFactory(committee=cast.high, assignee=cast.staff)
    few = [(cast.staff.pk, Kind.ITEM_DUE_SOON, item, f"d{n}") for n in range(3)]
    lots = [(cast.staff.pk, Kind.ITEM_DUE_SOON, item, f"d{n}") for n in range(many)]
    for rows, new in [(few, 3), (lots, many - 3), (lots, 0)]:
        with CaptureQueriesContext(connection) as queries:
            assert len(outbox.write(rows)) == new
        assert len(queries) == 2


def test_a_write_bigger_than_a_batch_costs_two_queries_per_batch(cast, monkeypatch):
    monkeypatch.setattr(outbox_rows, "BATCH", 10)
    item = ActionItemFactory(committee=cast.high, assignee=cast.staff)
    with CaptureQueriesContext(connection) as queries:
        added = outbox.write((cast.staff.pk, Kind.ITEM_DUE_SOON, item, f"d{n}") for n in range(25))
    assert len(added) == 25 == Notification.objects.count()
    assert len(queries) == 2 * 3


def test_an_assignment_mails_the_assignee_once_with_both_parts(cast):
    item = ActionItemFactory(committee=cast.high, title="Order two-way radios")
    _assign(cast, item, cast.staff)
    outbox.sweep()
    outbox.sweep()
    [message] = _mail_to(cast.staff)
    assert "Order two-way radios" in message.subject
    assert cast.district.name in message.subject
    assert message.alternatives[0][1] == "text/html"
    settings_link = reverse("notifications:settings")
    assert settings_link in message.body and settings_link in message.alternatives[0][0]


def test_assigning_oneself_sends_nothing(cast):
    item = ActionItemFactory(committee=cast.high)
    _assign(cast, item, cast.chair, by=cast.chair)
    assert not Notification.objects.filter(recipient=cast.chair).exists()


# The gate at sending time


def test_a_restricted_item_is_never_described(cast):
    item = cast.items[("high", Level.RESTRICTED)]
    _assign(cast, item, cast.cleared_staff)
    outbox.sweep()
    [message] = _mail_to(cast.cleared_staff)
    assert item.title not in _bodies(message)
    assert item.description not in _bodies(message)
    assert "needs your attention" in message.subject
    assert reverse("followups:action_item", args=[item.pk]) in message.body


def test_a_member_removed_since_gets_nothing(cast):
    item = cast.items[("high", Level.COMMITTEE)]
    outbox.write([(cast.staff.pk, Kind.ITEM_OVERDUE, item, "x")])
    seat = cast.high.memberships.get(user=cast.staff)
    services.membership_end(membership=seat, by=None)
    outbox.sweep()
    assert _mail_to(cast.staff) == []
    row = Notification.objects.get(recipient=cast.staff)
    assert row.status == Notification.Status.SKIPPED
    assert row.reason


def test_a_deactivated_person_gets_nothing(cast):
    item = ActionItemFactory(committee=cast.high)
    _assign(cast, item, cast.staff)
    cast.staff.is_active = False
    cast.staff.save()
    outbox.sweep()
    assert _mail_to(cast.staff) == []


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_no_canary_reaches_anyone_who_may_not_see_it(cast, role):
    """Every kind about every canary record to one person: only what they may see."""
    person = cast.people[role]
    rows = []
    for item in cast.items.values():
        rows += [
            (person.pk, kind, item, "p")
            for kind in (Kind.ITEM_ASSIGNED, Kind.ITEM_ESCALATED, Kind.ITEM_OVERDUE)
        ]
    for meeting in [*cast.meetings.values(), cast.executive]:
        rows += [
            (person.pk, kind, meeting, "p")
            for kind in (Kind.MEETING_SCHEDULED, Kind.MEETING_CHANGED, Kind.MINUTES_APPROVAL)
        ]
    for summary in [m.summary for m in cast.meetings.values()]:
        rows.append((person.pk, Kind.SUMMARY_REVIEW, summary, "p"))
    rows.append((person.pk, Kind.DIGEST, person, "p"))
    outbox.write(rows)
    outbox.sweep()
    for message in mail.outbox:
        text = _bodies(message)
        for canary, (committee_name, level) in cast.canaries.items():
            if canary in text:
                assert level != Level.RESTRICTED, f"{canary} in e-mail to {role}"
                assert may_see(role, committee_name, level), f"{canary} leaked to {role}"


# Retries


def test_a_mail_server_error_is_retried_with_backoff_then_shown_as_failed(cast, settings):
    settings.EMAIL_BACKEND = REFUSING
    item = ActionItemFactory(committee=cast.high)
    _assign(cast, item, cast.staff)
    outbox.sweep()
    row = Notification.objects.get(recipient=cast.staff)
    assert row.status == Notification.Status.PENDING
    assert row.attempts == 1
    assert "SMTPServerDisconnected" in row.last_error
    assert row.next_attempt_at > datetime.datetime.now(UTC)
    assert outbox.sweep() == 0  # not due yet
    for _attempt in range(outbox.MAX_ATTEMPTS - 1):
        Notification.objects.filter(pk=row.pk).update(next_attempt_at=datetime.datetime.now(UTC))
        outbox.sweep()
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    assert row.attempts == outbox.MAX_ATTEMPTS


def test_district_admins_see_failed_rows_with_the_error_and_send_them_again(cast, login, settings):
    settings.EMAIL_BACKEND = REFUSING
    item = ActionItemFactory(committee=cast.high)
    _assign(cast, item, cast.staff)
    Notification.objects.update(attempts=outbox.MAX_ATTEMPTS - 1)
    outbox.sweep()
    row = Notification.objects.get(recipient=cast.staff)
    assert row.status == Notification.Status.FAILED
    url = reverse("admin:notifications_notification_change", args=[row.pk])
    assert "SMTPServerDisconnected" in login(cast.district_admin).get(url).content.decode()
    assert login(cast.other_admin).get(url).status_code in (302, 404)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    changelist = reverse("admin:notifications_notification_changelist")
    login(cast.district_admin).post(
        changelist, {"action": "send_again", "_selected_action": [row.pk]}
    )
    outbox.sweep()
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert len(_mail_to(cast.staff)) == 1


# Preferences


def test_none_and_digest_only_are_honoured(cast):
    outbox.preferences_save(user=cast.staff, modes={Kind.ITEM_ASSIGNED: Mode.NONE})
    _assign(cast, ActionItemFactory(committee=cast.high), cast.staff)
    outbox.preferences_save(user=cast.secretary, modes={Kind.ITEM_ASSIGNED: Mode.DIGEST})
    _assign(cast, ActionItemFactory(committee=cast.high), cast.secretary)
    outbox.sweep()
    assert _mail_to(cast.staff) == [] and _mail_to(cast.secretary) == []


def test_a_mandatory_kind_cannot_be_switched_off(cast, login):
    cast.district.mandatory_notifications = [Kind.ITEM_ASSIGNED]
    cast.district.save()
    with pytest.raises(ValidationError, match="requires"):
        outbox.preferences_save(user=cast.staff, modes={Kind.ITEM_ASSIGNED: Mode.NONE})
    Preference.objects.create(user=cast.staff, kind=Kind.ITEM_ASSIGNED, mode=Mode.NONE)  # old
    client = login(cast.staff)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "Required by the district" in page
    form = {f"kind_{k}": Mode.IMMEDIATE for k in Kind.values}
    form.update({"kind_item_assigned": Mode.NONE, "kind_digest": Mode.NONE, "due_soon_days": 3})
    assert client.post(reverse("notifications:settings"), form).status_code == 302
    assert Preference.objects.get(user=cast.staff, kind=Kind.DIGEST).mode == Mode.NONE
    _assign(cast, ActionItemFactory(committee=cast.high), cast.staff)
    outbox.sweep()
    assert len(_mail_to(cast.staff)) == 1  # sent, whatever the old row said


def test_mail_in_the_persons_language(cast):
    outbox.preferences_save(user=cast.staff, modes={}, language="es")
    _assign(cast, ActionItemFactory(committee=cast.high, title="Radios"), cast.staff)
    outbox.sweep()
    [message] = _mail_to(cast.staff)
    assert message.body.startswith("Hola")
    assert "Asignada a usted" in message.subject


# Scans: each district's local day


def _scan_each_hour(start: datetime.datetime, hours: int) -> dict:
    """When (UTC) each kind was first written for the item."""
    first = {}
    for hour in range(hours):
        now = start + datetime.timedelta(hours=hour)
        before = set(Notification.objects.values_list("pk", flat=True))
        scans.scan(now=now)
        for row in Notification.objects.exclude(pk__in=before):
            first.setdefault(row.kind, now)
    return first


@pytest.mark.parametrize(
    "due,start",
    [
        # Daylight saving time ends on November 1, 2026 in Connecticut.
        (datetime.date(2026, 11, 2), datetime.datetime(2026, 10, 30, 0, 0, tzinfo=UTC)),
        # It starts on March 14, 2027.
        (datetime.date(2027, 3, 15), datetime.datetime(2027, 3, 12, 0, 0, tzinfo=UTC)),
    ],
)
def test_a_due_tomorrow_reminder_goes_out_once_on_the_right_local_day(cast, due, start):
    outbox.preferences_save(user=cast.staff, modes={}, due_soon_days=1)
    ActionItemFactory(committee=cast.high, assignee=cast.staff, due_date=due)
    ActionItem.objects.exclude(due_date=due).update(due_date=None)
    first = _scan_each_hour(start, 24 * 5)
    local = first[Kind.ITEM_DUE_SOON].astimezone(ZoneInfo("America/New_York"))
    assert local.date() == due - datetime.timedelta(days=1)
    assert local.hour == 0  # the first scan of that local day
    assert first[Kind.ITEM_DUE_TODAY].astimezone(ZoneInfo("America/New_York")).date() == due
    counts = Notification.objects.filter(recipient=cast.staff).values_list("kind", flat=True)
    assert list(counts).count(Kind.ITEM_DUE_SOON) == 1
    assert list(counts).count(Kind.ITEM_DUE_TODAY) == 1


def test_escalation_reaches_the_chair_and_building_admin_after_the_districts_days(cast):
    due = datetime.date(2026, 11, 2)
    item = ActionItemFactory(committee=cast.high, assignee=cast.staff, due_date=due)
    ActionItem.objects.exclude(pk=item.pk).update(due_date=None)
    six_days = datetime.datetime(2026, 11, 8, 17, 0, tzinfo=UTC)
    scans.scan(now=six_days)
    assert not Notification.objects.filter(kind=Kind.ITEM_ESCALATED).exists()
    assert Notification.objects.filter(kind=Kind.ITEM_OVERDUE, recipient=cast.staff).exists()
    scans.scan(now=six_days + datetime.timedelta(days=1))
    scans.scan(now=six_days + datetime.timedelta(days=2))
    escalated = set(
        Notification.objects.filter(kind=Kind.ITEM_ESCALATED).values_list("recipient", flat=True)
    )
    assert escalated == {cast.chair.pk, cast.principal.pk}


# The rest of what is sent


def test_an_empty_required_seat_reaches_the_chair_once_a_month(cast):
    RepresentationRule.objects.create(
        district=cast.district, category=Category.COMMUNITY, minimum=1
    )
    now = datetime.datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    scans.scan(now=now)
    scans.scan(now=now + datetime.timedelta(days=3))
    rows = Notification.objects.filter(kind=Kind.SEAT_ATTENTION, recipient=cast.chair)
    assert rows.count() == 1
    outbox.sweep()
    [message] = [m for m in _mail_to(cast.chair) if "Seats to fill" in m.subject]
    assert "Community partner: 0 of 1 filled" in message.body


def test_the_digest_is_sent_every_week_or_never_not_in_the_digest_only(cast, login):
    client = login(cast.staff)
    page = client.get(reverse("notifications:settings")).content.decode()
    digest = page[page.index('name="kind_digest"') :].split("</select>")[0]
    assert "Every week" in digest and "Never" in digest
    assert "In the weekly digest only" not in digest
    form = {f"kind_{k}": Mode.IMMEDIATE for k in Kind.values}
    form.update({"kind_digest": Mode.DIGEST, "due_soon_days": 3})
    response = client.post(reverse("notifications:settings"), form)
    assert response.status_code == 200  # refused, with the form shown again
    assert not Preference.objects.filter(user=cast.staff, kind=Kind.DIGEST).exists()
