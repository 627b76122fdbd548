"""When a meeting's notice must be public: plain hours (Connecticut), or hours that skip
Saturdays, Sundays and the district's holidays (Massachusetts), across daylight saving."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from meetings.deadlines import minutes_due, notice_due

NY = ZoneInfo("America/New_York")
UTC = datetime.UTC
MA = SimpleNamespace(notice_hours=48, notice_skips_weekends_and_holidays=True, holidays=[])
CT = SimpleNamespace(notice_hours=24, notice_skips_weekends_and_holidays=False, holidays=[])


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=NY)


def due(start, rules=MA):
    return notice_due(start.astimezone(UTC), rules, NY).astimezone(NY)


def test_connecticut_counts_plain_hours_even_over_a_weekend():
    # Monday 7 p.m.: Sunday 7 p.m.
    assert due(local(2027, 3, 1, 19), CT) == local(2027, 2, 28, 19)


def test_massachusetts_midweek_is_two_days_before():
    # Thursday 7 p.m.: Tuesday 7 p.m.
    assert due(local(2027, 3, 4, 19)) == local(2027, 3, 2, 19)


def test_massachusetts_skips_the_weekend():
    # Monday 7 p.m.: 19 hours of Monday, none of Sunday or Saturday, 24 of Friday, 5 of
    # Thursday: Thursday 7 p.m.
    assert due(local(2027, 3, 1, 19)) == local(2027, 2, 25, 19)
    # Tuesday 10 a.m.: Friday 10 a.m.
    assert due(local(2027, 3, 2, 10)) == local(2027, 2, 26, 10)


def test_a_meeting_on_saturday_counts_from_friday_midnight():
    assert due(local(2027, 3, 6, 10)) == local(2027, 3, 4, 0)


def test_massachusetts_skips_a_listed_holiday():
    # Patriots' Day, Monday April 19, 2027: a Wednesday 9 a.m. meeting needs Friday 9 a.m.
    rules = SimpleNamespace(**{**vars(MA), "holidays": ["2027-04-19", "not a date"]})
    assert due(local(2027, 4, 21, 9), rules) == local(2027, 4, 16, 9)
    # Not listed: the Monday counts, Monday 9 a.m.
    assert due(local(2027, 4, 21, 9)) == local(2027, 4, 19, 9)


def test_the_november_change_counts_real_hours():
    # Clocks fall back at 2 a.m. on Sunday, November 7, 2027. A Tuesday 9 a.m. meeting:
    # 9 hours of Tuesday, 24 of Monday, the weekend skipped (its 25 hours too), 15 of
    # Friday: Friday 9 a.m. (the change falls on a Sunday, which Massachusetts skips).
    assert due(local(2027, 11, 9, 9)) == local(2027, 11, 5, 9)
    # Connecticut: 24 real hours before Monday 9 a.m. is Sunday 9 a.m. (after the change).
    assert due(local(2027, 11, 8, 9), CT) == local(2027, 11, 7, 9)
    # Across the change itself: Sunday 1:30 a.m. EST (the second 1:30) less 24 hours is
    # Saturday 2:30 a.m. EDT.
    second = datetime.datetime(2027, 11, 7, 1, 30, fold=1, tzinfo=NY)
    assert due(second, CT) == local(2027, 11, 6, 2, 30)


def test_plain_hours_across_the_november_change_are_real_hours():
    # A rule of 48 hours that skips nothing: 48 real hours before Monday 9 a.m. are
    # Saturday 10 a.m. by the clock.
    rules = SimpleNamespace(notice_hours=48, notice_skips_weekends_and_holidays=False, holidays=[])
    assert due(local(2027, 11, 8, 9), rules) == local(2027, 11, 6, 10)
    elapsed = local(2027, 11, 8, 9).astimezone(UTC) - due(local(2027, 11, 8, 9), rules)
    assert elapsed == datetime.timedelta(hours=48)


def test_the_march_change_in_massachusetts():
    # Clocks spring forward on Sunday, March 14, 2027: skipped anyway; Monday 7 p.m. is due
    # Thursday 7 p.m. as on any weekend.
    assert due(local(2027, 3, 15, 19)) == local(2027, 3, 11, 19)


def test_minutes_due_counts_days_in_the_districts_day():
    # 9:30 p.m. on January 13 in New York is the 14th in UTC; due seven days after the 13th.
    start = local(2027, 1, 13, 21, 30).astimezone(UTC)
    assert minutes_due(start, 7, NY) == datetime.date(2027, 1, 20)
