"""The read replica: exports and reports read from it, everything else and every write
use the primary. The primary stands in for the replica (a test mirror reached through a
second connection, tests/conftest.py), so these tests run in real transactions."""

import datetime

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from committees import services
from committees.models import Category, Level, Position
from followups.models import ActionItem
from meetings import services as meeting_services
from safety_portal.db_router import ReplicaRouter, reading_replica
from safety_portal.view_helpers import read_in_chunks
from tests.factories import ActionItemFactory, BuildingFactory, DistrictFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def replica(settings):
    settings.DATABASE_ROUTERS = ["safety_portal.db_router.ReplicaRouter"]


@pytest.fixture
def school():
    """A committee whose cleared chair sees restricted items, and a few of each level."""
    district = DistrictFactory(slug="fairhaven")
    committee = services.committee_create(
        district=district,
        name="Oak Hill Safety Committee",
        building=BuildingFactory(district=district),
    )
    chair = UserFactory(username="chair.oak", district=district)
    services.membership_add(
        committee=committee,
        user=chair,
        category=Category.STAFF,
        position=Position.CHAIR,
        restricted_clearance=True,
        term_start=datetime.date(2026, 9, 1),
    )
    for n in range(3):
        ActionItemFactory(committee=committee, title=f"Hallway camera {n}", assignee=chair)
        ActionItemFactory(committee=committee, title=f"Door code {n}", visibility=Level.RESTRICTED)
    return committee, chair


def _on_both(client, url):
    """(the response with its body read, the replica's SQL, the primary's SQL)."""
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    return body, [q["sql"] for q in replica], [q["sql"] for q in primary]


def _writes(statements) -> list[str]:
    return [sql for sql in statements if sql.lstrip().upper().startswith(WRITES)]


def test_the_csv_reads_from_the_replica_and_keeps_its_reads_on_the_primary(replica, school, client):
    committee, chair = school
    client.force_login(chair)
    body, on_replica, on_primary = _on_both(
        client, reverse("followups:items_csv", args=[committee.pk])
    )
    assert body.decode().count("Door code") == 3
    assert any('FROM "committees_actionitem"' in sql for sql in on_replica)
    assert not _writes(on_replica)
    assert not any('FROM "committees_actionitem"' in sql for sql in on_primary)
    assert any("INSERT" in sql and "audit" in sql for sql in _writes(on_primary))
    assert AuditEntry.objects.filter(actor=chair, via="csv").count() == 3


def test_the_minutes_pdf_reads_from_the_replica(replica, school, client):
    committee, chair = school
    meeting = meeting_services.meeting_schedule(
        committee=committee,
        title="October meeting",
        location="Library",
        starts_at=datetime.datetime(2026, 10, 14, 22, 0, tzinfo=datetime.UTC),
        by=chair,
    )
    client.force_login(chair)
    body, on_replica, _ = _on_both(client, reverse("meetings:minutes_txt", args=[meeting.pk]))
    assert "October meeting" in body.decode()
    assert any('FROM "committees_meeting"' in sql for sql in on_replica)
    assert not _writes(on_replica)


def test_pages_read_from_the_primary(replica, school, client):
    committee, chair = school
    client.force_login(chair)
    _, on_replica, _ = _on_both(client, reverse("followups:items", args=[committee.pk]))
    assert on_replica == []


def test_writes_and_transactions_stay_on_the_primary_even_inside_an_export(replica, school):
    committee, _chair = school
    item = ActionItem.objects.filter(committee=committee).first()
    with reading_replica(), CaptureQueriesContext(connections["replica"]) as on_replica:
        with transaction.atomic():  # a transaction must see what it wrote
            ActionItem.objects.filter(pk=item.pk).update(title="Renamed")
            assert ActionItem.objects.get(pk=item.pk).title == "Renamed"
        read = ActionItem.objects.get(pk=item.pk)
        read.title = "Renamed again"
        read.save(update_fields=["title"])
    assert [q["sql"] for q in on_replica if "committees_actionitem" in q["sql"]]
    assert not _writes(q["sql"] for q in on_replica)
    assert ActionItem.objects.get(pk=item.pk).title == "Renamed again"


def test_the_replica_is_never_migrated():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "followups")
    assert not router.allow_migrate("replica", "followups")


def test_an_export_reads_a_chunk_at_a_time_and_records_what_it_sent(school):
    committee, chair = school
    rows = ActionItem.objects.filter(committee=committee).order_by("-title")
    chunks = read_in_chunks(chair, rows, via="csv", size=2)
    first_four = [next(chunks).title for _ in range(4)]
    assert first_four == ["Hallway camera 2", "Hallway camera 1", "Hallway camera 0", "Door code 2"]
    assert AuditEntry.objects.filter(actor=chair, via="csv").count() == 1
    assert [item.title for item in chunks] == ["Door code 1", "Door code 0"]
    assert AuditEntry.objects.filter(actor=chair, via="csv").count() == 3
