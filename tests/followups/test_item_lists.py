"""Lists of action items and their CSV export."""

import csv
import datetime
import io
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from committees import access
from committees.models import Level
from followups import list_views
from followups.models import ActionItem
from safety_portal.paging import COUNT_UP_TO
from tests.factories import ActionItemFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
Status = ActionItem.Status
FIXTURE_TITLES = {
    "Late radios",
    "Blocked audit",
    "Done signage",
    "Due this month",
    "Restricted camera gap",
}


def _titles_in(html: str) -> list[str]:
    return re.findall(r'<a href="/committees/action-items/\d+/">([^<]+)</a>', html)


def _titles(response) -> list[str]:
    return _titles_in(response.content.decode())


def _csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def _assignee_options(response) -> set[int]:
    html = response.content.decode()
    menu = re.search(r'<select id="f-assignee".*?</select>', html, re.S).group(0)
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', menu)}


def _nav(html: str) -> str:
    return re.search(r'<nav aria-label="Pages">.*?</nav>', html, re.S).group(0)


def _count_line(response) -> str:
    return re.search(r'<p role="status">([^<]*)</p>', response.content.decode()).group(1)


@pytest.fixture
def today(cast):
    return access.district_today(cast.district)


@pytest.fixture
def items(cast, today):
    make = lambda **kw: ActionItemFactory(committee=cast.high, **kw)  # noqa: E731
    return {
        "late": make(
            title="Late radios",
            due_date=today - datetime.timedelta(days=3),
            assignee=cast.staff,
            category="communication",
            source="drill",
        ),
        "blocked": make(
            title="Blocked audit",
            status=Status.BLOCKED,
            assignee=cast.officer,
            due_date=today + datetime.timedelta(days=40),
            priority="high",
        ),
        "done_late": make(
            title="Done signage",
            status=Status.DONE,
            due_date=today - datetime.timedelta(days=9),
            category="communication",
        ),
        "month": make(
            title="Due this month",
            due_date=today.replace(day=28 if today.day < 28 else today.day),
            source="concern",
            priority="low",
        ),
        "restricted": make(
            title="Restricted camera gap",
            visibility=Level.RESTRICTED,
            due_date=today - datetime.timedelta(days=1),
            assignee=cast.staff,
        ),
    }


def _list(client, cast, query=""):
    return client.get(reverse("followups:items", args=[cast.high.pk]) + query)


def _export(client, cast, query=""):
    return client.get(reverse("followups:items_csv", args=[cast.high.pk]) + query)


# Filters


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=blocked", {"Blocked audit"}),
        ("?status=done", {"Done signage"}),
        ("?status=cancelled", set()),
        ("?category=communication", {"Late radios", "Done signage"}),
        ("?source=concern", {"Due this month"}),
        ("?source=drill&category=communication", {"Late radios"}),
        ("?overdue=1", {"Late radios", "Restricted camera gap"}),
        ("?overdue=1&status=open", {"Late radios", "Restricted camera gap"}),
    ],
)
def test_each_filter_narrows_the_list(cast, login, items, query, expected):
    titles = set(_titles(_list(login(cast.chair), cast, query)))
    assert titles == expected


def test_open_means_neither_done_nor_cancelled(cast, login, items):
    items["blocked"].status = Status.CANCELLED
    items["blocked"].save(update_fields=["status"])
    client = login(cast.chair)
    titles = set(_titles(_list(client, cast, "?status=open")))
    assert titles & FIXTURE_TITLES == {"Late radios", "Due this month", "Restricted camera gap"}
    assert {t for t in titles if t.startswith("CANARY")} == {
        "CANARY-COMMITTEE-high-7f3a",
        "CANARY-RESTRICTED-high-7f3a",
    }
    # "open" is offered once, with one meaning.
    html = _list(client, cast).content.decode()
    assert html.count('<option value="open"') == 1


def test_source_none_is_a_filter_of_its_own(cast, login, items):
    titles = set(_titles(_list(login(cast.chair), cast, "?source=none")))
    assert "Late radios" not in titles and "Due this month" not in titles
    assert {"Blocked audit", "Done signage", "Restricted camera gap"} <= titles


