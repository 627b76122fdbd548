"""The school calendar: a district's today, and the school year a day falls in.

A school year runs from July 1 to June 30 and is named by the year it starts in (2026
for 2026–27). A district's own calendar of school days (``incidents.SchoolYear``)
narrows it for the drill cadence. Part of the shared kit: imports nothing of the
project.
"""

import datetime
from zoneinfo import ZoneInfo

FIRST_MONTH = 7  # July


def district_today(district) -> datetime.date:
    """Today's date where the district is: terms end at the district's midnight."""
    return datetime.datetime.now(ZoneInfo(district.time_zone)).date()


def school_year_of(day: datetime.date) -> int:
    """The school year a day falls in, named by the year it starts."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def school_year_days(year: int) -> tuple[datetime.date, datetime.date]:
    """The school year's first day and the first day of the next."""
    return datetime.date(year, FIRST_MONTH, 1), datetime.date(year + 1, FIRST_MONTH, 1)


def school_year_window(district, year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The school year as aware datetimes: from its first midnight where the district is
    to the next year's."""
    zone = ZoneInfo(district.time_zone)
    first, next_first = school_year_days(year)
    return (
        datetime.datetime.combine(first, datetime.time(), zone),
        datetime.datetime.combine(next_first, datetime.time(), zone),
    )
