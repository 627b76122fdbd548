"""The meetings' clock in tests: a meeting's attendance, summary and minutes come once it
has started, so a test that records them sets the clock past the start."""

import datetime

from meetings import services


def after_start(monkeypatch, meeting, *, hours: int = 2) -> datetime.datetime:
    """Stop the clock (``timezone.now``) ``hours`` after the meeting's start."""
    now = meeting.starts_at + datetime.timedelta(hours=hours)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    return now


def approved(meeting, *, submitter, approver):
    """Submitted by one person, approved by another (four eyes)."""
    services.minutes_submit(meeting=meeting, by=submitter)
    return services.minutes_approve(meeting=meeting, by=approver)
