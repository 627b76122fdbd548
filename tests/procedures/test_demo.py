"""The demo's procedures: a history each, one review due soon, titles on the public index."""

import io

import pytest
from django.core.management import call_command

from committees import access
from committees.models import District
from procedures.models import Procedure, ProcedureCopy
from procedures.selectors import public_procedures

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True  # the demo runs with DEBUG on, as `make demo` runs it
    call_command("seed_demo", stdout=io.StringIO())


def test_procedures_have_a_history_and_one_review_falls_due_within_a_month(seeded):
    westport = District.objects.get(slug="westport")
    today = access.district_today(westport)
    procedures = Procedure.objects.filter(committee__district=westport)
    assert {p.committee.building_id is None for p in procedures} == {True, False}
    for procedure in procedures:
        assert procedure.reviews.exists() and procedure.owner is not None
        # Versions and reviews tell one story: each review names the version then current.
        for review in procedure.reviews.select_related("version"):
            assert review.version.created_at.date() <= review.reviewed_on
    assert max(p.versions.count() for p in procedures) >= 2
    due = [p for p in procedures if (p.next_review_on - today).days <= 30]
    assert len(due) == 1 and due[0].kind == Procedure.Kind.LOCKDOWN
    assert ProcedureCopy.objects.filter(
        procedure__in=procedures, given_to__contains="Fire Marshal"
    ).exists()
    index = list(public_procedures(westport))
    # Every demo procedure's title was approved for the index by a second person.
    assert {row["public_title"] for row in index} == {p.title for p in procedures}
    assert all(set(row) == {"public_title", "kind", "last_reviewed_on"} for row in index)
