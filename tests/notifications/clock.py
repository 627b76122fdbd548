"""A stopped clock for the outbox's tests, and small helpers they share.

A reminder is written by a scan at one instant and composed at sending time, when
the gate and the message ask what day it is. To play the beat's hourly scan and
sweep over days, both have to see the same "now": the clock sets it for the gate
(``access.district_today``), for Django (``timezone.now``) and for the outbox.
"""

import datetime
from zoneinfo import ZoneInfo

from django.core import mail

from committees import access
from notifications import scans
from notifications import services as outbox
from notifications.models import Notification

UTC = datetime.UTC
NEW_YORK = ZoneInfo("America/New_York")


class Clock:
    def __init__(self, monkeypatch):
        self.now = datetime.datetime.now(UTC)
        monkeypatch.setattr("django.utils.timezone.now", lambda: self.now)
        monkeypatch.setattr(outbox, "_now", lambda: self.now)
        monkeypatch.setattr(
            access,
            "district_today",
            lambda district: self.now.astimezone(ZoneInfo(district.time_zone)).date(),
        )

    def set(self, now: datetime.datetime) -> None:
        assert now.tzinfo is not None
        self.now = now

    def sweep(self, now: datetime.datetime | None = None) -> int:
        """The beat's sweep at ``now``: rows written since are due then."""
        if now is not None:
            self.set(now)
        Notification.objects.filter(
            status=Notification.Status.PENDING, attempts=0, next_attempt_at__gt=self.now
        ).update(next_attempt_at=self.now)
        return outbox.sweep()


def local(hour_or_dt, zone=NEW_YORK) -> datetime.datetime:
    return hour_or_dt.astimezone(zone)


def at(day: datetime.date, hour: int, minute: int = 0, zone=NEW_YORK) -> datetime.datetime:
    """A local wall-clock time, as an aware datetime in UTC."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), zone).astimezone(UTC)


def mail_to(user) -> list:
    return [m for m in mail.outbox if any(f"<{user.email}>" in to for to in m.to)]


def everything(message) -> str:
    """Subject, text and HTML: everything a reader of the message can see."""
    return "\n".join([message.subject, message.body, *(c for c, _t in message.alternatives)])


def play(clock, start: datetime.datetime, hours: int) -> list[tuple[datetime.datetime, object]]:
    """The beat, hourly: scan, then sweep. Each message with the instant it was sent."""
    sent = []
    for hour in range(hours):
        now = start + hour * datetime.timedelta(hours=1)
        clock.set(now)
        scans.scan(now=now)
        before = len(mail.outbox)
        clock.sweep()
        sent += [(now, message) for message in mail.outbox[before:]]
    return sent
