"""The CSV of a committee's action items, read a chunk at a time: the list's rows in the
list's order across chunks, each restricted row kept in the audit trail, and a cost
that grows by a few queries per chunk, never per row."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from committees.models import Level
from followups import list_views
from safety_portal import view_helpers
from tests.factories import ActionItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(view_helpers, "EXPORT_CHUNK", 4)


def _export(client, cast, query="") -> tuple[list[dict], int]:
    """(the CSV's rows, the queries it cost)."""
    url = reverse("followups:items_csv", args=[cast.high.pk]) + query
    with CaptureQueriesContext(connection) as queries:
        body = b"".join(client.get(url).streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body))), len(queries)


def _add(cast, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        ActionItemFactory(
            committee=cast.high,
            title=f"Radio check {i:03}",
            visibility=[Level.COMMITTEE, Level.RESTRICTED][i % 2],
            assignee=cast.staff if i % 3 else None,
            due_date=datetime.date(2026, 11, 1) + datetime.timedelta(days=i % 7),
        )


def test_the_rows_keep_the_lists_order_across_chunks(cast, login, small_chunks, rf):
    _add(cast, 15)
    client = login(cast.chair)
    for query in ("?sort=-due_date", "?sort=title", "?status=open&sort=priority"):
        request = rf.get("/" + query)
        request.user = cast.chair
        rows = list_views._filtered_items(request, cast.high.pk)[-1]  # the list's rows
        exported = [row["Title"] for row in _export(client, cast, query)[0]]
        assert exported == [item.title for item in rows], query
        assert len(exported) > 3 * view_helpers.EXPORT_CHUNK


def test_each_restricted_row_sent_is_recorded_once_for_its_reader(cast, login, small_chunks):
    _add(cast, 15)
    for reader in (cast.chair, cast.staff):  # staff: the restricted items assigned to them
        rows, _ = _export(login(reader), cast)
        restricted = sorted(row["Title"] for row in rows if row["Visibility"] == "Restricted")
        recorded = AuditEntry.objects.filter(actor=reader, via="csv")
        assert sorted(recorded.values_list("object_repr", flat=True)) == restricted
        assert restricted


def test_the_cost_grows_by_the_chunk_never_by_the_row(cast, login, small_chunks):
    client = login(cast.chair)
    _export(client, cast)  # warm the per-process caches (content types)
    _add(cast, 4)
    rows, few = _export(client, cast)
    _add(cast, 40, start=4)  # ten chunks more
    more_rows, many = _export(client, cast)
    assert len(more_rows) == len(rows) + 40
    assert 0 < many - few <= 10 * 3  # per chunk: its rows, its restricted ones, one insert
