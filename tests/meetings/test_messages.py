"""What the meetings' messages say, and to whom: the gate asked at sending time.

A reminder lists only the agenda the member may see; a cancellation, a summary to
review and minutes to approve reach the people they concern, and no one else.
"""

import datetime

import pytest
from django.core import mail

from committees.models import Level
from meetings import services as meeting_services
from notifications import scans
from notifications import services as outbox
from notifications.models import Kind, Notification
from tests.meetings.clock import approved
from tests.notifications.clock import everything, mail_to

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _quiet(cast):
    """Start from an empty outbox: the cast's meetings were announced as it was built."""
    Notification.objects.all().delete()
    mail.outbox = []


# Meetings tomorrow: what the member may see, nothing more


def _meeting_tomorrow(cast):
    starts = datetime.datetime(2027, 1, 13, 23, 30, tzinfo=UTC)  # 6:30 p.m. on the 13th
    meeting = meeting_services.meeting_schedule(
        committee=cast.high, title="January meeting", starts_at=starts, location="Library", by=None
    )
    for level in (Level.COMMITTEE, Level.RESTRICTED):
        meeting_services.agenda_item_add(
            meeting=meeting, title=f"{level} agenda item", visibility=level, by=None
        )
    return meeting


def test_the_reminder_lists_the_agenda_the_member_may_see(cast):
    _meeting_tomorrow(cast)
    Notification.objects.all().delete()
    scans.scan(now=datetime.datetime(2027, 1, 12, 15, 0, tzinfo=UTC))  # the 12th, local
    outbox.sweep()
    [to_parent] = [m for m in mail_to(cast.parent) if "January meeting" in m.subject]
    [to_cleared] = [m for m in mail_to(cast.cleared_staff) if "January meeting" in m.subject]
    assert "committee agenda item" in to_parent.body
    assert "restricted agenda item" not in everything(to_parent)
    assert "restricted agenda item" not in everything(to_cleared)  # never in e-mail at all
    assert "An agenda item (restricted: sign in to see it)" in to_cleared.body
    assert "6:30" in to_parent.body


def test_a_meeting_cancelled_reaches_its_members_but_not_whoever_cancelled_it(cast):
    meeting = meeting_services.meeting_schedule(
        committee=cast.high,
        title="February meeting",
        starts_at=datetime.datetime(2027, 2, 10, 23, 30, tzinfo=UTC),
        location="Library",
        by=cast.secretary,
    )
    meeting_services.meeting_cancel(meeting=meeting, reason="Snow day", by=cast.secretary)
    outbox.sweep()
    cancelled = [m for m in mail.outbox if "Meeting cancelled: February meeting" in m.subject]
    recipients = {m.to[0] for m in cancelled}
    assert any(cast.parent.email in to for to in recipients)
    assert not any(cast.secretary.email in to for to in recipients)


def test_a_summary_to_review_reaches_the_chair_and_the_principal_not_its_author(cast):
    meeting = cast.meetings["high"]
    meeting.summary.delete()
    meeting_services.summary_save(meeting=meeting, text="The committee met.", by=cast.secretary)
    outbox.sweep()
    reviewers = {m.to[0] for m in mail.outbox if "To review" in m.subject}
    assert any(cast.chair.email in to for to in reviewers)
    assert any(cast.principal.email in to for to in reviewers)
    assert not any(cast.secretary.email in to for to in reviewers)


def test_minutes_awaiting_approval_reach_those_who_record_them(cast):
    meeting = meeting_services.meeting_schedule(
        committee=cast.high,
        title="Drill debrief",
        starts_at=datetime.datetime(2026, 11, 3, 21, 0, tzinfo=UTC),
        location="Library",
        by=None,
    )
    meeting_services.minutes_section_add(meeting=meeting, heading="Times", body="4 min.", by=None)
    scans.scan(now=datetime.datetime(2026, 11, 5, 15, 0, tzinfo=UTC))
    outbox.sweep()
    to = {m.to[0] for m in mail.outbox if "Minutes to approve: Drill debrief" in m.subject}
    assert any(cast.chair.email in t for t in to) and any(cast.secretary.email in t for t in to)
    assert not any(cast.parent.email in t for t in to)
    approved(meeting, submitter=cast.secretary, approver=cast.chair)
    Notification.objects.all().delete()
    scans.scan(now=datetime.datetime(2026, 11, 6, 15, 0, tzinfo=UTC))
    assert not Notification.objects.filter(
        kind=Kind.MINUTES_APPROVAL, subject_id=meeting.pk
    ).exists()
