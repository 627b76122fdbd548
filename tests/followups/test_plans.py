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
from followups.forms import OFFERED_OPEN_ITEMS
from followups.models import ActionItem, ImprovementPlan, Milestone
from followups.plan_views import SHOWN_PER_MILESTONE
from tests.conftest import ROLES, may_see
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


def _dated(milestone, n, title, level=Level.COMMITTEE, status=Status.OPEN, first_day=10):
    day = datetime.date(2027, 1, 1)
    for i in range(n):
        ActionItemFactory(
            committee=milestone.plan.committee,
            milestone=milestone,
            title=f"{title} {i:02d}",
            visibility=level,
            status=status,
            due_date=day + datetime.timedelta(days=first_day + i),
        )


def test_a_busy_milestone_shows_its_first_items_and_links_to_the_rest(cast, login):
    """A milestone of hundreds of items shows the open ones due first, says how many
    the reader may see, and links to the committee's list narrowed to the milestone."""
    milestone = _milestone(cast.plans["high"], "Radios")
    _dated(milestone, 3, "Done early", status=Status.DONE, first_day=0)
    _dated(milestone, SHOWN_PER_MILESTONE + 4, "Open")
    _dated(milestone, 2, "Secret", level=Level.RESTRICTED, first_day=5)
    ActionItemFactory(committee=cast.high, milestone=milestone, title="Undated", due_date=None)

    chair = _timeline(login(cast.chair), cast.plans["high"])
    shown = SHOWN_PER_MILESTONE
    # Open first, soonest due: the two restricted ones and the first eighteen others.
    assert "Secret 01" in chair and f"Open {shown - 3:02d}" in chair
    assert f"Open {shown - 2:02d}" not in chair and "Done early" not in chair
    total = 3 + shown + 4 + 2
    assert f"The first {shown} of {total} dated action items" in chair
    link = reverse("followups:items", args=[cast.high.pk]) + f"?milestone={milestone.pk}"
    assert f'href="{link}"' in chair

    parent = _timeline(login(cast.parent), cast.plans["high"])
    assert "Secret" not in parent and f"Open {shown - 1:02d}" in parent
    assert f"The first {shown} of {total - 2} dated action items" in parent

    listed = login(cast.chair).get(link).content.decode()
    assert "The items of the milestone “Radios”" in listed
    assert f"{total + 1} items" in listed  # the undated one too
    assert f'name="milestone" value="{milestone.pk}"' in listed  # kept when refiltered
    assert "Undated" in listed and cast.items[("high", Level.COMMITTEE)].title not in listed
    csv = login(cast.chair).get(
        reverse("followups:items_csv", args=[cast.high.pk]) + f"?milestone={milestone.pk}"
    )
    assert b"".join(csv.streaming_content).decode().count("\n") == total + 2  # and the header


def test_a_quiet_milestone_says_nothing_of_more(cast, login):
    milestone = _milestone(cast.plans["high"], "Signs")
    _dated(milestone, 3, "Sign")
    html = _timeline(login(cast.chair), cast.plans["high"])
    assert "Sign 02" in html and "dated action items:" not in html


@pytest.mark.parametrize("role", ROLES)
def test_the_list_is_narrowed_only_to_a_milestone_the_reader_may_see(cast, login, role):
    """Which items sit under a restricted milestone is a trace of it: a reader who may
    not see the milestone gets the committee's list as if they had not asked."""
    hidden = cast.milestones[("high", Level.RESTRICTED)]
    client = login(cast.people.get(role))  # None: the anonymous reader
    url = reverse("followups:items", args=[cast.high.pk])
    narrowed = client.get(f"{url}?milestone={hidden.pk}")
    whole = client.get(url)
    assert narrowed.status_code == whole.status_code
    if whole.status_code != 200:
        return
    html = narrowed.content.decode()
    if may_see(role, "high", Level.RESTRICTED):
        assert hidden.title in html and "The items of the milestone" in html
    else:
        assert hidden.title not in html and "The items of the milestone" not in html
        assert html.count("<tr data-visibility") == whole.content.decode().count(
            "<tr data-visibility"
        )
        # The export takes the same filters, and the same refusal.
        csv = reverse("followups:items_csv", args=[cast.high.pk])
        rows = [
            b"".join(client.get(address).streaming_content)
            for address in (f"{csv}?milestone={hidden.pk}", csv)
        ]
        assert rows[0] == rows[1]


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
    item = ActionItemFactory(committee=cast.high, title="Survey the east stair door")
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


def test_a_milestone_offers_its_own_items_and_the_first_hundred_open_ones_on_no_milestone(
    cast, login
):
    """A statewide committee holds thousands of open items: the form offers the
    milestone's own and the open items on no milestone due soonest, never all of them;
    an item not offered cannot be posted."""
    milestone = _milestone(cast.plans["high"], "Cameras")
    other = _milestone(cast.plans["high"], "Doors", days=90)
    own_done = ActionItemFactory(
        committee=cast.high, milestone=milestone, status=Status.DONE, title="Own and done"
    )
    ActionItemFactory(committee=cast.high, milestone=other, title="On the doors milestone")

    def add(first, n):
        ActionItem.objects.bulk_create(
            ActionItem(
                committee=cast.high,
                title=f"Unplanned {i:03d}",
                due_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=i),
            )
            for i in range(first, first + n)
        )

    add(0, OFFERED_OPEN_ITEMS + 5)
    client = login(cast.chair)
    url = reverse("followups:milestone_edit", args=[milestone.pk])
    with CaptureQueriesContext(connection) as few:
        html = client.get(url).content.decode()
    last = OFFERED_OPEN_ITEMS - 1
    assert "Own and done" in html and f"Unplanned {last:03d}" in html
    assert f"Unplanned {last + 1:03d}" not in html and "On the doors milestone" not in html
    assert html.count('type="checkbox" name="items"') == OFFERED_OPEN_ITEMS + 1
    add(1000, 300)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)

    form = {
        "title": milestone.title,
        "public_title": "Entrance security upgrades",
        "category": milestone.category,
        "target_date": milestone.target_date.isoformat(),
        "visibility": milestone.visibility,
    }
    beyond = ActionItem.objects.get(title=f"Unplanned {last + 1:03d}")
    response = client.post(url, {**form, "items": [own_done.pk, beyond.pk]})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    beyond.refresh_from_db()
    assert beyond.milestone is None
    first = ActionItem.objects.get(title="Unplanned 000")
    assert client.post(url, {**form, "items": [own_done.pk, first.pk]}).status_code == 302
    first.refresh_from_db()
    own_done.refresh_from_db()
    assert first.milestone == milestone and own_done.milestone == milestone


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
    # What the page shows does not grow either: a few items a milestone, and a link.
    html = _timeline(client, plan)
    assert html.count('<tr data-visibility="') <= 4 * SHOWN_PER_MILESTONE
    assert html.count("See them all in the list of action items") == 4
