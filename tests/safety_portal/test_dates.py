"""Dates written the reader's way, once per process for each language, pattern and value
(safety_portal.documents.written, the pages' ``as_date``)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.template.defaultfilters import date as django_date
from django.utils import timezone, translation

from safety_portal.documents import written

NEW_YORK = ZoneInfo("America/New_York")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def test_the_same_instant_reads_in_the_zone_it_is_given():
    """Two aware datetimes of one instant are equal and hash alike: the wall time and its
    zone are what is written, not the instant."""
    instant = datetime.datetime(2026, 12, 8, 0, 30, tzinfo=datetime.UTC)
    east, west = instant.astimezone(NEW_YORK), instant.astimezone(LOS_ANGELES)
    assert east == west
    with translation.override("en"):
        assert written(east, "when") == "Monday, December 7, 2026, 7:30 PM EST"
        assert written(west, "when") == "Monday, December 7, 2026, 4:30 PM PST"
        assert written(east, "when") == "Monday, December 7, 2026, 7:30 PM EST"


def test_the_repeated_hour_of_the_fall_keeps_its_own_offset():
    """1:30 AM comes twice on the night the clocks go back; the two are one wall time
    (equal as naive datetimes) and are told apart by ``fold``."""
    first = datetime.datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK)
    second = first.replace(fold=1)
    assert written(first, "c") == "2026-11-01T01:30:00-04:00"
    assert written(second, "c") == "2026-11-01T01:30:00-05:00"


def test_each_language_writes_its_own_and_switching_back_gives_the_first_again():
    day = datetime.date(2026, 12, 8)
    seen = {}
    for language in ("en", "es", "pt", "en"):
        with translation.override(language):
            seen.setdefault(language, written(day, "weekday_day"))
            assert written(day, "weekday_day") == seen[language]
    assert seen == {
        "en": "Tuesday, December 8, 2026",
        "es": "martes, 8 de diciembre de 2026",
        "pt": "Terça-feira, 8 de Dezembro de 2026",
    }


@pytest.mark.parametrize("language", ["en", "es", "pt"])
@pytest.mark.parametrize("name", ["DATE_FORMAT", "MONTH_DAY_FORMAT", "DATETIME_FORMAT", "c"])
def test_djangos_format_names_read_as_its_date_filter_reads_them(language, name):
    moment = datetime.datetime(2026, 3, 4, 15, 5, tzinfo=NEW_YORK)
    with translation.override(language):
        assert written(moment, name) == django_date(moment, name)
        if name != "DATETIME_FORMAT":
            assert written(moment.date(), name) == django_date(moment.date(), name)


@pytest.mark.parametrize("value", [None, ""])
def test_no_date_writes_nothing(value):
    assert written(value, "day") == ""


def test_a_page_shows_a_time_in_the_districts_zone():
    """``as_date`` is given the time in the page's zone (expects_localtime), as Django's
    ``date`` filter is: a time stored in UTC reads as the district's."""
    stored = datetime.datetime(2026, 12, 8, 0, 30, tzinfo=datetime.UTC)
    page = Template('{% load portal %}{{ at|as_date:"when" }} / {{ at|as_date:"DATE_FORMAT" }}')
    with translation.override("es"), timezone.override(NEW_YORK):
        shown = page.render(Context({"at": stored}))
    assert shown == "lunes, 7 de diciembre de 2026, 19:30 EST / 7 de diciembre de 2026"
