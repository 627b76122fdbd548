"""Agenda editing on a meeting, and the committee's standing agenda (issue #5)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from committees import services as committee_services
from committees.models import Category, Level, Position
from meetings import services
from meetings.models import AgendaItem, AgendaTemplateItem
from tests.factories import UserFactory
from tests.meetings.clock import after_start, approved

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _meeting(cast, *titles):
    meeting = services.meeting_schedule(
        committee=cast.high,
        title="December meeting",
        starts_at=datetime.datetime(2026, 12, 9, 23, 30, tzinfo=UTC),
        location="Room 12",
        by=cast.secretary,
    )
    items = [
        services.agenda_item_add(meeting=meeting, title=title, by=cast.secretary)
        for title in titles
    ]
    return meeting, items


def _titles(meeting) -> list[str]:
    return list(meeting.agenda_items.order_by("order").values_list("title", flat=True))


def _orders(rows) -> list[int]:
    return list(rows.order_by("order").values_list("order", flat=True))


def test_moving_an_item_up_and_down_keeps_orders_contiguous(cast, login):
    meeting, (_plan, drill, _doors) = _meeting(cast, "Plan review", "Drill results", "Doors")
    client = login(cast.secretary)
    url = reverse("meetings:agenda_item_move", args=[drill.pk])

    response = client.post(url, {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith("#agenda")
    assert _titles(meeting) == ["Drill results", "Plan review", "Doors"]

    client.post(url, {"direction": "up"})  # already first: nothing moves
    assert _titles(meeting) == ["Drill results", "Plan review", "Doors"]

    client.post(url, {"direction": "down"})
    client.post(url, {"direction": "down"})
    assert _titles(meeting) == ["Plan review", "Doors", "Drill results"]
    assert _orders(meeting.agenda_items) == [1, 2, 3]


def test_a_bad_direction_moves_nothing(cast, login):
    meeting, (_first, second) = _meeting(cast, "Plan review", "Drill results")
    client = login(cast.secretary)
    response = client.post(
        reverse("meetings:agenda_item_move", args=[second.pk]), {"direction": "sideways"}
    )
    assert response.status_code == 302
    assert _titles(meeting) == ["Plan review", "Drill results"]
    with pytest.raises(ValidationError, match="up or down"):
        services.agenda_item_move(item=second, direction="sideways", by=cast.secretary)


def test_a_recorder_without_clearance_moves_past_what_they_see_only(cast):
    """A family-member secretary records meetings but never sees restricted items."""
    secretary = UserFactory(username="parent.secretary", district=cast.district)
    committee_services.membership_add(
        committee=cast.high, user=secretary, category=Category.FAMILY, position=Position.SECRETARY
    )
    meeting, (plan, hidden, drill) = _meeting(cast, "Plan review", "Camera gaps", "Drill results")
    services.agenda_item_edit(
        item=hidden,
        by=cast.chair,
        title=hidden.title,
        presenter="",
        minutes=10,
        visibility=Level.RESTRICTED,
    )
    services.agenda_item_move(item=drill, direction="up", by=secretary)
    assert _titles(meeting) == ["Drill results", "Camera gaps", "Plan review"]
    with pytest.raises(PermissionDenied):
        services.agenda_item_move(item=hidden, direction="up", by=secretary)
    with pytest.raises(PermissionDenied):
        services.agenda_item_remove(item=hidden, by=secretary)
    assert plan.pk in meeting.agenda_items.values_list("pk", flat=True)


def test_editing_an_item(cast, login):
    meeting, (item,) = _meeting(cast, "Drill results")
    client = login(cast.secretary)
    url = reverse("meetings:agenda_item_edit", args=[item.pk])
    page = client.get(url).content.decode()
    assert 'value="Drill results"' in page

    response = client.post(
        url,
        {
            "title": "Lockdown drill results",
            "presenter": "Officer Reyes",
            "minutes": 20,
            "visibility": Level.RESTRICTED,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.presenter, item.minutes, item.visibility) == (
        "Lockdown drill results",
        "Officer Reyes",
        20,
        Level.RESTRICTED,
    )
    # Refused input stays on the form.
    response = client.post(url, {"title": "", "minutes": 0, "visibility": Level.COMMITTEE})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.title == "Lockdown drill results"


def test_removing_an_item_keeps_the_minutes_written_for_it(cast, login, monkeypatch):
    meeting, (first, drill, last) = _meeting(cast, "Plan review", "Drill results", "Doors")
    section = services.minutes_section_add(
        meeting=meeting, heading="Drill", body="Went well.", agenda_item=drill, by=cast.secretary
    )
    after_start(monkeypatch, meeting)
    approved(meeting, submitter=cast.secretary, approver=cast.chair)
    client = login(cast.secretary)
    url = reverse("meetings:agenda_item_remove", args=[drill.pk])

    page = client.get(url).content.decode()
    assert "Remove “Drill results” from the agenda?" in page
    assert "no longer linked" in page
    assert AgendaItem.objects.filter(pk=drill.pk).exists()  # GET only asks

    response = client.post(url)
    assert response.status_code == 302
    assert _titles(meeting) == ["Plan review", "Doors"]
    assert _orders(meeting.agenda_items) == [1, 2]
    section.refresh_from_db()
    assert (section.agenda_item, section.body) == (None, "Went well.")
    meeting.refresh_from_db()
    # The agenda is planning: changing it leaves the approved minutes approved.
    assert meeting.minutes_approved_at is not None
    assert meeting.minutes_revision == 1


def test_meeting_page_shows_controls_only_to_recorders(cast, login):
    meeting, (first, second) = _meeting(cast, "Plan review", "Drill results")
    page = login(cast.secretary).get(reverse("meetings:meeting", args=[meeting.pk]))
    html = page.content.decode()
    assert 'aria-label="Move “Drill results” up"' in html
    assert 'aria-label="Move “Plan review” down"' in html
    assert 'aria-label="Move “Plan review” up"' not in html  # first: no "up"
    assert reverse("meetings:agenda_item_edit", args=[second.pk]) in html
    assert reverse("meetings:agenda_item_remove", args=[second.pk]) in html
    assert reverse("meetings:agenda_template", args=[cast.high.pk]) in html

    html = login(cast.staff).get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "Drill results" in html
    assert reverse("meetings:agenda_item_move", args=[second.pk]) not in html
    assert reverse("meetings:agenda_item_edit", args=[second.pk]) not in html


def test_agenda_refusals(cast, login):
    meeting = cast.meetings["high"]
    shared = meeting.agenda_items.get(visibility=Level.COMMITTEE)
    restricted = meeting.agenda_items.get(visibility=Level.RESTRICTED)
    edit = reverse("meetings:agenda_item_edit", args=[shared.pk])
    move = reverse("meetings:agenda_item_move", args=[shared.pk])
    remove = reverse("meetings:agenda_item_remove", args=[shared.pk])

    client = login(cast.staff)  # a member who does not record meetings
    assert client.get(edit).status_code == 403
    assert client.post(move, {"direction": "down"}).status_code == 403
    assert client.get(remove).status_code == 403
    assert client.post(remove).status_code == 403

    client = login(cast.stranger)  # another committee's member
    assert client.get(edit).status_code == 404
    assert client.post(move, {"direction": "down"}).status_code == 404
    assert client.post(remove).status_code == 404

    client = login(cast.parent)  # may see the committee's agenda, never the restricted item
    assert client.get(reverse("meetings:agenda_item_edit", args=[restricted.pk])).status_code == (
        404
    )
    assert client.get(edit).status_code == 403
    assert AgendaItem.objects.filter(pk__in=[shared.pk, restricted.pk]).count() == 2

    with pytest.raises(PermissionDenied):
        services.agenda_item_remove(item=shared, by=cast.staff)


def test_standing_agenda_crud_and_new_meetings_follow_it(cast, login):
    client = login(cast.secretary)
    page_url = reverse("meetings:agenda_template", args=[cast.high.pk])
    assert client.get(page_url).status_code == 200

    for title, minutes in (("Plan review", 15), ("Drill results", 10), ("Old business", 5)):
        response = client.post(page_url, {"title": title, "minutes": minutes})
        assert response.status_code == 302
    rows = AgendaTemplateItem.objects.filter(committee=cast.high)
    plan, drill, old = rows.order_by("order")
    assert _orders(rows) == [1, 2, 3]

    response = client.post(
        reverse("meetings:agenda_template_item_edit", args=[drill.pk]),
        {"title": "Drill results and follow-up", "minutes": 20},
    )
    assert response.status_code == 302
    client.post(reverse("meetings:agenda_template_item_move", args=[drill.pk]), {"direction": "up"})
    client.post(reverse("meetings:agenda_template_item_remove", args=[old.pk]))
    assert list(rows.order_by("order").values_list("title", "minutes", "order")) == [
        ("Drill results and follow-up", 20, 1),
        ("Plan review", 15, 2),
    ]

    html = client.get(page_url).content.decode()
    assert 'aria-label="Move “Plan review” up"' in html
    assert 'aria-label="Remove “Plan review” from the standing agenda"' in html

    meeting, _ = _meeting(cast)
    assert _titles(meeting) == ["Drill results and follow-up", "Plan review"]
    # Meetings already scheduled keep their agenda when the standing one changes.
    services.agenda_template_item_remove(standing=rows.get(title="Plan review"), by=cast.chair)
    assert _titles(meeting) == ["Drill results and follow-up", "Plan review"]


def test_standing_agenda_refusals(cast, login):
    standing = services.agenda_template_item_add(
        committee=cast.high, title="Plan review", by=cast.chair
    )
    page_url = reverse("meetings:agenda_template", args=[cast.high.pk])

    client = login(cast.parent)  # a member: sees the standing agenda, may not change it
    html = client.get(page_url).content.decode()
    assert "Plan review" in html
    assert "Add a standing item" not in html
    assert reverse("meetings:agenda_template_item_edit", args=[standing.pk]) not in html
    assert client.post(page_url, {"title": "Sneaky", "minutes": 5}).status_code == 403
    assert (
        client.get(reverse("meetings:agenda_template_item_edit", args=[standing.pk])).status_code
        == 403
    )
    assert (
        client.post(reverse("meetings:agenda_template_item_remove", args=[standing.pk])).status_code
        == 403
    )

    client = login(cast.stranger)  # another committee's member
    assert client.get(page_url).status_code == 404
    for name in ("agenda_template_item_move", "agenda_template_item_remove"):
        url = reverse(f"meetings:{name}", args=[standing.pk])
        assert client.post(url, {"direction": "up"}).status_code == 404
    assert (
        client.get(reverse("meetings:agenda_template_item_edit", args=[standing.pk])).status_code
        == 404
    )

    assert list(
        AgendaTemplateItem.objects.filter(committee=cast.high).values_list("title", flat=True)
    ) == ["Plan review"]
    with pytest.raises(PermissionDenied):
        services.agenda_template_item_add(committee=cast.high, title="Sneaky", by=cast.staff)
