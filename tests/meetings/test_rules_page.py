"""The district's open meeting rules page: its safety administrators set the rules beside
the state's defaults, go back to them, and every change is on record (issue 19)."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from meetings import deadlines, selectors, services
from meetings.models import MeetingRules

pytestmark = pytest.mark.django_db
URL = "/committees/district/meetings/rules/"


def _form(**overrides) -> dict:
    data = {
        "notice_hours": "48",
        "notice_skips_weekends_and_holidays": "on",
        "holidays": "",
        "draft_minutes_days": "10",
        "posted_minutes_days": "30",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _rows(page: str) -> dict[str, tuple[str, bool]]:
    """Each rule's row: (the district's value, whether it differs from the state's)."""
    pattern = r'<tr( data-differs)?>\s*<th scope="row">([^<]+)</th>\s*<td>(.*?)</td>'
    rows = re.findall(pattern, page, re.S)
    return {
        label: (re.sub(r"<[^>]+>", "", re.sub(r"<span.*?</span>", "", cell)).strip(), bool(d))
        for d, label, cell in rows
    }


def test_the_page_lives_beside_the_compliance_settings_and_is_linked_from_them(cast, login):
    assert reverse("meetings:rules") == URL
    client = login(cast.district_admin)
    for name in ("compliance:settings", "compliance:overview", "portal:district_overview"):
        page = client.get(reverse(name)).content.decode()
        assert f'href="{URL}"' in page, name


