"""Lists of action items, their CSV export and the district overview."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees import access, services
from committees.models import ActionItem, Category, Level, RepresentationRule
from tests.factories import ActionItemFactory

pytestmark = pytest.mark.django_db
Status = ActionItem.Status


def _titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<a href="/committees/action-items/\d+/">([^<]+)</a>', html)


def _csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


@pytest.fixture
def items(cast):
    today = access.district_today(cast.district)
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
    return client.get(reverse("committees:items", args=[cast.high.pk]) + query)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=blocked", {"Blocked audit"}),
        ("?status=done", {"Done signage"}),
        ("?category=communication", {"Late radios", "Done signage"}),
        ("?source=concern", {"Due this month"}),
        ("?overdue=1", {"Late radios", "Restricted camera gap"}),
    ],
)
def test_each_filter_narrows_the_list(cast, login, items, query, expected):
    titles = set(_titles(_list(login(cast.chair), cast, query)))
    assert titles == expected


def test_open_means_neither_done_nor_cancelled(cast, login, items):
    titles = set(_titles(_list(login(cast.chair), cast, "?status=open")))
    assert "Done signage" not in titles and {"Late radios", "Blocked audit"} <= titles


def test_assignee_filter_and_choices(cast, login, items):
    client = login(cast.chair)
    titles = set(_titles(_list(client, cast, f"?assignee={cast.staff.pk}")))
    assert titles == {"Late radios", "Restricted camera gap"}


def test_due_this_month(cast, login, items):
    titles = set(_titles(_list(login(cast.chair), cast, "?due=month")))
    assert "Due this month" in titles and "Blocked audit" not in titles


def test_sorting_and_unknown_values_are_ignored(cast, login, items):
    client = login(cast.chair)
    by_priority = _titles(_list(client, cast, "?sort=priority&status=open"))
    assert by_priority[0] == "Blocked audit"  # the only high-priority open item
    assert _list(client, cast, "?sort=DROP TABLE&status=nonsense&assignee=x").status_code == 200


def test_a_parent_sees_no_restricted_item_nor_its_trace(cast, login, items):
    client = login(cast.parent)
    response = _list(client, cast, f"?assignee={cast.staff.pk}")
    html = response.content.decode()
    assert "Restricted camera gap" not in html and "CANARY-RESTRICTED" not in html
    assert "1 item" in html  # counted without the restricted one
    overdue = _list(client, cast, "?overdue=1").content.decode()
    assert "1 item" in overdue
    rows = _csv(client.get(reverse("committees:items_csv", args=[cast.high.pk])))
    assert all(row["Visibility"] != "Restricted" for row in rows)
    assert "Restricted camera gap" not in {row["Title"] for row in rows}


def test_the_csv_holds_the_lists_rows_for_the_same_filters(cast, login, items):
    client = login(cast.chair)
    for query in ("", "?overdue=1", "?status=open&sort=title", "?category=communication"):
        listed = _titles(_list(client, cast, query))
        exported = _csv(client.get(reverse("committees:items_csv", args=[cast.high.pk]) + query))
        assert [row["Title"] for row in exported] == listed, query
    row = next(r for r in exported if r["Title"] == "Late radios")
    assert row["Overdue"] == "yes" and row["Assignee"] == cast.staff.display_name


def test_csv_cells_cannot_run_as_formulas(cast, login):
    ActionItemFactory(committee=cast.high, title='=HYPERLINK("http://evil.example","x")')
    client = login(cast.chair)
    rows = _csv(client.get(reverse("committees:items_csv", args=[cast.high.pk])))
    assert any(r["Title"].startswith("'=HYPERLINK") for r in rows)


def test_my_items_lists_what_is_mine_open_first(cast, login, items):
    titles = _titles(login(cast.staff).get(reverse("committees:my_items")))
    assert set(titles[:2]) == {"Late radios", "Restricted camera gap"}
    assert "Blocked audit" not in titles


def test_district_overview_is_worst_first_and_district_only(cast, login):
    today = access.district_today(cast.district)
    for _ in range(3):
        ActionItemFactory(committee=cast.middle, due_date=today - datetime.timedelta(days=5))
    item = services.action_item_create(committee=cast.high, title="Finished", by=cast.chair)
    services.action_item_set_status(item=item, status=Status.DONE, by=cast.chair)
    RepresentationRule.objects.create(district=cast.district, category=Category.STUDENT, minimum=2)
    html = login(cast.district_admin).get(reverse("committees:district_overview")).content.decode()
    rows = re.findall(r'<th scope="row"><a [^>]+>([^<]+)</a></th>\s*(.*?)</tr>', html, re.S)
    names = [name for name, _ in rows]
    assert names[0] == "Cedar Point Middle School"  # three overdue
    assert cast.other_committee.name not in html and "Millbrook" not in html
    cells = dict(rows)
    numbers = re.findall(r"<td>(?:<[^>]+>)*(\d+)", cells["Westport High School"])
    overdue, open_, done, empty = map(int, numbers)
    assert (overdue, done) == (0, 1)
    assert empty == 1  # one student of the two required
    assert open_ == 2  # the cast's two open canary items
    other = login(cast.other_admin).get(reverse("committees:district_overview")).content.decode()
    assert "Millbrook High School" in other and "Westport High School" not in other
    assert login(cast.chair).get(reverse("committees:district_overview")).status_code == 403


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def test_lists_cost_the_same_for_10_and_1000_items(cast, login):
    urls = [
        reverse("committees:items", args=[cast.high.pk]) + "?status=open&sort=priority",
        reverse("committees:items_csv", args=[cast.high.pk]),
        reverse("committees:my_items"),
        reverse("committees:district_overview"),
    ]
    admin = cast.district_admin
    client = login(admin)

    def add(n):
        ActionItem.objects.bulk_create(
            ActionItem(
                committee=[cast.high, cast.middle][i % 2],
                title=f"Bulk {i}",
                assignee=admin if i % 3 else cast.chair,
                visibility=[Level.COMMITTEE, Level.RESTRICTED][i % 2],
                due_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 400),
            )
            for i in range(n)
        )

    add(10)
    few = [_count(client, url) for url in urls]
    add(990)
    many = [_count(client, url) for url in urls]
    assert few == many
