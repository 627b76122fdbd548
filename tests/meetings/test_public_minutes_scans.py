"""Reminders through the outbox: approved minutes not posted on time, and executive
minutes due for release review; once each, and nothing of a restricted meeting."""

import datetime

import pytest
from django.core import mail

from followups.models import ActionItem
from meetings import services as meeting_services
from notifications import scans
from notifications.models import Kind, Notification
from tests.conftest import add_co_chair
from tests.notifications.clock import Clock, at, everything, mail_to

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


def _held(cast, clock, **extra):
    meeting = meeting_services.meeting_schedule(
        committee=cast.high,
        title=extra.pop("title", "January meeting"),
        starts_at=at(datetime.date(2027, 1, 13), 19),
        location="Library",
        by=None,
        **extra,
    )
    clock.set(at(datetime.date(2027, 1, 14), 9))
    meeting_services.minutes_section_add(
        meeting=meeting, heading="Drills", body="Two drills held.", by=None
    )
    meeting = meeting_services.minutes_approve(meeting=meeting, by=None)
    Notification.objects.all().delete()
    return meeting


def _run(clock, days):
    for day in days:
        clock.set(at(day, 9))
        scans.scan(now=clock.now)
        clock.sweep()


def test_approved_minutes_not_posted_are_chased_two_days_before_due_and_once(cast, clock):
    meeting = _held(cast, clock)
    # Posted within 30 days of the meeting: by February 12; chased from February 10.
    _run(clock, [datetime.date(2027, 2, d) for d in (1, 9)])
    assert not Notification.objects.filter(kind=Kind.MINUTES_POSTING_DUE).exists()
    _run(clock, [datetime.date(2027, 2, d) for d in (10, 11, 13, 20)])
    for role in HIGH_MEMBERS:
        chased = [m for m in mail_to(cast.people[role]) if "Minutes to post" in m.subject]
        assert len(chased) == (1 if role in ("secretary", "chair") else 0), role
    [message] = [m for m in mail_to(cast.chair) if "Minutes to post" in m.subject]
    assert "must be posted by Feb. 12, 2027" in message.body
    # Posted since: nothing more.
    minutes = meeting_services.public_minutes_prepare(meeting=meeting, by=cast.secretary)
    meeting_services.public_minutes_publish(minutes=minutes, by=cast.chair)
    Notification.objects.all().delete()
    _run(clock, [datetime.date(2027, 2, 21)])
    assert not Notification.objects.filter(kind=Kind.MINUTES_POSTING_DUE).exists()


def test_an_executive_sessions_minutes_are_not_chased_for_posting(cast, clock):
    _held(cast, clock, kind="executive", title="Executive session", public_purpose="Security")
    _run(clock, [datetime.date(2027, 2, 20)])
    assert not Notification.objects.filter(kind=Kind.MINUTES_POSTING_DUE).exists()


def test_a_release_review_falls_due_and_tells_the_cleared_reviewers_nothing_of_it(cast, clock):
    add_co_chair(cast)
    meeting = _held(
        cast, clock, kind="executive", title="CANARY-EXEC-REVIEW-7f3a", public_purpose="Security"
    )
    assert meeting.minutes_review_on == datetime.date(2027, 7, 14)
    _run(clock, [datetime.date(2027, 7, 13)])
    assert not Notification.objects.filter(kind=Kind.MINUTES_RELEASE_REVIEW).exists()
    _run(clock, [datetime.date(2027, 7, 14), datetime.date(2027, 7, 15)])
    sent = Notification.objects.filter(
        kind=Kind.MINUTES_RELEASE_REVIEW, status=Notification.Status.SENT
    )
    told = sorted(sent.values_list("recipient__username", flat=True))
    # Not the uncleared co-chair (not a reviewer), nor the secretary (does not publish).
    assert told == sorted([cast.chair.username, cast.principal.username])
    for message in mail.outbox:
        assert "CANARY" not in everything(message)
    # Kept closed: the next review is another period, chased when it comes.
    meeting_services.minutes_release_decide(
        meeting=meeting,
        decision="keep_closed",
        reason="Still under investigation",
        next_review_on=datetime.date(2027, 10, 1),
        by=cast.chair,
    )
    _run(clock, [datetime.date(2027, 7, 16), datetime.date(2027, 9, 30)])
    assert sent.count() == 2
    _run(clock, [datetime.date(2027, 10, 1)])
    assert sent.count() == 4
