"""At a district's scale, the gate's chain is asked by index, as at a state's.

A district's link tables are small (a few hundred follow-ups): with PostgreSQL's
default cost of a random page (4, for spinning disks), the planner read a whole link
table for each row of a parent's list rather than probe its index, and the parent's list
of a district took longer than a state's. The connection sets the cost for a database
held in memory or on SSD (safety_portal/settings.py, docs/scaling.md)."""

import pytest
from django.db import connection

from accounts.models import User
from benchmarks import cast, statewide
from committees import access
from committees.models import Committee
from followups.models import ActionItem

pytestmark = pytest.mark.django_db

# A hundredth of a state: ten schools, a district's volume.
SCALE = 0.01
LINKS = ("incidents_followup", "incidents_drillproblem", "committees_minutessection")


@pytest.fixture
def district():
    statewide.generate(SCALE)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the statistics autovacuum would have gathered


def test_a_parents_list_probes_each_link_of_the_chain_by_index(district):
    parent = User.objects.get(username=cast.PARENT)
    heavy = Committee.objects.get(name=cast.HEAVY_COMMITTEE)
    page = access.visible(parent, ActionItem.objects.all(), committees=[heavy.pk])
    plan = page.order_by()[:1001].explain()
    assert "SubPlan" in plan  # the parent is asked the chain
    for table in LINKS:
        assert f"Seq Scan on {table}" not in plan, plan


def test_the_connection_prices_a_random_read_as_memory_or_ssd_does():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == pytest.approx(1.1)