def test_a_district_without_rules_sees_its_states_defaults_and_saving_keeps_its_own(cast, login):
    client = login(cast.district_admin)
    page = client.get(URL).content.decode()
    assert "keeps no rules of its own" in page and "(CT)" in page
    assert 'value="24"' in page  # Connecticut's 24 hours
    assert not any(differs for _value, differs in _rows(page).values())
    assert "Return to the state" not in page  # nothing of its own to remove
    assert not MeetingRules.objects.filter(district=cast.district).exists()

    response = client.post(
        URL,
        _form(holidays="2027-02-15\n2027-01-18\n\n2027-01-18\n", roll_call_in_executive="on"),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == URL
    rules = MeetingRules.objects.get(district=cast.district)
    assert (rules.notice_hours, rules.notice_skips_weekends_and_holidays) == (48, True)
    assert rules.holidays == ["2027-01-18", "2027-02-15"]  # sorted, each once
    assert (rules.draft_minutes_days, rules.posted_minutes_days) == (10, 30)
    assert rules.roll_call_in_executive and not rules.remote_reason_required
    page = response.content.decode()
    assert "The district keeps its own rules." in page
    rows = _rows(page)
    assert rows["Hours of notice"] == ("48 hours", True)
    assert rows["Days to draft the minutes"] == ("10 days", True)
    assert rows["Days to post approved minutes"] == ("30 days", False)
    assert rows["Reason for remote participation"] == ("No", False)
    assert rows["Holidays the district observes"] == ("Jan 18, 2027; Feb 15, 2027", True)
    # The form shows the holidays back, a date per line.
    assert "2027-01-18\n2027-02-15" in page
    # The deadlines follow the district's rules at once.
    assert MeetingRules.for_district(cast.district).notice_hours == 48


def test_bad_input_says_which_line_and_loses_nothing(cast, login):
    MeetingRules.objects.create(district=cast.district, notice_hours=36)
    client = login(cast.district_admin)
    typed = "2027-01-18\nMLK day\n2027-02-30\n01/02/2027"
    response = client.post(URL, _form(holidays=typed, posted_minutes_days="5"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Line 2: “MLK day” is not a date." in page
    assert "Line 3: “2027-02-30” is not a date." in page
    assert "Line 1" not in page and "Line 4" not in page  # ISO, and the English way
    assert "Approved minutes cannot be due before the draft" in page
    # What was typed is all still there to correct.
    assert typed in page.replace("\r\n", "\n")
    assert re.search(r'name="notice_hours" value="48"|value="48"[^>]*name="notice_hours"', page)
    # Nothing was saved.
    rules = MeetingRules.objects.get(district=cast.district)
    assert (rules.notice_hours, rules.holidays, rules.posted_minutes_days) == (36, [], 30)


def test_holidays_are_read_in_the_readers_language_too(cast, login):
    client = login(cast.district_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = client.get(URL).content.decode()
    assert "Normas de reuniones abiertas" in page and "Open meeting rules" not in page
    client.post(URL, _form(holidays="18/01/2027\n2027-12-24\n15/02/2027"))
    rules = MeetingRules.objects.get(district=cast.district)
    assert rules.holidays == ["2027-01-18", "2027-02-15", "2027-12-24"]
    response = client.post(URL, _form(holidays="31/02/2027"))
    assert "Línea 1" in response.content.decode()


def test_returning_to_the_states_defaults_removes_the_districts_row(cast, login):
    services.meeting_rules_set(district=cast.district, by=cast.district_admin, notice_hours=72)
    client = login(cast.district_admin)
    page = client.get(URL).content.decode()
    assert "Return to the state's defaults" in page
    response = client.post(reverse("meetings:rules_reset"), follow=True)
    assert "follows its state" in response.content.decode()
    assert not MeetingRules.objects.filter(district=cast.district).exists()
    assert MeetingRules.for_district(cast.district).notice_hours == 24
    # Again: nothing to remove, said so.
    response = client.post(reverse("meetings:rules_reset"), follow=True)
    assert "already follows" in response.content.decode()


def test_a_massachusetts_district_sees_its_states_defaults(cast, login):
    page = login(cast.other_admin).get(URL).content.decode()
    rows = _rows(page)
    assert rows["Hours of notice"] == ("48 hours", False)
    assert rows["Weekends and holidays not counted"] == ("Yes", False)
    assert "(MA)" in page
    # Its own administrator changes Millbrook's rules, never Westport's.
    login(cast.other_admin).post(URL, _form(notice_hours="50"))
    assert MeetingRules.objects.get(district=cast.other_district).notice_hours == 50
    assert not MeetingRules.objects.filter(district=cast.district).exists()


def test_every_change_is_on_record_under_the_district(cast, login):
    client = login(cast.district_admin)
    client.post(URL, _form())
    client.post(URL, _form(notice_hours="60", holidays="2027-01-18"))
    client.post(reverse("meetings:rules_reset"))
    kind = ContentType.objects.get_for_model(MeetingRules)
    entries = AuditEntry.objects.filter(content_type=kind).order_by("pk")
    assert [e.action for e in entries] == [
        AuditEntry.Action.CREATE,
        AuditEntry.Action.UPDATE,
        AuditEntry.Action.DELETE,
    ]
    assert {e.district_id for e in entries} == {cast.district.pk}
    assert {e.actor_id for e in entries} == {cast.district_admin.pk}
    assert [str(v) for v in entries[1].changes_dict["notice_hours"]] == ["48", "60"]
    # The page lists them, and the district's trail holds them; Millbrook's does not.
    page = client.get(URL).content.decode()
    history = page.split("Changes on record", 1)[1]
    assert history.count("<time datetime") == 3 and "Hours of notice: 48 → 60" in history
    trail = client.get(reverse("audit:trail"), {"kind": "change"}).content.decode()
    assert "Hours of notice: 48 → 60" in trail
    assert not AuditEntry.objects.filter(content_type=kind, district=cast.other_district).exists()


def test_only_the_districts_administrators_set_its_rules(cast):
    with pytest.raises(PermissionDenied, match="safety administrators"):
        services.meeting_rules_set(district=cast.district, by=cast.chair, notice_hours=1)
    with pytest.raises(PermissionDenied, match="safety administrators"):
        services.meeting_rules_set(district=cast.district, by=cast.other_admin, notice_hours=1)
    with pytest.raises(PermissionDenied, match="safety administrators"):
        services.meeting_rules_reset(district=cast.district, by=cast.principal)
    assert not MeetingRules.objects.filter(district=cast.district).exists()


def test_the_page_costs_the_same_with_few_and_many_holidays_and_changes(cast, login):
    client = login(cast.district_admin)

    def count() -> int:
        client.get(URL)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    few = count()
    services.meeting_rules_set(district=cast.district, by=cast.district_admin, notice_hours=30)
    kept = count()
    for n in range(30):
        services.meeting_rules_set(
            district=cast.district,
            by=cast.district_admin,
            notice_hours=31 + n,
            holidays=[f"2027-{month:02d}-{day:02d}" for month in range(1, 13) for day in (1, 15)],
        )
    many = count()
    assert kept == many, (few, kept, many)
    assert few <= kept
    assert len(selectors.rules_history(cast.district)) == selectors.RULES_HISTORY_SHOWN


def test_the_saved_holidays_move_the_notice_deadline(cast, login):
    login(cast.district_admin).post(URL, _form(notice_hours="48", holidays="2027-01-18"))
    rules = MeetingRules.for_district(cast.district)
    # Tuesday 7 PM after a Monday holiday: 48 hours, the weekend and the holiday not
    # counted, reach back to Thursday 7 PM (Friday 7 PM without the holiday).
    start = datetime.datetime(2027, 1, 20, 0, 0, tzinfo=datetime.UTC)  # Tue 7 PM EST
    due = deadlines.notice_due(start, rules, cast.district.time_zone)
    assert due.astimezone(datetime.UTC) == datetime.datetime(2027, 1, 15, 0, 0, tzinfo=datetime.UTC)
