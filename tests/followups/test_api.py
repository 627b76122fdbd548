"""The API's action items (/api/v1/action-items/): what the gate shows, page by page,
filtered like the list, tagged and never kept by a cache; restricted reads on record."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from committees import access
from committees.models import Level
from followups.models import ActionItem
from tests.factories import ActionItemFactory
from tests.helpers import page_queries

pytestmark = pytest.mark.django_db

LIST = "/api/v1/action-items/"


def _all_pages(client, url, **params):
    """Every row of a list, following its cursors; and how many pages it took."""
    rows, pages = [], 0
    while url:
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        url, params, pages = body["next"], {}, pages + 1
    return rows, pages


def test_the_list_is_exactly_what_the_gate_shows(cast, login):
    for role in ("parent", "chair", "stranger", "other_admin"):
        person = cast.people[role]
        client = login(person)
        rows, _ = _all_pages(client, LIST)
        seen = access.visible(person, ActionItem.objects.all())
        expected = set(seen.values_list("pk", flat=True))
        assert {row["id"] for row in rows} == expected, role
        assert len(rows) == len(expected)


def test_pages_follow_their_cursor_without_a_row_twice(cast, login):
    client = login(cast.district_admin)
    ActionItemFactory.create_batch(7, committee=cast.high)
    rows, pages = _all_pages(client, LIST, page_size=3)
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)) and pages == -(-len(ids) // 3)
    assert ids == sorted(ids)


def test_filters_narrow_as_the_list_page_does(cast, login):
    client = login(cast.chair)
    done = ActionItemFactory(committee=cast.high, status=ActionItem.Status.DONE, title="Done")
    rows, _ = _all_pages(client, LIST, status="done", committee=cast.high.pk)
    assert [row["id"] for row in rows] == [done.pk]
    assert rows[0]["title"] == "Done" and rows[0]["visibility"] == Level.COMMITTEE


def test_a_committee_one_may_not_see_is_refused_as_one_that_does_not_exist(cast, login):
    client = login(cast.parent)
    hidden = client.get(LIST, {"committee": cast.other_committee.pk})
    missing = client.get(LIST, {"committee": 999999})
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json() == missing.json()


def test_an_item_one_may_not_see_is_a_404_like_one_that_does_not_exist(cast, login):
    client = login(cast.parent)
    restricted = cast.items[("high", Level.RESTRICTED)]
    hidden = client.get(reverse("api:action-item-detail", args=[restricted.pk]))
    missing = client.get(reverse("api:action-item-detail", args=[999999]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_restricted_items_read_through_the_api_are_on_record(cast, login):
    client = login(cast.chair)
    restricted = cast.items[("high", Level.RESTRICTED)]
    committee_level = cast.items[("high", Level.COMMITTEE)]
    client.get(reverse("api:action-item-detail", args=[restricted.pk]))
    client.get(reverse("api:action-item-detail", args=[committee_level.pk]))
    client.get(LIST, {"committee": cast.high.pk})
    reads = AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS, via="api", actor=cast.chair)
    read_ids = list(reads.values_list("object_id", flat=True))
    assert restricted.pk in read_ids and committee_level.pk not in read_ids
    assert read_ids.count(restricted.pk) == 2  # alone, then in the list


def test_answers_are_private_and_tagged_and_a_held_one_is_not_sent_again(cast, login):
    client = login(cast.chair)
    url = reverse("api:action-item-detail", args=[cast.items[("high", Level.COMMITTEE)].pk])
    first = client.get(url)
    assert "private" in first["Cache-Control"] and "no-store" in first["Cache-Control"]
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    ActionItem.objects.filter(pk=first.json()["id"]).update(title="Renamed")
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed.json()["title"] == "Renamed"


def test_the_anonymous_are_asked_for_a_token(cast, client):
    for url in (LIST, reverse("api:committee-list")):
        response = client.get(url)
        assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_a_list_costs_the_same_for_few_and_many_items(cast, login):
    client = login(cast.chair)
    few = page_queries(client, LIST)
    ActionItemFactory.create_batch(120, committee=cast.high, visibility=Level.RESTRICTED)
    many = page_queries(client, LIST)
    assert few == many


def test_each_row_names_its_assignee_from_one_read_of_the_pages_people(cast, login):
    """The assignees are read once for the rows shown, their names only: never joined to
    every item the list looks at before it cuts its page, nor read with their password
    hash or e-mail."""
    ActionItemFactory.create_batch(3, committee=cast.high, assignee=cast.outsider)
    client = login(cast.district_admin)
    with CaptureQueriesContext(connection) as queries:
        rows, pages = _all_pages(client, LIST)
    named = {row["id"]: row["assignee_name"] for row in rows}
    assert cast.outsider.display_name in named.values()
    for item in ActionItem.objects.filter(pk__in=named).select_related("assignee"):
        assert named[item.pk] == (item.assignee.display_name if item.assignee else None)
    statements = [query["sql"] for query in queries]
    listed = [sql for sql in statements if 'FROM "committees_actionitem"' in sql]
    assert listed and not any("accounts_user" in sql for sql in listed)
    people = [sql for sql in statements if sql.startswith('SELECT "accounts_user"')]
    assert len(people) == pages
    assert not any('"password"' in sql or '"email"' in sql for sql in people)


def test_one_committees_list_is_exactly_what_the_gate_shows_there(cast, login):
    """``?committee=`` is asked of the gate for that committee alone: the rows are those
    of the whole list that belong to it, the chain's canaries still left out, and a
    parent's item on another committee not among them."""
    elsewhere = ActionItemFactory(
        committee=cast.other_committee, assignee=cast.parent, title="Elsewhere"
    )
    held = ActionItem.objects.create(
        committee=cast.high,
        assignee=cast.parent,
        title="CANARY-API-HELD-BY-RESTRICTED-MINUTES",
        minutes_section=cast.executive.sections.get(visibility=Level.RESTRICTED),
    )
    for role in ("parent", "chair", "district_admin"):
        person = cast.people[role]
        client = login(person)
        everything, _ = _all_pages(client, LIST)
        rows, _ = _all_pages(client, LIST, committee=cast.high.pk, page_size=2)
        expected = access.visible(person, ActionItem.objects.filter(committee=cast.high))
        assert [row["id"] for row in rows] == sorted(expected.values_list("pk", flat=True))
        assert {row["id"] for row in rows} == {
            row["id"] for row in everything if row["committee"] == cast.high.pk
        }, role
        assert elsewhere.pk not in {row["id"] for row in rows}
        if role == "parent":
            assert elsewhere.pk not in {row["id"] for row in everything}  # not hers to see
            assert held.pk not in {row["id"] for row in everything}


def test_one_committees_list_is_read_in_its_cursors_order_on_an_index(cast, login):
    """A page of one committee's items is read along the index (committee, id) and
    stops after the page: never a sort of all of the committee's history."""
    client = login(cast.parent)
    url = f"{LIST}?committee={cast.high.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    (listed,) = [q["sql"] for q in queries if 'ORDER BY "committees_actionitem"."id"' in q["sql"]]
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {listed}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "item_committee_id" in plan
    assert "Sort" not in plan
