"""Open meeting deadlines: when a meeting's notice must be public, when its minutes are due.

Pure arithmetic on the district's ``MeetingRules`` and time zone: nothing here reads the
database.
"""

import datetime
from zoneinfo import ZoneInfo

UTC = datetime.UTC


def _skipped_days(rules) -> set[datetime.date]:
    days = set()
    for value in rules.holidays or []:
        try:
            days.add(datetime.date.fromisoformat(str(value)))
        except ValueError:
            continue
    return days


def notice_due(
    meeting_start_utc: datetime.datetime, rules, tz: ZoneInfo | str
) -> datetime.datetime:
    """The latest moment (UTC) the meeting's notice and agenda must be public.

    Without ``notice_skips_weekends_and_holidays`` (Connecticut): ``notice_hours`` real
    hours before the meeting.

    With it (Massachusetts, M.G.L. c.30A §20(b): "at least 48 hours prior to such meeting,
    excluding Saturdays, Sundays and legal holidays"): the hours are counted back from the
    meeting in real elapsed time, and every whole day that is a Saturday, a Sunday or one
    of the district's listed holidays, from midnight to midnight in the district's time
    zone, does not count. Real elapsed hours are the natural reading of "48 hours": the
    night the clocks fall back counts 25 hours and the night they spring forward 23, so
    a deadline across a change lies at a different wall-clock time than the meeting.
    """
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    start = meeting_start_utc.astimezone(UTC)
    remaining = datetime.timedelta(hours=rules.notice_hours)
    if not rules.notice_skips_weekends_and_holidays:
        return start - remaining
    holidays = _skipped_days(rules)
    cursor = start
    # Each step moves back to the start of a local day: at most one per day.
    for _step in range(3660):
        local = cursor.astimezone(zone)
        day = local.date()
        day_start = datetime.datetime.combine(day, datetime.time(), zone).astimezone(UTC)
        if day_start == cursor:  # at midnight: the hours before belong to the day before
            day = day - datetime.timedelta(days=1)
            day_start = datetime.datetime.combine(day, datetime.time(), zone).astimezone(UTC)
        if day.weekday() < 5 and day not in holidays:
            available = cursor - day_start
            if available >= remaining:
                return cursor - remaining
            remaining -= available
        cursor = day_start
    raise ValueError("No working day within ten years before the meeting.")


def minutes_due(meeting_start_utc: datetime.datetime, days: int, tz: ZoneInfo | str):
    """The date (in the district's time zone) by which minutes are due: ``days`` calendar
    days after the meeting's day. Due at the end of that day."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return meeting_start_utc.astimezone(zone).date() + datetime.timedelta(days=days)
