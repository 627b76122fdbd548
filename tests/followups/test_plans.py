"""Improvement plans: progress arithmetic, the timeline, and who may plan."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees import access
from committees.models import Level, PublicTextChange
from committees.services import public_text_approve
from followups import progress, services
from followups.models import ActionItem, ImprovementPlan, Milestone
from tests.factories import ActionItemFactory

pytestmark = pytest.mark.django_db
Status = ActionItem.Status


def _milestone(plan, title="Entrance", level=Level.COMMITTEE, days=60):
    return services.milestone_create(
        plan=plan,
        title=title,
        public_title="Entrance security upgrades",
        category="access_control",
        target_date=datetime.date(2027, 1, 1) + datetime.timedelta(days=days),
        visibility=level,
        by=None,
    )


def _items(milestone, *statuses):
    for status in statuses:
        ActionItemFactory(committee=milestone.plan.committee, milestone=milestone, status=status)


# --- arithmetic -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], 0),  # nothing to count: not started
        ([Status.CANCELLED, Status.CANCELLED], 0),
        ([Status.DONE], 100),
        ([Status.DONE, Status.OPEN], 50),
        ([Status.DONE, Status.OPEN, Status.CANCELLED], 50),  # cancelled left out
        ([Status.DONE, Status.IN_PROGRESS, Status.BLOCKED], 33),  # rounded down
        ([Status.DONE, Status.DONE, Status.OPEN, Status.CANCELLED], 66),
    ],
)
def test_milestone_progress(cast, statuses, expected):
    milestone = _milestone(cast.plans["middle"], title="Fresh")
    _items(milestone, *statuses)
    assert progress.milestone_progress([milestone.pk]) == {milestone.pk: expected}


def test_plan_progress_is_the_mean_of_its_milestones(cast):
    plan = services.plan_create(committee=cast.middle, school_year=2027, title="Next", by=None)
    assert progress.plan_progress([plan.pk]) == {plan.pk: None}  # no milestones yet
    _items(_milestone(plan, "A"), Status.DONE)  # 100
    _items(_milestone(plan, "B"), Status.DONE, Status.OPEN)  # 50
    _milestone(plan, "C")  # empty: 0
    assert progress.plan_progress([plan.pk]) == {plan.pk: 50}


# --- the timeline ---------------------------------------------------------------------------


def _timeline(client, plan):
    response = client.get(reverse("followups:plan", args=[plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_timeline_shows_what_the_reader_may_see(cast, login):
    plan = cast.plans["high"]
    restricted = cast.milestones[("high", Level.RESTRICTED)].title
    committee = cast.milestones[("high", Level.COMMITTEE)].title
    chair = _timeline(login(cast.chair), plan)
    assert restricted in chair and committee in chair
    assert "<svg" in chair and 'role="img"' in chair
    parent = _timeline(login(cast.parent), plan)
    assert committee in parent
    assert restricted not in parent
    assert cast.items[("high", Level.RESTRICTED)].title not in parent
    assert parent.count('class="tl-row"') == 1  # no trace of the restricted row


def test_today_and_overdue_are_marked(cast, login):
    today = access.district_today(cast.district)
    plan = services.plan_create(
        committee=cast.high,
        school_year=today.year if today.month >= 7 else today.year - 1,
        title="This year",
        by=None,
    )
    milestone = _milestone(plan, "Radios")
    ActionItemFactory(
        committee=cast.high,
        milestone=milestone,
        title="Order radios",
        due_date=today - datetime.timedelta(days=2),
    )
    ActionItemFactory(
        committee=cast.high,
        milestone=milestone,
        title="Train staff",
        due_date=today + datetime.timedelta(days=2),
        status=Status.DONE,
    )
    html = _timeline(login(cast.chair), plan)
    assert 'class="tl-today"' in html and ">Today<" in html
    assert 'class="tl-overdue"' in html and "Overdue: Order radios" in html
    assert 'class="tl-done"' in html and "Done: Train staff" in html
    assert '<strong class="status-empty">Overdue</strong>' in html  # the table says it too


# --- planning -----------------------------------------------------------------------------


def test_a_chair_plans_milestones_and_links_items(cast, login):
    client = login(cast.chair)
    response = client.post(
        reverse("followups:plan_new", args=[cast.high.pk]),
        {"school_year": "2026", "title": "Summer works"},
    )
    plan = ImprovementPlan.objects.get(title="Summer works")
    assert response.status_code == 302
    client.post(
        reverse("followups:milestone_new", args=[plan.pk]),
        {
            "title": "Replace the east stair door",
            "public_title": "Door upgrades",
            "category": "facilities",
            "target_date": "2027-06-15",
            "visibility": "restricted",
        },
    )
    milestone = Milestone.objects.get(plan=plan)
    item = cast.items[("high", Level.COMMITTEE)]
    response = client.post(
        reverse("followups:milestone_edit", args=[milestone.pk]),
        {
            "title": milestone.title,
            "public_title": "Door hardware upgrades",
            "category": "facilities",
            "target_date": "2027-06-15",
            "visibility": "restricted",
            "items": [item.pk],
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    milestone.refresh_from_db()
    assert item.milestone == milestone and milestone.public_title == ""  # awaits review
    proposed = PublicTextChange.objects.get(kind="milestone", record_id=milestone.pk)
    assert proposed.texts == {"public_title": "Door hardware upgrades"}
    public_text_approve(change=proposed, by=cast.principal)  # four eyes
    milestone.refresh_from_db()
    assert milestone.public_title == "Door hardware upgrades"


def test_a_milestone_offers_its_own_items_and_the_committees_open_work_not_its_history(cast, login):
    """A committee of eight years holds thousands of done items: the milestone's form
    lists what it holds (done ones too, to untie them) and what is still to do, and its
    queries do not grow with the closed ones."""
    milestone = _milestone(cast.plans["high"])
    committee = milestone.plan.committee
    tied_done = ActionItemFactory(
        committee=committee, milestone=milestone, status=Status.DONE, title="Tied and done"
    )
    open_item = ActionItemFactory(committee=committee, status=Status.OPEN, title="Still to do")
    history = ActionItemFactory.create_batch(
        30, committee=committee, status=Status.DONE, title="Long done"
    )
    client = login(cast.chair)
    url = reverse("followups:milestone_edit", args=[milestone.pk])

    with CaptureQueriesContext(connection) as few:
        html = client.get(url).content.decode()
    assert "Tied and done" in html and "Still to do" in html
    assert "Long done" not in html
    ActionItemFactory.create_batch(30, committee=committee, status=Status.CANCELLED)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)

    response = client.post(
        url,
        {
            "title": milestone.title,
            "public_title": milestone.public_title or "Entrance security upgrades",
            "category": milestone.category,
            "target_date": milestone.target_date.isoformat(),
            "visibility": milestone.visibility,
            "items": [open_item.pk],  # the done one untied, the open one tied
        },
    )
    assert response.status_code == 302
    tied_done.refresh_from_db()
    open_item.refresh_from_db()
    assert tied_done.milestone is None and open_item.milestone == milestone
    # A closed item of the history is not offered, so it cannot be posted either.
    response = client.post(
        url,
        {
            "title": milestone.title,
            "public_title": "Entrance security upgrades",
            "category": milestone.category,
            "target_date": milestone.target_date.isoformat(),
            "visibility": milestone.visibility,
            "items": [history[0].pk],
        },
    )
    assert response.status_code == 200
    history[0].refresh_from_db()
    assert history[0].milestone is None


def test_bad_milestone_input_gets_a_message_and_saves_nothing(cast, login):
    plan = cast.plans["high"]
    before = Milestone.objects.count()
    response = login(cast.chair).post(
        reverse("followups:milestone_new", args=[plan.pk]),
        {"title": "Cameras", "public_title": "", "category": "facilities", "target_date": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "This field is required." in html
    assert 'value="Cameras"' in html  # what was typed is kept
    assert Milestone.objects.count() == before


@pytest.mark.parametrize(
    ("role", "status"), [("secretary", 403), ("parent", 403), ("stranger", 404)]
)
def test_only_those_who_assign_may_plan(cast, login, role, status):
    client = login(cast.people[role])
    assert client.get(reverse("followups:plan_new", args=[cast.high.pk])).status_code == status
    plan = cast.plans["high"]
    assert client.get(reverse("followups:milestone_new", args=[plan.pk])).status_code == status


# --- cost ---------------------------------------------------------------------------------


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_timeline_costs_the_same_for_10_and_1000_items(cast, login):
    plan = cast.plans["high"]
    milestones = [_milestone(plan, f"M{i}", days=i * 20) for i in range(4)]
    client = login(cast.chair)
    urls = [
        reverse("followups:plan", args=[plan.pk]),
        reverse("followups:plans", args=[cast.high.pk]),
    ]

    def add(n):
        ActionItem.objects.bulk_create(
            ActionItem(
                committee=cast.high,
                title=f"Bulk {i}",
                milestone=milestones[i % 4],
                visibility=[Level.COMMITTEE, Level.RESTRICTED][i % 2],
                status=[Status.OPEN, Status.DONE, Status.CANCELLED][i % 3],
                due_date=datetime.date(2026, 8, 1) + datetime.timedelta(days=i % 300),
            )
            for i in range(n)
        )

    add(10)
    few = [_count(client, url) for url in urls]
    add(990)
    many = [_count(client, url) for url in urls]
    assert few == many
