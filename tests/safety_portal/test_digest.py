"""The weekly digest: Monday morning, local, once per ISO week; what the member may see
and nothing of others."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees import services
from committees.models import Category, Level
from followups.models import ActionItem
from meetings import services as meeting_services
from notifications import scans
from notifications import services as outbox
from notifications.models import Kind, Notification
from safety_portal import digest
from safety_portal.digest import DIGEST_HOUR
from tests.factories import ActionItemFactory, UserFactory
from tests.notifications.clock import UTC, Clock, at, everything, mail_to

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
LOS_ANGELES = "America/Los_Angeles"


@pytest.fixture(autouse=True)
def _quiet(cast):
    """Building the cast announced things already: start from an empty outbox, and no due
    dates but the test's own."""
    ActionItem.objects.update(due_date=None)
    Notification.objects.all().delete()
    mail.outbox = []


def test_the_digest_is_written_on_monday_local_morning_once_per_week(cast, monkeypatch):
    Clock(monkeypatch)  # the outbox's stopped clock, as the beat's
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
        at(monday, DIGEST_HOUR - 1, 59),
        at(monday, DIGEST_HOUR),  # the digest: Westport
        at(monday, DIGEST_HOUR - 1, zone=los_angeles),
        at(monday, DIGEST_HOUR, zone=los_angeles),  # the digest: Millbrook
        at(monday, 23),
        at(monday + DAY, 9),  # Tuesday
        at(monday + 6 * DAY, 23),  # Sunday again
        at(monday + 7 * DAY, DIGEST_HOUR),  # the next week's
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


@pytest.mark.parametrize("more", [0, 40])
def test_the_mondays_scan_writes_every_digest_in_the_same_queries(cast, monkeypatch, more):
    """A district of many members costs the scan no query more per person (a query per
    person was 20 s of a statewide Monday morning's scan)."""
    Clock(monkeypatch)
    for n in range(more):
        services.membership_add(
            committee=cast.high,
            user=UserFactory(username=f"member{n}", district=cast.district),
            category=Category.STAFF,
            term_start=datetime.date(2026, 9, 1),
            by=None,
        )
    monday = at(datetime.date(2026, 11, 30), DIGEST_HOUR)
    with CaptureQueriesContext(connection) as queries:
        scans.scan(now=monday)
    digests = Notification.objects.filter(kind=Kind.DIGEST, period="2026-W49")
    assert digests.filter(recipient__username__startswith="member").count() == more
    person_reads = [
        q for q in queries if 'FROM "accounts_user" WHERE "accounts_user"."id" =' in q["sql"]
    ]
    assert person_reads == []


def test_the_digest_holds_what_the_member_may_see_and_nothing_of_others(cast, monkeypatch):
    clock = Clock(monkeypatch)  # the outbox's stopped clock
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


def test_the_digest_holds_what_the_member_may_see(cast):
    monday = datetime.datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # 9 a.m. in Connecticut
    ActionItem.objects.update(due_date=None)
    mine = ActionItemFactory(
        committee=cast.high,
        assignee=cast.staff,
        title="Fix the gym PA",
        due_date=monday.date() + datetime.timedelta(days=3),
    )
    ActionItemFactory(
        committee=cast.high,
        assignee=cast.secretary,
        title="Someone else's item",
        due_date=monday.date(),
    )
    scans.scan(now=monday - datetime.timedelta(days=1))  # Sunday: no digest
    assert not Notification.objects.filter(kind=Kind.DIGEST).exists()
    scans.scan(now=monday)
    scans.scan(now=monday + datetime.timedelta(hours=1))
    assert Notification.objects.filter(kind=Kind.DIGEST, recipient=cast.staff).count() == 1
    outbox.sweep()
    [digest] = [m for m in mail_to(cast.staff) if "Your week" in m.subject]
    assert mine.title in digest.body
    assert "Someone else's item" not in digest.body


def test_a_later_scan_of_the_morning_offers_only_the_digests_not_yet_written(cast, monkeypatch):
    """Every hourly scan of a Monday morning reads the district's people; re-offering those
    with this week's digest cost seconds of the outbox's insert statewide."""
    Clock(monkeypatch)
    monday = at(datetime.date(2026, 11, 30), DIGEST_HOUR)

    def offered(now):
        return [row for batch in digest.scan(now=now) for row in batch]

    first = offered(monday)
    assert cast.parent.pk in {recipient for recipient, *_ in first}
    scans.scan(now=monday)
    assert offered(monday + HOUR) == []
    newcomer = UserFactory(username="newcomer", district=cast.district)
    services.membership_add(
        committee=cast.high,
        user=newcomer,
        category=Category.STAFF,
        term_start=datetime.date(2026, 9, 1),
        by=None,
    )
    assert [recipient for recipient, *_ in offered(monday + HOUR)] == [newcomer.pk]
    scans.scan(now=monday + HOUR)
    week = Notification.objects.filter(kind=Kind.DIGEST, period="2026-W49")
    assert week.filter(recipient=newcomer).count() == 1
    assert week.filter(recipient=cast.parent).count() == 1
