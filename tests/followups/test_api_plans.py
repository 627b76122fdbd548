"""The API's improvement plans and milestones (/api/v1/plans/, /api/v1/milestones/): what
the gate shows, with the progress the plan's page shows; restricted milestones on record."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from committees import access
from committees.models import Level
from followups import services
from followups.models import ImprovementPlan, Milestone
from tests.factories import ActionItemFactory
from tests.helpers import page_queries

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/plans/"
MILESTONES = "/api/v1/milestones/"


def _rows(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_each_role_gets_the_plans_and_milestones_the_gate_shows(cast, login):
    for role in ("parent", "chair", "stranger", "other_admin", "outsider"):
        person = cast.people[role]
        client = login(person)
        for url, model in ((PLANS, ImprovementPlan), (MILESTONES, Milestone)):
            seen = set(access.visible(person, model.objects.all()).values_list("pk", flat=True))
            assert {row["id"] for row in _rows(client, url)} == seen, (role, url)


def test_progress_is_what_the_plans_page_shows(cast, login):
    milestone = cast.milestones[("high", Level.COMMITTEE)]
    for status in ("done", "done", "open", "cancelled"):
        ActionItemFactory(committee=cast.high, milestone=milestone, status=status)
    client = login(cast.parent)
    [row] = _rows(client, MILESTONES, committee=cast.high.pk)  # the restricted one unseen
    assert row["id"] == milestone.pk and row["committee"] == cast.high.pk
    # The cast's own item (open) and three of these: two done of four counted.
    assert row["progress"] == 50
    plan = client.get(reverse("api:plan-detail", args=[cast.plans["high"].pk])).json()
    # The restricted milestone counts too, as on the page: the figures name nothing.
    assert plan["progress"] == (50 + 0) // 2
    assert plan["school_year"] == 2026


def test_a_plan_or_committee_one_may_not_see_is_refused_as_one_that_does_not_exist(cast, login):
    client = login(cast.parent)
    for key, hidden in (("plan", cast.plans["middle"].pk), ("committee", cast.middle.pk)):
        unseen = client.get(MILESTONES, {key: hidden})
        missing = client.get(MILESTONES, {key: 999999})
        assert unseen.status_code == missing.status_code == 400
        assert unseen.json() == missing.json()
    restricted = cast.milestones[("high", Level.RESTRICTED)]
    hidden = client.get(reverse("api:milestone-detail", args=[restricted.pk]))
    missing = client.get(reverse("api:milestone-detail", args=[999999]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_restricted_milestones_read_through_the_api_are_on_record(cast, login):
    client = login(cast.chair)
    restricted = cast.milestones[("high", Level.RESTRICTED)]
    client.get(reverse("api:milestone-detail", args=[restricted.pk]))
    client.get(MILESTONES, {"plan": cast.plans["high"].pk})
    reads = AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS, via="api", actor=cast.chair)
    assert list(reads.values_list("object_id", flat=True)) == [restricted.pk, restricted.pk]


def test_the_lists_cost_the_same_for_few_and_many_plans_and_milestones(cast, login):
    client = login(cast.district_admin)
    few = page_queries(client, PLANS), page_queries(client, MILESTONES)
    for year in range(2027, 2037):
        plan = services.plan_create(committee=cast.high, school_year=year, title="Plan", by=None)
        for level in (Level.COMMITTEE, Level.RESTRICTED):
            milestone = services.milestone_create(
                plan=plan,
                title=f"Milestone {year} {level}",
                public_title="Drills",
                category="drills",
                target_date=datetime.date(year + 1, 3, 1),
                visibility=level,
                by=None,
            )
            ActionItemFactory.create_batch(2, committee=cast.high, milestone=milestone)
    many = page_queries(client, PLANS), page_queries(client, MILESTONES)
    assert few == many


def test_a_milestones_items_are_listed_as_the_plans_timeline_shows_them(cast, login):
    milestone = cast.milestones[("high", Level.COMMITTEE)]
    client = login(cast.parent)
    response = client.get("/api/v1/action-items/", {"milestone": milestone.pk})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [
        cast.items[("high", Level.COMMITTEE)].pk
    ]
    restricted = cast.milestones[("high", Level.RESTRICTED)].pk
    unseen = client.get("/api/v1/action-items/", {"milestone": restricted})
    missing = client.get("/api/v1/action-items/", {"milestone": 999999})
    assert unseen.status_code == missing.status_code == 400
    assert unseen.json() == missing.json()
