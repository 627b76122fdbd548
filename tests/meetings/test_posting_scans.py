"""Reminders through the outbox: a notice that must be public within a day, and draft
minutes due within two days or late; once each, and nothing of a restricted meeting."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees import services as committee_services
from followups.models import ActionItem
from meetings import services as meeting_services
from meetings.models import MeetingRules
from notifications import scans
from notifications.models import Kind, Notification
from tests.notifications.clock import Clock, at, everything, mail_to, play

pytestmark = pytest.mark.django_db
HIGH_MEMBERS = ["parent", "student", "staff", "cleared_staff", "officer", "secretary", "chair"]


@pytest.fixture(autouse=True)
def _quiet(cast):
    ActionItem.objects.update(due_date=None)
    Notification.objects.all().delete()
    mail.outbox = []


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


def _massachusetts(cast):
    # Martin Luther King Jr. Day, Monday January 18, 2027.
    MeetingRules.objects.create(
        district=cast.district,
        notice_hours=48,
        notice_skips_weekends_and_holidays=True,
        holidays=["2027-01-18"],
    )


def _schedule(cast, day, hour, **extra):
    meeting = meeting_services.meeting_schedule(
        committee=cast.high,
        title=extra.pop("title", "Tuesday meeting"),
        starts_at=at(day, hour),
        location="Library",
        by=None,
        **extra,
    )
    Notification.objects.all().delete()
    return meeting


def test_a_notice_not_yet_public_is_chased_once_a_day_before_its_deadline(cast, clock):
    _massachusetts(cast)
    meeting = _schedule(cast, datetime.date(2027, 1, 19), 19)
    # Due Thursday January 14, 7 p.m.: the holiday and the weekend do not count.
    sent = play(clock, at(datetime.date(2027, 1, 13), 12), hours=36)
    chased = [(now, m) for now, m in sent if "Notice to post: Tuesday meeting" in m.subject]
    recipients = {m.to[0] for _now, m in chased}
    assert recipients == {
        f"{cast.people[r].display_name} <{cast.people[r].email}>" for r in ("secretary", "chair")
    }
    assert len(chased) == 2  # once each
    for now, message in chased:
        assert now == at(datetime.date(2027, 1, 13), 19)  # 24 hours before
        assert "must be public by Jan. 14, 2027, 7 p.m." in message.body
    rows = Notification.objects.filter(kind=Kind.NOTICE_DUE, subject_id=meeting.pk)
    assert rows.count() == 2


def test_a_public_notice_or_a_later_deadline_is_not_chased(cast, clock):
    _massachusetts(cast)
    announced = _schedule(cast, datetime.date(2027, 1, 19), 19, title="Announced")
    proposed = meeting_services.meeting_notice_propose(
        meeting=announced, title="Safety committee", by=cast.chair
    )
    committee_services.public_text_approve(change=proposed, by=cast.principal)
    _schedule(cast, datetime.date(2027, 1, 26), 19, title="Next week")
    Notification.objects.all().delete()
    play(clock, at(datetime.date(2027, 1, 13), 12), hours=30)
    assert not Notification.objects.filter(kind=Kind.NOTICE_DUE).exists()


def test_a_restricted_meeting_is_chased_without_a_word_of_it(cast, clock):
    meeting = _schedule(
        cast,
        datetime.date(2027, 1, 19),
        19,
        title="CANARY-EXECUTIVE-TITLE-notice-7f3a",
        kind="executive",
        public_purpose="To discuss security",
    )
    clock.set(at(datetime.date(2027, 1, 18), 20))  # Connecticut: 24 hours, due in 23
    scans.scan(now=clock.now)
    clock.sweep()
    assert Notification.objects.filter(kind=Kind.NOTICE_DUE, subject_id=meeting.pk).exists()
    for message in mail.outbox:
        assert "CANARY" not in everything(message)
    row = Notification.objects.get(kind=Kind.NOTICE_DUE, recipient=cast.chair)
    assert row.status == Notification.Status.SENT
    assert any("needs your attention" in m.subject for m in mail_to(cast.chair))


def test_draft_minutes_are_chased_two_days_before_due_and_once(cast, clock):
    meeting = _schedule(cast, datetime.date(2027, 1, 13), 21, title="January meeting")
    # Draft minutes due seven days after, on January 20: chased from January 18.
    for day in (14, 17):
        clock.set(at(datetime.date(2027, 1, day), 9))
        scans.scan(now=clock.now)
    assert not Notification.objects.filter(kind=Kind.MINUTES_DUE).exists()
    for day in (18, 19, 21, 25):
        clock.set(at(datetime.date(2027, 1, day), 9))
        scans.scan(now=clock.now)
        clock.sweep()
    for role in HIGH_MEMBERS:
        chased = [m for m in mail_to(cast.people[role]) if "Draft minutes due" in m.subject]
        assert len(chased) == (1 if role in ("secretary", "chair") else 0), role
    [message] = [m for m in mail_to(cast.chair) if "Draft minutes due" in m.subject]
    assert "are due on Jan. 20, 2027" in message.body
    # Submitted since: none is chased for another meeting's due date either.
    meeting_services.minutes_section_add(meeting=meeting, heading="Drills", body="Two.", by=None)
    meeting_services.minutes_submit(meeting=meeting, by=cast.secretary)
    Notification.objects.all().delete()
    clock.set(at(datetime.date(2027, 1, 26), 9))
    scans.scan(now=clock.now)
    assert not Notification.objects.filter(kind=Kind.MINUTES_DUE).exists()


def _minutes_due_sweep_queries(cast, clock, meetings: int) -> int:
    """The sweep's queries for the draft-minutes reminders of ``meetings`` meetings of
    one district, whose rules it keeps (a row of its own to read)."""
    MeetingRules.objects.get_or_create(district=cast.district)
    for n in range(meetings):
        _schedule(cast, datetime.date(2027, 1, 13), 9 + n, title=f"Meeting {n}")
    clock.set(at(datetime.date(2027, 1, 18), 9))
    scans.scan(now=clock.now)
    rows = Notification.objects.filter(kind=Kind.MINUTES_DUE).count()
    assert rows >= 2 * meetings  # the secretary and the chair, of these and earlier ones
    with CaptureQueriesContext(connection) as queries:
        clock.sweep()
    assert Notification.objects.filter(status=Notification.Status.SENT).count() == rows
    return len(queries)


def test_a_batch_of_minutes_reminders_reads_the_districts_rules_once(cast, clock):
    """Many meetings of one district are chased in one batch: its rules and time zone are
    read once for the batch, not once a message (the outbox's sweep at statewide scale)."""
    few = _minutes_due_sweep_queries(cast, clock, 1)
    Notification.objects.all().delete()
    assert _minutes_due_sweep_queries(cast, clock, 4) == few
