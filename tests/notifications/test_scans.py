"""Reminders found by scanning dates: on the district's local day, once each.

The beat scans and sweeps every hour; these tests play it hour by hour over the
days around a due date or a meeting, daylight saving changes included.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from committees import scans as committee_scans
from committees import services
from committees.models import Level
from followups.models import ActionItem
from meetings import services as meeting_services
from notifications import scans
from notifications import services as outbox
from notifications.models import Kind, Notification
from tests.factories import ActionItemFactory
from tests.notifications.clock import NEW_YORK, UTC, Clock, at, everything, mail_to, play

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
    services.action_item_set_status(item=done, status=ActionItem.Status.DONE, by=cast.staff)
    services.action_item_edit(item=moved, due_date=due + 14 * DAY, by=cast.chair)
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


# The weekly digest: Monday morning, local, once per ISO week


def test_the_digest_is_written_on_monday_local_morning_once_per_week(cast, clock):
    ActionItemFactory(
        committee=cast.high,
        assignee=cast.staff,
        title="Fix the gym PA",
        due_date=datetime.date(2026, 12, 2),
    )
    cast.other_district.time_zone = LOS_ANGELES
    cast.other_district.save(update_fields=["time_zone"])
    ActionItemFactory(
        committee=cast.other_committee,
        assignee=cast.other_admin,
        title="Order radios",
        due_date=datetime.date(2026, 12, 2),
    )
    monday = datetime.date(2026, 11, 30)
    los_angeles = ZoneInfo(LOS_ANGELES)
    instants = [
        at(monday - DAY, 23),  # Sunday night
        at(monday, 0),
        at(monday, committee_scans.DIGEST_HOUR - 1, 59),
        at(monday, committee_scans.DIGEST_HOUR),  # the digest: Westport
        at(monday, committee_scans.DIGEST_HOUR - 1, zone=los_angeles),
        at(monday, committee_scans.DIGEST_HOUR, zone=los_angeles),  # the digest: Millbrook
        at(monday, 23),
        at(monday + DAY, 9),  # Tuesday
        at(monday + 6 * DAY, 23),  # Sunday again
        at(monday + 7 * DAY, committee_scans.DIGEST_HOUR),  # the next week's
        at(monday + 7 * DAY, 12),
    ]
    first = {}
    for now in instants:
        scans.scan(now=now)
        for row in Notification.objects.filter(kind=Kind.DIGEST):
            first.setdefault((row.recipient_id, row.period), now)
    staff = {p: t for (who, p), t in first.items() if who == cast.staff.pk}
    other = {p: t for (who, p), t in first.items() if who == cast.other_admin.pk}
    assert staff == {"2026-W49": instants[3], "2026-W50": instants[9]}
    assert other == {"2026-W49": instants[5], "2026-W50": instants[10]}
    # Members, and people with open items; not a person of the district with neither.
    week = Notification.objects.filter(kind=Kind.DIGEST, period="2026-W49")
    assert cast.parent.pk in week.values_list("recipient", flat=True)
    assert not week.filter(recipient=cast.outsider).exists()
    assert week.filter(recipient=cast.staff).count() == 1


def test_the_digest_holds_what_the_member_may_see_and_nothing_of_others(cast, clock):
    monday = datetime.date(2026, 11, 30)
    clock.set(at(monday, 7))
    item = {"committee": cast.high, "assignee": cast.staff}
    ActionItemFactory(**item, title="Fix the gym PA", due_date=monday + 2 * DAY)
    ActionItemFactory(**item, title="Check the radios", due_date=monday - 10 * DAY)
    ActionItemFactory(**item, title="Paint the curb", due_date=monday + 15 * DAY)
    ActionItemFactory(**item, title="Someday", due_date=None)
    ActionItemFactory(
        **item, title="Done already", due_date=monday + DAY, status=ActionItem.Status.DONE
    )
    ActionItemFactory(
        committee=cast.high, assignee=cast.secretary, title="Not yours", due_date=monday
    )
    ActionItemFactory(
        committee=cast.high,
        assignee=cast.cleared_staff,
        visibility=Level.RESTRICTED,
        title="CANARY-DIGEST-RESTRICTED-high-7f3a",
        due_date=monday + DAY,
    )

    def meeting(committee, title, day, hour=18, **extra):
        return meeting_services.meeting_schedule(
            committee=committee,
            title=title,
            starts_at=at(day, hour),
            location="Library",
            by=None,
            **extra,
        )

    meeting(cast.high, "December meeting", monday + 3 * DAY)
    meeting(cast.high, "Breakfast drill", monday, hour=6)  # over already
    meeting(cast.high, "Later meeting", monday + 10 * DAY)
    meeting(cast.middle, "Middle school meeting", monday + 4 * DAY)
    meeting_services.meeting_cancel(
        meeting=meeting(cast.high, "Called off", monday + DAY), reason="Snow", by=None
    )
    meeting(
        cast.high,
        "CANARY-DIGEST-EXECUTIVE-high-7f3a",
        monday + 2 * DAY,
        kind="executive",
        public_purpose="To discuss school security procedures",
    )
    Notification.objects.all().delete()

    scans.scan(now=clock.now)
    scans.scan(now=clock.now + HOUR)
    clock.sweep()

    def digest(person):
        found = [m for m in mail_to(person) if "Your week on the safety committees" in m.subject]
        assert len(found) <= 1
        return found[0] if found else None

    staff = digest(cast.staff)
    for text in ("Fix the gym PA: due Dec. 2, 2026", "Check the radios: overdue"):
        assert text in staff.body and text in staff.alternatives[0][0]
    assert "December meeting · Westport High School Safety Committee: Dec. 3, 2026" in staff.body
    for text in (
        "Paint the curb",
        "Someday",
        "Done already",
        "Not yours",
        "Breakfast drill",
        "Later meeting",
        "Middle school meeting",
        "Called off",
        "CANARY",
        "restricted",  # not even that there is a meeting they may not see
    ):
        assert text not in everything(staff), text

    cleared = digest(cast.cleared_staff)
    assert "An item that needs your attention (restricted: sign in to see it)" in cleared.body
    assert "A restricted meeting (sign in to see it)" in cleared.body
    assert "December meeting" in cleared.body
    assert "CANARY" not in everything(cleared)
    assert "Fix the gym PA" not in everything(cleared)

    parent = digest(cast.parent)
    assert "December meeting" in parent.body
    assert "restricted" not in everything(parent)
    stranger = digest(cast.stranger)
    assert "Middle school meeting" in stranger.body
    assert "December meeting" not in everything(stranger)
    # A person of the district on no committee, with nothing assigned, gets none.
    assert not Notification.objects.filter(kind=Kind.DIGEST, recipient=cast.outsider).exists()
    assert Notification.objects.filter(kind=Kind.DIGEST, recipient=cast.staff).count() == 1
