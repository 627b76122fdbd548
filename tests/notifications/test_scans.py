"""Reminders found by scanning dates: on the district's local day, once each.

The beat scans and sweeps every hour; these tests play it hour by hour over the
days around a due date or a meeting, daylight saving changes included.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from followups import services as followup_services
from followups.models import ActionItem
from notifications import scans
from notifications import services as outbox
from notifications.models import Kind, Notification
from tests.factories import ActionItemFactory
from tests.notifications.clock import NEW_YORK, UTC, Clock, at, mail_to, play

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
LOS_ANGELES = "America/Los_Angeles"


@pytest.fixture(autouse=True)
def _quiet(cast):
    """An empty outbox, and no due dates but the test's own."""
    ActionItem.objects.update(due_date=None)
    Notification.objects.all().delete()
    mail.outbox = []


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


def _about(sent, user, text):
    return [(now, m) for now, m in sent if any(user.email in to for to in m.to) and text in m.body]


# Due dates, across the ends of daylight saving time


@pytest.mark.parametrize(
    "first_due",
    [
        # Daylight saving time ends on November 1, 2026: a reminder on that day, and
        # one the day before for an item due on it.
        datetime.date(2026, 11, 1),
        # It starts on March 14, 2027: the same, at the other end.
        datetime.date(2027, 3, 14),
    ],
)
def test_due_soon_today_and_overdue_go_out_once_each_on_the_local_day(cast, clock, first_due):
    # A district three hours behind: its own local days, in the same scans.
    cast.other_district.time_zone = LOS_ANGELES
    cast.other_district.save(update_fields=["time_zone"])
    los_angeles = ZoneInfo(LOS_ANGELES)
    second_due = first_due + DAY
    watched = [
        (cast.staff, cast.high, "Test the PA", first_due, NEW_YORK),
        (cast.cleared_staff, cast.high, "Check the radios", second_due, NEW_YORK),
        (cast.other_admin, cast.other_committee, "Order the radios", second_due, los_angeles),
    ]
    for person, committee, title, due, _zone in watched:
        outbox.preferences_save(user=person, modes={}, due_soon_days=1)
        ActionItemFactory(committee=committee, assignee=person, due_date=due, title=title)

    # Every hour from two days before the first due date to past the last one's next day.
    start = datetime.datetime.combine(first_due - 2 * DAY, datetime.time(), UTC)
    sent = play(clock, start, hours=24 * 4 + 12)

    for person, _committee, title, due, zone in watched:
        soon = _about(sent, person, "This item is due tomorrow.")
        today = _about(sent, person, "This item is due today.")
        late = _about(sent, person, "This item is overdue.")
        assert [len(soon), len(today), len(late)] == [1, 1, 1], title
        for (now, message), day in [(soon[0], due - DAY), (today[0], due), (late[0], due + DAY)]:
            # Sent by the first scan of that local day, whatever the offset that day.
            assert now.astimezone(zone).date() == day, title
            assert now.astimezone(zone).hour == 0, title
            assert title in message.subject
        rows = Notification.objects.filter(recipient=person, kind__startswith="item_")
        assert sorted(rows.values_list("kind", flat=True)) == sorted(
            [Kind.ITEM_DUE_SOON, Kind.ITEM_DUE_TODAY, Kind.ITEM_OVERDUE]
        )


def test_a_longer_notice_is_sent_once_not_every_day_until_due(cast, clock):
    due = datetime.date(2026, 12, 10)
    item = ActionItemFactory(committee=cast.high, assignee=cast.staff, due_date=due)
    assert cast.staff.due_soon_days == 3
    for day in range(6, 0, -1):
        clock.set(at(due - day * DAY, 9))
        scans.scan(now=clock.now)
        clock.sweep()
    [message] = [m for m in mail_to(cast.staff) if "Due soon" in m.subject]
    assert item.title in message.subject
    assert "This item is due in 3 days." in message.body


def test_a_done_item_or_a_moved_due_date_is_not_reminded_of(cast, clock):
    due = datetime.date(2026, 12, 10)
    done = ActionItemFactory(committee=cast.high, assignee=cast.staff, due_date=due)
    moved = ActionItemFactory(committee=cast.high, assignee=cast.staff, due_date=due)
    clock.set(at(due, 8))
    scans.scan(now=clock.now)
    followup_services.action_item_set_status(
        item=done, status=ActionItem.Status.DONE, by=cast.staff
    )
    followup_services.action_item_edit(item=moved, due_date=due + 14 * DAY, by=cast.chair)
    Notification.objects.exclude(kind=Kind.ITEM_DUE_TODAY).delete()
    clock.sweep()
    assert mail_to(cast.staff) == []
    reasons = set(Notification.objects.values_list("status", "reason"))
    assert reasons == {
        (Notification.Status.SKIPPED, "the item is no longer open"),
        (Notification.Status.SKIPPED, "the due date changed"),
    }


# Escalation


@pytest.mark.parametrize("escalation_days", [7, 3])
def test_a_long_overdue_item_reaches_the_chair_and_building_admins_once(
    cast, clock, escalation_days
):
    if escalation_days != 7:
        cast.district.escalation_days = escalation_days
        cast.district.save(update_fields=["escalation_days"])
    due = datetime.date(2026, 12, 1)
    item = ActionItemFactory(
        committee=cast.high, assignee=cast.staff, due_date=due, title="Rekey the east doors"
    )
    first = {}
    for day in range(1, 12):
        now = at(due + day * DAY, 10)
        clock.set(now)
        scans.scan(now=now)
        for recipient_id in Notification.objects.filter(kind=Kind.ITEM_ESCALATED).values_list(
            "recipient", flat=True
        ):
            first.setdefault(recipient_id, day)
        clock.sweep()
    # After the district's days, not before; to the chair and the principal, nobody else.
    assert first == {cast.chair.pk: escalation_days, cast.principal.pk: escalation_days}
    rows = Notification.objects.filter(kind=Kind.ITEM_ESCALATED)
    assert rows.count() == 2
    for person in (cast.chair, cast.principal):
        [message] = [m for m in mail_to(person) if item.title in m.subject]
        assert f"Overdue for {escalation_days} days" in message.subject
        assert cast.staff.display_name in message.body
    for person in (cast.staff, cast.secretary, cast.parent, cast.district_admin):
        assert not [m for m in mail_to(person) if "Overdue for" in m.subject]
    # The assignee heard once that it is overdue, not every day.
    assert len([m for m in mail_to(cast.staff) if "Overdue" in m.subject]) == 1
