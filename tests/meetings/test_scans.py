"""The meetings' reminders, found by the hourly scan on the district's local day, once each.

The beat scans and sweeps every hour; these tests play it over the days around a
meeting: the reminder the day before, and minutes that wait for approval.
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from committees.models import Level
from followups.models import ActionItem
from meetings import services as meeting_services
from notifications import scans
from notifications.models import Kind, Notification
from tests.meetings.clock import approved
from tests.notifications.clock import NEW_YORK, UTC, Clock, at, everything, mail_to, play

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _quiet(cast):
    """An empty outbox, and no item due: the meetings' reminders are the only ones."""
    ActionItem.objects.update(due_date=None)
    Notification.objects.all().delete()
    mail.outbox = []


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


# Meetings tomorrow


def _january_meeting(cast, **extra):
    # 9:30 p.m. on January 13 in Westport: already the 14th in UTC.
    meeting = meeting_services.meeting_schedule(
        committee=cast.high,
        title="January meeting",
        starts_at=at(datetime.date(2027, 1, 13), 21, 30),
        location="Library",
        by=None,
        **extra,
    )
    # An item is never less strict than its meeting: an executive session's are restricted.
    meeting_services.agenda_item_add(
        meeting=meeting, title="Review the visitor log", visibility=meeting.visibility, by=None
    )
    meeting_services.agenda_item_add(
        meeting=meeting,
        title="CANARY-AGENDA-RESTRICTED-january-7f3a",
        visibility=Level.RESTRICTED,
        by=None,
    )
    Notification.objects.all().delete()  # the notice that it was scheduled
    return meeting


HIGH_MEMBERS = ["parent", "student", "staff", "cleared_staff", "officer", "secretary", "chair"]


def test_the_meeting_reminder_goes_out_the_local_day_before_with_the_visible_agenda(cast, clock):
    meeting = _january_meeting(cast)
    sent = play(clock, datetime.datetime(2027, 1, 11, 12, tzinfo=UTC), hours=72)
    reminders = [(now, m) for now, m in sent if "Tomorrow: January meeting" in m.subject]
    assert sorted(m.to[0] for _now, m in reminders) == sorted(
        f"{cast.people[r].display_name} <{cast.people[r].email}>" for r in HIGH_MEMBERS
    )
    for now, _message in reminders:
        assert now.astimezone(NEW_YORK).date() == datetime.date(2027, 1, 12)
    rows = Notification.objects.filter(kind=Kind.MEETING_REMINDER, subject_id=meeting.pk)
    assert set(rows.values_list("period", flat=True)) == {"2027-01-13"}
    assert rows.count() == len(HIGH_MEMBERS)

    [to_parent] = [m for _n, m in reminders if cast.parent.email in m.to[0]]
    [to_cleared] = [m for _n, m in reminders if cast.cleared_staff.email in m.to[0]]
    for message in (to_parent, to_cleared):
        assert "Review the visitor log" in message.body
        assert "Review the visitor log" in message.alternatives[0][0]
        assert "Jan. 13, 2027, 9:30 p.m." in message.body  # the district's time
        assert "CANARY-AGENDA-RESTRICTED" not in everything(message)  # never in e-mail
    assert "restricted" not in everything(to_parent)  # not even that there is one
    assert "An agenda item (restricted: sign in to see it)" in to_cleared.body
    assert "An agenda item (restricted: sign in to see it)" in to_cleared.alternatives[0][0]


def test_an_executive_session_reminds_only_the_cleared_and_says_nothing_of_it(cast, clock):
    meeting = _january_meeting(
        cast, kind="executive", public_purpose="To discuss school security procedures"
    )
    meeting.title = "CANARY-EXECUTIVE-TITLE-january-7f3a"
    meeting.location = "CANARY-EXECUTIVE-PLACE-january-7f3a"
    meeting.save(update_fields=["title", "location"])
    assert meeting.visibility == Level.RESTRICTED
    clock.set(at(datetime.date(2027, 1, 12), 9))
    scans.scan(now=clock.now)
    Notification.objects.exclude(kind=Kind.MEETING_REMINDER).delete()  # its notice, due
    clock.sweep()
    for role in ("parent", "student", "staff"):
        assert mail_to(cast.people[role]) == [], role
        row = Notification.objects.get(recipient=cast.people[role], kind=Kind.MEETING_REMINDER)
        assert row.status == Notification.Status.SKIPPED
        assert row.reason == "the person may no longer see the record"
    for role in ("cleared_staff", "officer", "secretary", "chair"):
        [message] = mail_to(cast.people[role])
        assert "needs your attention" in message.subject
        assert "CANARY" not in everything(message)
        assert "Review the visitor log" not in everything(message)  # nothing of it
        assert reverse("meetings:meeting", args=[meeting.pk]) in message.body


def test_a_reminder_for_a_meeting_moved_or_cancelled_since_is_not_sent(cast, clock):
    moved = _january_meeting(cast)
    cancelled = _january_meeting(cast)
    clock.set(at(datetime.date(2027, 1, 12), 9))
    scans.scan(now=clock.now)
    meeting_services.meeting_change(
        meeting=moved, starts_at=moved.starts_at + 7 * DAY, reason="Snow", by=cast.chair
    )
    meeting_services.meeting_cancel(meeting=cancelled, reason="Snow", by=cast.chair)
    Notification.objects.exclude(kind=Kind.MEETING_REMINDER).delete()
    clock.sweep()
    assert mail.outbox == []
    assert set(Notification.objects.values_list("reason", flat=True)) == {
        "the meeting moved to another day",
        "the meeting was cancelled",
    }


# Minutes awaiting approval


def test_minutes_to_approve_are_asked_for_once_per_revision(cast, clock):
    meeting = meeting_services.meeting_schedule(
        committee=cast.high,
        title="Drill debrief",
        starts_at=at(datetime.date(2026, 12, 3), 16),
        location="Library",
        by=None,
    )
    section = meeting_services.minutes_section_add(
        meeting=meeting, heading="Times", body="4 minutes.", by=None
    )
    Notification.objects.all().delete()
    for day in range(4, 9):
        clock.set(at(datetime.date(2026, 12, day), 9))
        scans.scan(now=clock.now)
    clock.sweep()
    recorders = {"chair", "secretary"}
    for role in HIGH_MEMBERS:
        asked = [m for m in mail_to(cast.people[role]) if "approve: Drill debrief" in m.subject]
        assert len(asked) == (1 if role in recorders else 0), role
    approved(meeting, submitter=cast.secretary, approver=cast.chair)
    meeting_services.minutes_section_edit(
        section=section, heading="Times", body="5 minutes.", visibility=Level.COMMITTEE, by=None
    )
    clock.set(at(datetime.date(2026, 12, 9), 9))
    scans.scan(now=clock.now)
    clock.sweep()
    asked = [m for m in mail_to(cast.secretary) if "approve: Drill debrief" in m.subject]
    assert len(asked) == 2  # the revised minutes need approving again