def test_assignee_filter_and_its_choices(cast, login, items):
    client = login(cast.chair)
    titles = set(_titles(_list(client, cast, f"?assignee={cast.staff.pk}")))
    assert titles == {"Late radios", "Restricted camera gap"}
    assert _assignee_options(_list(client, cast)) == {cast.staff.pk, cast.officer.pk, cast.chair.pk}


def test_due_this_month_means_the_districts_calendar_month(cast, login, items, today):
    titles = set(_titles(_list(login(cast.chair), cast, "?due=month")))
    expected = {
        item.title
        for item in items.values()
        if item.due_date.year == today.year and item.due_date.month == today.month
    }
    assert "Due this month" in expected and "Blocked audit" not in expected
    assert titles == expected


SORTED = {
    # Due dates: done signage -9, late radios -3, restricted -1, this month, blocked +40;
    # the canaries have none and come last whichever way.
    "due_date": [
        "Done signage",
        "Late radios",
        "Restricted camera gap",
        "Due this month",
        "Blocked audit",
    ],
    "-due_date": [
        "Blocked audit",
        "Due this month",
        "Restricted camera gap",
        "Late radios",
        "Done signage",
    ],
    "priority": [
        "Blocked audit",  # high
        "Done signage",
        "Late radios",
        "Restricted camera gap",
        "Due this month",  # low
    ],
    "status": [  # open, then blocked, then done: the order work moves in
        "Late radios",
        "Restricted camera gap",
        "Due this month",
        "Blocked audit",
        "Done signage",
    ],
    "title": sorted(FIXTURE_TITLES),
}


@pytest.mark.parametrize("sort", sorted(SORTED))
def test_sorting(cast, login, items, sort):
    titles = _titles(_list(login(cast.chair), cast, f"?sort={sort}"))
    assert [t for t in titles if t in FIXTURE_TITLES] == SORTED[sort]
    if sort in ("due_date", "-due_date"):
        assert all(t.startswith("CANARY") for t in titles[len(FIXTURE_TITLES) :])


def test_sorting_by_last_update(cast, login, items):
    now = datetime.datetime.now(datetime.UTC)
    for n, key in enumerate(["done_late", "month", "blocked", "late", "restricted"]):
        ActionItem.objects.filter(pk=items[key].pk).update(
            updated_at=now + datetime.timedelta(minutes=n)
        )
    titles = _titles(_list(login(cast.chair), cast, "?sort=-updated_at"))
    assert titles[:5] == [
        "Restricted camera gap",
        "Late radios",
        "Blocked audit",
        "Due this month",
        "Done signage",
    ]


@pytest.mark.parametrize(
    "query",
    [
        "?sort=DROP TABLE&status=nonsense&assignee=x",
        "?assignee=%C2%B2",  # "²" is a digit to str.isdigit, not to int()
        "?assignee=99999999999999999999999999",
        "?category=../&source=%00&due=year&overdue=yes",
        "?page=last&page=zzz",
    ],
)
def test_unknown_values_are_ignored(cast, login, items, query):
    client = login(cast.chair)
    assert _list(client, cast, query).status_code == 200
    assert _export(client, cast, query).status_code == 200


def test_pages_keep_the_filters(cast, login, items):
    ActionItemFactory.create_batch(60, committee=cast.high, category="training")
    client = login(cast.chair)
    first = _list(client, cast, "?category=training&sort=title")
    assert len(_titles(first)) == 50 and _count_line(first) == "60 items"
    assert "?category=training&amp;sort=title&amp;page=2" in first.content.decode()
    second = _list(client, cast, "?category=training&sort=title&page=2")
    assert len(_titles(second)) == 10
    assert set(_titles(first)).isdisjoint(_titles(second))


