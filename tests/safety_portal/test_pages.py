"""The site's own pages: the home page, signing in, "My committees" and the district
overview."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import access, services
from committees.models import Category, District, Level, RepresentationRule
from followups import services as followup_services
from followups.models import ActionItem
from meetings import services as meeting_services
from safety_portal import overview
from safety_portal.school_calendar import school_year_of
from tests.factories import ActionItemFactory

pytestmark = pytest.mark.django_db
Status = ActionItem.Status


@pytest.fixture
def district():
    return District.objects.create(
        name="Westport Public Schools", slug="westport", state="CT", tip_line="1-800-555-0142"
    )


def test_home_page_has_the_base_layout(client, district):
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Westport Public Schools" in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert "In an emergency, call 911." in html
    assert "1-800-555-0142" in html
    assert '<meta name="viewport"' in html
    assert re.search(r"<nav[^>]*aria-label=", html)
    assert 'href="/accounts/login/"' in html


def test_sign_in_and_out(client, district, django_user_model):
    django_user_model.objects.create_user(
        "chair.high", password="correct horse 42", district=district
    )
    page = client.get("/accounts/login/").content.decode()
    assert '<label for="id_username">' in page and '<label for="id_password">' in page

    bad = client.post("/accounts/login/", {"username": "chair.high", "password": "wrong"})
    assert bad.status_code == 200
    assert "enter a correct username and password" in bad.content.decode()

    ok = client.post("/accounts/login/", {"username": "chair.high", "password": "correct horse 42"})
    assert ok.status_code == 302
    home = client.get("/")
    assert "Sign out" in home.content.decode()
    assert "no-store" in home["Cache-Control"] and "private" in home["Cache-Control"]

    client.post("/accounts/logout/")
    assert "Sign out" not in client.get("/").content.decode()


# --- My committees -------------------------------------------------------------------


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_my_committees_shows_my_seat_and_what_needs_me(cast, login):
    today = access.district_today(cast.district)
    ActionItemFactory(
        committee=cast.high,
        assignee=cast.chair,
        due_date=today - datetime.timedelta(days=3),
        title="Order replacement radios",
    )
    RepresentationRule.objects.create(
        district=cast.district, category=Category.FIRE, or_categories=[Category.EMS]
    )
    html = _html(login(cast.chair).get(reverse("portal:mine")))
    assert "Westport High School Safety Committee" in html
    assert "My seat: Chair, representing other school staff (restricted clearance)" in html
    assert "open action items assigned to me" in html and "1 overdue" in html
    assert "Required seat empty: Firefighter or EMT or paramedic (1 missing)" in html
    # Not the chair's committee:
    assert "Cedar Point Middle School Safety Committee" not in html


def test_a_parent_is_not_told_of_seats_or_restricted_work(cast, login):
    RepresentationRule.objects.create(district=cast.district, category=Category.FIRE)
    ActionItemFactory(
        committee=cast.high, assignee=cast.parent, visibility=Level.RESTRICTED, title="x"
    )
    html = _html(login(cast.parent).get(reverse("portal:mine")))
    assert "Required seat empty" not in html
    assert "assigned to me" not in html  # a restricted item is not even counted


def test_someone_on_no_committee_is_told_whom_to_ask(cast, login):
    html = _html(login(cast.outsider).get(reverse("portal:mine")))
    assert "You do not sit on a safety committee" in html


def test_a_shared_record_shows_under_shared_with_me(cast, login):
    item = cast.items[("high", Level.RESTRICTED)]
    services.named_grant_add(record=item, user=cast.outsider, by=cast.chair)
    html = _html(login(cast.outsider).get(reverse("portal:mine")))
    assert "Shared with me" in html and item.title in html
    assert f'data-visibility="{Level.RESTRICTED}"' in html


def test_my_committees_lists_the_next_meetings(cast, login):
    soon = timezone.now() + datetime.timedelta(days=5)
    meeting_services.meeting_schedule(
        committee=cast.high, title="Winter meeting", starts_at=soon, location="Library", by=None
    )
    meeting_services.meeting_schedule(
        committee=cast.middle,
        title="Middle school meeting",
        starts_at=soon,
        location="Gym",
        by=None,
    )
    html = _html(login(cast.parent).get(reverse("portal:mine")))
    assert "Winter meeting" in html and "Middle school meeting" not in html


# --- The district overview -----------------------------------------------------------


@pytest.fixture
def today(cast):
    return access.district_today(cast.district)


def _overview_rows(html: str) -> dict[str, tuple[int, ...]]:
    rows = re.findall(r'<th scope="row"><a [^>]+>([^<]+)</a></th>\s*(.*?)</tr>', html, re.S)
    return {
        name: tuple(map(int, re.findall(r"<td>(?:<[^>]+>)*(\d+)", cells))) for name, cells in rows
    }


def test_district_overview_counts_are_right_and_worst_first(cast, login, today):
    began = datetime.datetime(school_year_of(today), 7, 1, tzinfo=ZoneInfo(cast.district.time_zone))
    late = today - datetime.timedelta(days=5)
    for _ in range(3):
        ActionItemFactory(committee=cast.middle, due_date=late)
    ActionItemFactory(committee=cast.middle, due_date=late, visibility=Level.RESTRICTED)
    ActionItemFactory(committee=cast.middle, due_date=late, status=Status.CANCELLED)
    ActionItemFactory(committee=cast.middle, due_date=late, status=Status.DONE)
    # Done this school year: through the service (now), and just after July 1's midnight
    # where the district is; not just before it.
    item = followup_services.action_item_create(
        committee=cast.high, title="Finished", by=cast.chair
    )
    followup_services.action_item_set_status(item=item, status=Status.DONE, by=cast.chair)
    for title, at in (
        ("This year", began + datetime.timedelta(minutes=30)),
        ("Last year", began - datetime.timedelta(minutes=30)),
    ):
        ActionItemFactory(committee=cast.high, title=title, status=Status.DONE, completed_at=at)
    # Millbrook's items count nowhere in Westport.
    ActionItemFactory.create_batch(4, committee=cast.other_committee, due_date=late)
    RepresentationRule.objects.create(district=cast.district, category=Category.STUDENT, minimum=2)

    html = login(cast.district_admin).get(reverse("portal:district_overview")).content.decode()
    rows = _overview_rows(html)
    # (overdue, open, done this school year, empty required seats); each committee also
    # holds the cast's two open canary items without a due date.
    assert rows == {
        "Cedar Point Middle School": (4, 6, 0, 2),
        "District Safety Committee": (0, 2, 0, 2),
        "Westport High School": (0, 2, 2, 1),  # one student of the two required
    }
    # The cast's high school has more meetings whose draft minutes are late.
    late = _late_minutes_cells(login(cast.district_admin))
    assert late["Westport High School"] > late["District Safety Committee"], late
    assert list(rows) == [
        "Cedar Point Middle School",  # most overdue
        "Westport High School",  # more draft minutes late
        "District Safety Committee",  # as many open as the high school, more empty seats
    ]
    assert "Millbrook" not in html and cast.other_committee.name not in html


def test_a_schools_row_links_to_its_work_and_marks_what_needs_attention(cast, login, today):
    """The rows are written in Python (safety_portal/markup.py): the name escaped, the
    counts that need attention marked, late minutes a link to the meetings."""
    cast.middle.building.name = "St. Mary's <Middle> & Annex"
    cast.middle.building.save()
    ActionItemFactory.create_batch(
        2, committee=cast.middle, due_date=today - datetime.timedelta(days=5)
    )
    html = login(cast.district_admin).get(reverse("portal:district_overview")).content.decode()
    row = re.search(r"<tr>\s*<th scope=\"row\"><a [^>]+>St\. Mary&#x27;s.*?</tr>", html, re.S)
    assert row, "the school's row"
    row = row.group(0)
    items = reverse("followups:items", args=[cast.middle.pk])
    assert f'<a href="{items}">St. Mary&#x27;s &lt;Middle&gt; &amp; Annex</a>' in row
    assert '<td><strong class="status-empty">2</strong></td>' in row
    high = re.search(
        r"<tr>\s*<th scope=\"row\"><a [^>]+>Westport High School</a>.*?</tr>", html, re.S
    )
    late = re.search(r'<td data-minutes-late><a class="status-empty" href="([^"]+)">', high[0])
    assert late and late.group(1) == reverse("meetings:list", args=[cast.high.pk])


def test_district_overview_shows_a_page_of_schools_worst_first_under_the_totals(
    cast, login, today, monkeypatch
):
    """A district of fifty schools reads the worst twenty first; the totals count all."""
    monkeypatch.setattr(overview, "SCHOOLS_PER_PAGE", 2)
    late = today - datetime.timedelta(days=5)
    ActionItemFactory.create_batch(3, committee=cast.middle, due_date=late)
    ActionItemFactory(committee=cast.district_wide, due_date=late)
    client = login(cast.district_admin)
    url = reverse("portal:district_overview")
    first = client.get(url).content.decode()
    assert list(_overview_rows(first)) == [
        "Cedar Point Middle School",
        "District Safety Committee",
    ]
    assert "Page 1 of 2" in first and "page=2" in first
    # Every school counts in the totals, whichever page is shown: the cast's two open
    # canary items a committee, and the four overdue ones.
    totals = "Across the district's 3 schools: 4 overdue, 10 open"
    assert totals in " ".join(first.split())
    second = client.get(url, {"page": 2}).content.decode()
    assert list(_overview_rows(second)) == ["Westport High School"]
    assert totals in " ".join(second.split())
    # Nonsense in the address shows the first page, past the end the last.
    assert list(_overview_rows(client.get(url, {"page": "x"}).content.decode())) == list(
        _overview_rows(first)
    )
    assert list(_overview_rows(client.get(url, {"page": 9}).content.decode())) == [
        "Westport High School"
    ]


def test_district_overview_is_for_its_own_district_admins_only(cast, login):
    other = login(cast.other_admin).get(reverse("portal:district_overview")).content.decode()
    assert list(_overview_rows(other)) == ["Millbrook High School"]
    assert "Westport" not in other and "CANARY" not in other
    for role in ("chair", "principal", "parent", "outsider", "stranger"):
        response = login(getattr(cast, role)).get(reverse("portal:district_overview"))
        assert response.status_code == 403, role
    anonymous = login(None).get(reverse("portal:district_overview"))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_shared_with_me_says_which_are_assigned_and_which_shared_by_name(cast, login):
    shared = cast.items[("high", Level.RESTRICTED)]
    services.named_grant_add(record=shared, user=cast.outsider, by=cast.chair)
    assigned = ActionItemFactory(
        committee=cast.middle, title="Quote for the new gym doors", assignee=cast.outsider
    )
    html = _html(login(cast.outsider).get(reverse("portal:mine")))
    rows = {line for line in html.splitlines() if "<li" in line}
    assert any(assigned.title in row and "assigned to you" in row for row in rows)
    assert any(shared.title in row and "shared with you by name" in row for row in rows)


def _late_minutes_cells(client) -> dict[str, int]:
    html = client.get(reverse("portal:district_overview")).content.decode()
    assert "Minutes overdue" in html
    pattern = r'<th scope="row"><a [^>]+>([^<]+)</a></th>.*?<td data-minutes-late>(?:<[^>]+>)*(\d+)'
    return {name: int(n) for name, n in re.findall(pattern, html, re.S)}


def test_district_overview_counts_meetings_whose_draft_minutes_are_late(cast, login):
    """A week after the meeting (Connecticut's default), draft minutes not submitted."""
    client = login(cast.district_admin)
    before = _late_minutes_cells(client)
    for days in (9, 20, 3):
        meeting_services.meeting_schedule(
            committee=cast.middle,
            title=f"Held {days} days ago",
            starts_at=timezone.now() - datetime.timedelta(days=days),
            location="Gym",
            by=None,
        )
    after = _late_minutes_cells(client)
    # Nine and twenty days ago are late; three days ago is not yet.
    assert after["Cedar Point Middle School"] == before["Cedar Point Middle School"] + 2
    assert after["Westport High School"] == before["Westport High School"]


def test_district_overview_ranks_schools_with_late_draft_minutes_as_worse(cast, login):
    """With no item overdue anywhere, the school whose draft minutes are late comes first,
    before schools with as many open items and more empty seats."""
    client = login(cast.district_admin)
    url = reverse("portal:district_overview")
    order = list(_overview_rows(client.get(url).content.decode()))
    late = _late_minutes_cells(client)
    by_name = {
        (c.building.name if c.building else c.name): c
        for c in (cast.high, cast.middle, cast.district_wide)
    }
    last = order[-1]
    for n in range(max(late.values()) + 1 - late[last]):
        meeting_services.meeting_schedule(
            committee=by_name[last],
            title=f"Held {9 + n} days ago",
            starts_at=timezone.now() - datetime.timedelta(days=9 + n),
            location="Library",
            by=None,
        )
    after = list(_overview_rows(client.get(url).content.decode()))
    assert after[0] == last, (order, after)
    assert after[1:] == [name for name in order if name != last]