def test_a_list_longer_than_the_count_says_more_than_and_pages_on(cast, login):
    """Counting stops at COUNT_UP_TO rows: beyond it, the list says "more than" and is read
    by next and previous; a filter that narrows it is counted exactly again."""
    ActionItem.objects.bulk_create(
        ActionItem(
            committee=cast.high,
            title=f"Bulk {n:04}",
            category="facilities" if n < 3 else "training",
        )
        for n in range(COUNT_UP_TO + 1)
    )
    client = login(cast.chair)
    first = _list(client, cast, "?sort=title")
    assert _count_line(first) == f"More than {COUNT_UP_TO} items"
    html = first.content.decode()
    assert re.search(r"Page 1 <a [^>]*page=2", html) and " of " not in _nav(html)
    last = _list(client, cast, f"?sort=title&page={COUNT_UP_TO // 50 + 1}")
    assert _titles(last)[0] == f"Bulk {COUNT_UP_TO // 50 * 50:04}"
    assert "Previous" in _nav(last.content.decode())
    assert _count_line(_list(client, cast, "?category=facilities")) == "3 items"


def _cells(response) -> dict[str, list[str]]:
    """Each row's cells as a reader hears them, by the row's title: the title with its
    badge and kind, the status, the priority, the assignee, the due date."""
    rows = {}
    for row in re.findall(r"<tr data-visibility=.*?</tr>", response.content.decode(), re.S):
        cells = [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows[_titles_in(row)[0]] = cells
    return rows


def test_each_row_reads_its_item(cast, login, items, today):
    rows = _cells(_list(login(cast.chair), cast))
    late = items["late"].due_date
    assert rows["Late radios"] == [
        "Late radios Visibility: Committee Communication · Drill",
        "Open",
        "Medium",
        cast.staff.display_name,
        f"{date_format(late, 'DATE_FORMAT')} Overdue",
    ]
    done = rows["Done signage"]
    # Made by hand (no source): its category alone, never "Communication · None".
    assert done == [
        "Done signage Visibility: Committee Communication",
        "Done",
        "Medium",
        "—",
        date_format(items["done_late"].due_date),
    ]


def test_a_row_reads_in_the_readers_language(cast, login, items):
    client = login(cast.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    with translation.override("es"):
        due = date_format(items["blocked"].due_date, "DATE_FORMAT")
    assert _cells(_list(client, cast))["Blocked audit"][1:] == [
        "Bloqueada",
        "Alta",
        cast.officer.display_name,
        due,
    ]


def test_a_title_and_a_name_read_as_written_never_as_markup(cast, login, items):
    """The rows are written in Python (safety_portal/markup.py): each value escaped."""
    ActionItemFactory(
        committee=cast.high,
        title='<img src=x onerror=alert(1)> & "Doors"',
        assignee=UserFactory(district=cast.district, first_name="Siobhan", last_name="O'Brien"),
    )
    html = _list(login(cast.chair), cast).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Doors&quot;</a>" in html
    assert "<td>Siobhan O&#x27;Brien</td>" in html


def test_the_menus_keep_the_filters_chosen(cast, login, items):
    html = _list(login(cast.chair), cast, f"?status=blocked&assignee={cast.officer.pk}").content
    chosen = re.findall(r'<option value="([^"]*)" selected>', html.decode())
    assert chosen == ["blocked", str(cast.officer.pk), "due_date"]


def test_a_row_names_its_assignee_even_when_the_menu_missed_them(cast, login, items, monkeypatch):
    """The names come from the assignee menu, which holds everyone a row can name; one
    given an item between the two reads is read on their own, never shown nameless."""
    monkeypatch.setattr(list_views, "_assignees", lambda committee, items: User.objects.none())
    rows = _cells(_list(login(cast.chair), cast))
    assert rows["Late radios"][3] == cast.staff.display_name
    assert rows["Blocked audit"][3] == cast.officer.display_name


def test_links_for_new_item_and_export_carry_the_right_things(cast, login, items):
    new = reverse("followups:item_new", args=[cast.high.pk])
    chair = _list(login(cast.chair), cast, "?status=open&overdue=1").content.decode()
    assert f'href="{new}"' in chair
    assert "action-items.csv?status=open&amp;overdue=1" in chair
    staff = _list(login(cast.staff), cast).content.decode()
    assert f'href="{new}"' not in staff and "action-items.csv" in staff


# What a parent may not see, nor count


def test_a_parent_sees_no_restricted_item_nor_its_trace(cast, login, items):
    # cleared_staff holds only a restricted item: even their name in the menu would tell.
    ActionItemFactory(
        committee=cast.high,
        title="Restricted threat follow-up",
        visibility=Level.RESTRICTED,
        assignee=cast.cleared_staff,
        due_date=datetime.date(2020, 1, 1),
    )
    assert _count_line(_list(login(cast.chair), cast)) == "8 items"
    client = login(cast.parent)
    everything = _list(client, cast)
    # The committee canary and four fixture items; not the three restricted ones.
    assert _count_line(everything) == "5 items"
    assert _assignee_options(everything) == {cast.staff.pk, cast.officer.pk, cast.chair.pk}
    for query in ("", f"?assignee={cast.staff.pk}", "?overdue=1", "?status=open&sort=priority"):
        html = _list(client, cast, query).content.decode()
        assert "Restricted" not in html and "CANARY-RESTRICTED" not in html, query
        assert 'data-visibility="restricted"' not in html, query
    assert _count_line(_list(client, cast, f"?assignee={cast.staff.pk}")) == "1 item"
    assert _count_line(_list(client, cast, "?overdue=1")) == "1 item"
    # Filtering by the cleared person answers like filtering by nobody at all.
    none = _list(client, cast, f"?assignee={cast.cleared_staff.pk}")
    assert _count_line(none) == "0 items"
    assert _count_line(none) == _count_line(_list(client, cast, "?assignee=999999"))

    for query in ("", "?overdue=1", f"?assignee={cast.cleared_staff.pk}"):
        body = b"".join(_export(client, cast, query).streaming_content).decode()
        assert "Restricted" not in body and "CANARY-RESTRICTED" not in body, query
    assert len(_csv(_export(client, cast))) == 5


def test_a_parent_sees_no_restricted_item_assigned_to_them(cast, login):
    # The services refuse such an assignment; the gate does not rely on that.
    ActionItemFactory(
        committee=cast.high,
        title="Threat report follow-up",
        visibility=Level.RESTRICTED,
        assignee=cast.parent,
    )
    ActionItemFactory(committee=cast.high, title="Bring the sign-in sheets", assignee=cast.parent)
    html = login(cast.parent).get(reverse("followups:my_items")).content.decode()
    assert _titles_in(html) == ["Bring the sign-in sheets"]
    assert "Threat report" not in html and 'data-visibility="restricted"' not in html


def test_nobody_outside_the_committee_gets_the_list_or_the_csv(cast, login, items):
    for role in ("stranger", "outsider", "other_admin"):
        client = login(getattr(cast, role))
        assert _list(client, cast).status_code == 404, role
        assert _export(client, cast).status_code == 404, role
    anonymous = login(None)
    assert _list(anonymous, cast).status_code == 302
    assert _export(anonymous, cast).status_code == 302


# CSV


def test_the_csv_holds_the_lists_rows_for_the_same_filters(cast, login, items):
    for role in ("chair", "parent", "staff"):
        client = login(getattr(cast, role))
        for query in (
            "",
            "?overdue=1",
            "?status=open&sort=title",
            "?category=communication",
            "?sort=-due_date",
            "?due=month&sort=priority",
            f"?assignee={cast.staff.pk}",
        ):
            listed = _titles(_list(client, cast, query))
            exported = _csv(_export(client, cast, query))
            assert [row["Title"] for row in exported] == listed, (role, query)
    exported = _csv(_export(login(cast.chair), cast))
    row = next(r for r in exported if r["Title"] == "Late radios")
    assert row == {
        "Title": "Late radios",
        "Status": "Open",
        "Overdue": "yes",
        "Priority": "Medium",
        "Category": "Communication",
        "Source": "Drill",
        "Visibility": "Committee",
        "Assignee": cast.staff.display_name,
        "Due date": items["late"].due_date.isoformat(),
    }
    done = next(r for r in exported if r["Title"] == "Done signage")
    assert done["Overdue"] == "no"  # past due, but done


def test_the_csv_is_an_attachment(cast, login, items):
    response = _export(login(cast.chair), cast)
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_csv_cells_cannot_run_as_formulas(cast, login):
    evil = UserFactory(district=cast.district, first_name="=cmd|' /C calc'!A0", last_name="")
    titles = [
        '=HYPERLINK("http://evil.example","x")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "\tTabbed",
    ]
    for title in titles:
        ActionItemFactory(committee=cast.high, title=title, assignee=evil)
    rows = _csv(_export(login(cast.chair), cast))
    exported = {row["Title"] for row in rows}
    assert {"'" + title for title in titles} <= exported
    assert not any(title in exported for title in titles)
    assert all(row["Assignee"].startswith("'=") for row in rows if row["Title"].startswith("'"))


# My action items


def test_my_items_lists_what_is_mine_open_first(cast, login, items, today):
    elsewhere = ActionItemFactory(
        committee=cast.middle,
        title="Middle school radios",
        assignee=cast.staff,
        due_date=today + datetime.timedelta(days=2),
    )
    ActionItemFactory(
        committee=cast.high,
        title="Finished long ago",
        assignee=cast.staff,
        status=Status.DONE,
        due_date=today - datetime.timedelta(days=90),
    )
    html = login(cast.staff).get(reverse("followups:my_items")).content.decode()
    # Open first by due date, then the closed ones. The middle school's item is reached as
    # its assignee though staff does not sit on that committee; staff is of a category the
    # district clears, so the restricted item assigned to them reaches them too.
    assert _titles_in(html) == [
        "Late radios",
        "Restricted camera gap",
        "Middle school radios",
        "Finished long ago",
    ]
    assert elsewhere.committee.name in html
    assert html.count("Overdue</strong>") == 2  # the done one is past due, not overdue
    assert "Blocked audit" not in html


def test_my_items_pages(cast, login):
    ActionItemFactory.create_batch(55, committee=cast.high, assignee=cast.officer)
    client = login(cast.officer)
    first = client.get(reverse("followups:my_items"))
    assert len(_titles(first)) == 50 and "page=2" in first.content.decode()
    assert len(_titles(client.get(reverse("followups:my_items") + "?page=2"))) == 5


# Query budget


def _count(client, url) -> int:
    client.get(url)  # warm the per-process caches (content types) first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def test_lists_cost_the_same_for_10_and_1000_items(cast, login):
    items_url = reverse("followups:items", args=[cast.high.pk])
    # The CSV reads a thousand rows at a time: tests/followups/test_item_csv.py pins its
    # cost per chunk.
    admin = cast.district_admin
    pages = [
        (admin, items_url),
        (admin, items_url + "?sort=-due_date&page=2"),
        (admin, items_url + "?status=open&sort=priority"),
        (admin, items_url + "?overdue=1&category=other&sort=status"),
        (admin, items_url + "?sort=title&assignee=" + str(admin.pk)),
        (admin, items_url + "?sort=-updated_at&due=month"),
        (admin, reverse("followups:my_items")),
        (admin, reverse("portal:district_overview")),
        # An uncleared member: the holders of each item are asked about too.
        (cast.staff, items_url),
        (cast.staff, items_url + "?status=open&sort=priority&page=2"),
        (cast.staff, reverse("followups:my_items")),
    ]

    def add(n):
        ActionItem.objects.bulk_create(
            ActionItem(
                committee=[cast.high, cast.middle, cast.district_wide][i % 3],
                title=f"Bulk {i}",
                assignee=[admin, cast.chair, cast.staff][i % 3],
                visibility=[Level.COMMITTEE, Level.RESTRICTED][i % 2],
                status=[Status.OPEN, Status.DONE, Status.BLOCKED][i % 3],
                due_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 400),
            )
            for i in range(n)
        )

    def costs():
        return [_count(login(person), url) for person, url in pages]

    add(10)
    few = costs()
    add(3000)  # the high school's list grows past the count's bound
    assert costs() == few
