"""Action items: who may assign and update them, how they move, and their evidence."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees import access
from committees.models import Level
from followups import services
from followups.models import ActionItem, ActionItemAttachment, ActionItemEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = ActionItem.Status


def _item(cast, **kwargs):
    values = {"committee": cast.high, "title": "Replace faded evacuation maps", "by": cast.chair}
    values.update(kwargs)
    return services.action_item_create(**values)


# --- transitions -------------------------------------------------------------------------


ALLOWED = [(a, b) for a, targets in ActionItem.TRANSITIONS.items() for b in targets]
REFUSED = [(a, b) for a in Status for b in Status if b not in ActionItem.TRANSITIONS[a] and a != b]


def _force_status(item, status):
    ActionItem.objects.filter(pk=item.pk).update(status=status)
    item.refresh_from_db()


@pytest.mark.parametrize(("before", "after"), ALLOWED)
def test_allowed_transitions_are_recorded_with_who_and_why(cast, before, after):
    item = _item(cast, assignee=cast.staff)
    _force_status(item, before)
    # Cancelling, and reopening a cancelled item, are the assigners' (the chair's).
    by = cast.chair if Status.CANCELLED in (before, after) else cast.staff
    services.action_item_set_status(item=item, status=after, by=by, note="Vendor booked")
    item.refresh_from_db()
    assert item.status == after
    event = item.events.filter(kind=ActionItemEvent.Kind.STATUS).last()
    assert (event.actor, event.from_status, event.to_status) == (by, before, after)
    assert event.note == "Vendor booked" and event.at is not None


@pytest.mark.parametrize(("before", "after"), REFUSED)
def test_other_moves_are_refused_with_a_message(cast, before, after):
    item = _item(cast)
    _force_status(item, before)
    with pytest.raises(ValidationError) as refused:
        services.action_item_set_status(item=item, status=after, by=cast.chair, note="x")
    assert "cannot become" in str(refused.value)
    item.refresh_from_db()
    assert item.status == before
    assert not item.events.filter(kind=ActionItemEvent.Kind.STATUS).exists()


def test_blocked_needs_a_reason(cast):
    item = _item(cast)
    with pytest.raises(ValidationError, match="waiting for"):
        services.action_item_set_status(item=item, status=Status.BLOCKED, by=cast.chair)


def test_reopening_a_done_item_clears_its_verification(cast):
    item = _item(cast)
    services.action_item_set_status(item=item, status=Status.DONE, by=cast.chair)
    services.action_item_verify(item=item, by=cast.chair)
    services.action_item_set_status(item=item, status=Status.IN_PROGRESS, by=cast.chair)
    item.refresh_from_db()
    assert item.completed_at is None and item.verified_at is None and item.verified_by is None


def test_overdue_means_past_due_and_not_closed(cast):
    today = access.district_today(cast.district)
    item = _item(cast, due_date=today - datetime.timedelta(days=1))
    assert item.is_overdue(today)
    assert not item.is_overdue(today - datetime.timedelta(days=2))
    for closed in (Status.DONE, Status.CANCELLED):
        _force_status(item, closed)
        assert not item.is_overdue(today)


# --- who may do what ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["chair", "principal", "district_admin"])
def test_chairs_and_administrators_assign_and_reassign(cast, role):
    by = cast.people[role]
    item = _item(cast, by=by, assignee=cast.staff)
    services.action_item_assign(item=item, assignee=cast.officer, by=by, note="Police lead")
    item.refresh_from_db()
    assert item.assignee == cast.officer and item.assigned_by == by
    assert "was " + cast.staff.display_name in item.events.last().note


@pytest.mark.parametrize("role", ["secretary", "staff", "cleared_staff", "parent", "stranger"])
def test_others_cannot_assign(cast, role):
    item = _item(cast)
    with pytest.raises(PermissionDenied):
        services.action_item_assign(item=item, assignee=cast.staff, by=cast.people[role])
    with pytest.raises(PermissionDenied):
        _item(cast, by=cast.people[role])


def test_an_assignee_updates_their_own_item_only(cast, login):
    mine = _item(cast, assignee=cast.staff)
    theirs = _item(cast, assignee=cast.officer)
    client = login(cast.staff)
    url = reverse("followups:item_status", args=[mine.pk])
    assert client.post(url, {"status": "in_progress", "note": "Ordered"}).status_code == 302
    assert ActionItem.objects.get(pk=mine.pk).status == Status.IN_PROGRESS
    url = reverse("followups:item_progress", args=[theirs.pk])
    assert client.post(url, {"note": "Not mine"}).status_code == 403
    # An assignee does not assign:
    url = reverse("followups:item_assign", args=[mine.pk])
    assert client.post(url, {"assignee": cast.parent.pk}).status_code == 403


def test_a_refused_status_change_keeps_what_was_typed(cast, login):
    item = _item(cast, assignee=cast.staff)
    response = login(cast.staff).post(
        reverse("followups:item_status", args=[item.pk]), {"status": "blocked", "note": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Say what the item is waiting for." in html


def test_a_person_outside_the_committee_sees_their_item_and_nothing_else(cast, login):
    director = UserFactory(district=cast.district, username="facilities.director2")
    item = _item(cast, assignee=director, title="Repair the gym door closer")
    client = login(director)
    assert client.get(reverse("followups:action_item", args=[item.pk])).status_code == 200
    assert client.get(reverse("committees:detail", args=[cast.high.pk])).status_code == 404
    other = cast.items[("high", Level.COMMITTEE)]
    assert client.get(reverse("followups:action_item", args=[other.pk])).status_code == 404
    # They update it:
    url = reverse("followups:item_progress", args=[item.pk])
    assert client.post(url, {"note": "Parts ordered"}).status_code == 302
    # Taken off the item, they see it no more:
    services.action_item_assign(item=item, assignee=cast.staff, by=cast.chair)
    assert client.get(reverse("followups:action_item", args=[item.pk])).status_code == 404


def test_a_restricted_item_cannot_go_to_a_parent(cast):
    with pytest.raises(ValidationError, match="cannot see restricted records"):
        _item(cast, visibility=Level.RESTRICTED, assignee=cast.parent)
    assert not ActionItem.objects.filter(title="Replace faded evacuation maps").exists()
    item = _item(cast, assignee=cast.parent)
    with pytest.raises(ValidationError, match="cannot see restricted records"):
        services.action_item_edit(item=item, visibility=Level.RESTRICTED, by=cast.chair)
    item.refresh_from_db()
    assert item.visibility == Level.COMMITTEE


def test_the_chair_creates_an_item_from_the_page(cast, login):
    client = login(cast.chair)
    assert client.get(reverse("followups:item_new", args=[cast.high.pk])).status_code == 200
    response = client.post(
        reverse("followups:item_new", args=[cast.high.pk]),
        {
            "title": "Post updated reunification signage",
            "description": "",
            "visibility": "committee",
            "category": "communication",
            "priority": "high",
            "source": "drill",
            "source_detail": "October evacuation drill",
            "due_date": "2027-01-15",
            "assignee": cast.staff.pk,
            "milestone": cast.milestones[("high", Level.COMMITTEE)].pk,
        },
    )
    assert response.status_code == 302
    item = ActionItem.objects.get(title="Post updated reunification signage")
    assert item.assignee == cast.staff and item.source == "drill"
    assert item.milestone == cast.milestones[("high", Level.COMMITTEE)]


def test_a_member_cannot_link_a_milestone_they_cannot_see(cast, login):
    client = login(cast.chair)
    other = cast.milestones[("middle", Level.COMMITTEE)]
    response = client.post(
        reverse("followups:item_new", args=[cast.high.pk]),
        {
            "title": "x",
            "visibility": "committee",
            "category": "other",
            "priority": "low",
            "source": "none",
            "milestone": other.pk,
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


# --- evidence, attachments, verification -------------------------------------------------


def _upload(name="invoice.pdf", content=b"%PDF-1.4 paid", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_evidence_files_are_private_and_served_through_the_gate(cast, login):
    item = _item(cast, visibility=Level.RESTRICTED, assignee=cast.chair)
    client = login(cast.chair)
    client.post(
        reverse("followups:item_evidence", args=[item.pk]),
        {"note": "New locks installed", "files": [_upload()]},
    )
    attachment = ActionItemAttachment.objects.get(item=item)
    path = Path(attachment.file.path).resolve()
    assert Path(settings.STATIC_ROOT).resolve() not in path.parents
    # No public path serves the stored file, under any guess of a media URL.
    for guess in (attachment.file.name, f"media/{attachment.file.name}"):
        assert client.get("/" + guess).status_code == 404

    response = client.get(reverse("followups:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 paid"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"

    for role in ("parent", "student", "staff", "other_admin"):
        denied = login(cast.people[role]).get(reverse("followups:attachment", args=[attachment.pk]))
        assert denied.status_code == 404, role


def test_oversized_evidence_is_refused_and_nothing_saved(cast, monkeypatch):
    item = _item(cast)
    monkeypatch.setattr(services, "ATTACHMENT_MAX_BYTES", 10)
    with pytest.raises(ValidationError, match="larger than"):
        services.action_item_add_evidence(
            item=item, by=cast.chair, note="Photos", files=[_upload(content=b"x" * 11)]
        )
    item.refresh_from_db()
    assert item.completion_note == "" and not item.attachments.exists()


def test_only_a_done_item_is_verified_and_only_by_the_chair(cast, login):
    item = _item(cast, assignee=cast.staff)
    client = login(cast.chair)
    response = client.post(reverse("followups:item_verify", args=[item.pk]), follow=True)
    assert "Only a done item can be verified." in response.content.decode()
    services.action_item_set_status(item=item, status=Status.DONE, by=cast.staff)
    assert (
        login(cast.staff).post(reverse("followups:item_verify", args=[item.pk])).status_code == 403
    )
    client = login(cast.chair)
    client.post(reverse("followups:item_verify", args=[item.pk]))
    item.refresh_from_db()
    assert item.verified_by == cast.chair
    page = client.get(reverse("followups:action_item", args=[item.pk])).content.decode()
    assert f"verified by {cast.chair.display_name}" in page
    assert "Verified" in page  # in the history


# --- an assignee from outside the committee ------------------------------------------------------


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def _outsiders_item(cast):
    return services.action_item_create(
        committee=cast.high,
        title="Re-key the gym doors",
        assignee=cast.outsider,
        by=_fresh(cast.chair),
    )


def test_an_outside_assignee_reports_progress_evidence_and_done(cast):
    item = _outsiders_item(cast)
    director = _fresh(cast.outsider)
    services.action_item_add_progress(item=item, by=director, note="Locksmith booked")
    services.action_item_add_evidence(item=item, by=director, note="Invoice 2231")
    services.action_item_set_status(item=item, status=Status.IN_PROGRESS, by=director)
    services.action_item_set_status(item=item, status=Status.DONE, by=director)
    item.refresh_from_db()
    assert item.status == Status.DONE


def test_an_outside_assignee_cannot_cancel_or_change_the_level(cast):
    item = _outsiders_item(cast)
    director = _fresh(cast.outsider)
    with pytest.raises(ValidationError, match="cancels an item"):
        services.action_item_set_status(item=item, status=Status.CANCELLED, by=director)
    with pytest.raises(PermissionDenied):
        services.action_item_edit(item=item, visibility=Level.PUBLIC, by=director)
    item.refresh_from_db()
    assert (item.status, item.visibility) == (Status.OPEN, Level.COMMITTEE)
    # The chair still may; and a cancelled item is reopened by the chair only.
    services.action_item_set_status(item=item, status=Status.CANCELLED, by=_fresh(cast.chair))
    item.refresh_from_db()
    assert services.action_item_next_statuses(item=item, by=director) == []
    with pytest.raises(ValidationError):
        services.action_item_set_status(item=item, status=Status.OPEN, by=director)


def test_the_item_page_offers_an_outside_assignee_no_cancel_and_no_edit(cast, login):
    item = _outsiders_item(cast)
    client = login(cast.outsider)
    page = client.get(reverse("followups:action_item", args=[item.pk])).content.decode()
    assert 'value="done"' in page and 'value="in_progress"' in page
    assert 'value="cancelled"' not in page
    assert reverse("followups:item_edit", args=[item.pk]) not in page
    url = reverse("followups:item_status", args=[item.pk])
    response = client.post(url, {"status": "cancelled", "note": "Not needed"})
    assert response.status_code == 200  # the form again, with its error
    assert ActionItem.objects.get(pk=item.pk).status == Status.OPEN
    assert client.get(reverse("followups:item_edit", args=[item.pk])).status_code == 403
    chair_page = login(cast.chair).get(reverse("followups:action_item", args=[item.pk]))
    assert 'value="cancelled"' in chair_page.content.decode()


def test_the_history_names_statuses_as_people_read_them(cast, login):
    item = _item(cast, assignee=cast.staff)
    services.action_item_set_status(item=item, status=Status.IN_PROGRESS, by=cast.staff)
    text = login(cast.chair).get(reverse("followups:action_item", args=[item.pk])).content
    assert "(Open → In progress)" in text.decode()
    assert "inprogress" not in text.decode()


def test_the_assignee_menu_says_each_persons_seat_and_school(cast, login):
    page = login(cast.chair).get(reverse("followups:item_new", args=[cast.high.pk]))
    menu = page.content.decode().split('name="assignee"')[1].split("</select>")[0]
    school = cast.high.building.name
    parent = f"{cast.parent.display_name} — Member, Family (parent or guardian), {school}"
    assert parent in menu
    assert f"{cast.principal.display_name} — " in menu  # the school's administrator
    assert f"{cast.district_admin.display_name} — " in menu
    # In the reader's language, the page after an English one included.
    page = login(cast.chair).get(
        reverse("followups:item_new", args=[cast.high.pk]), HTTP_ACCEPT_LANGUAGE="es"
    )
    menu = page.content.decode().split('name="assignee"')[1].split("</select>")[0]
    assert f"{cast.parent.display_name} — Miembro, Familia (padre, madre o tutor)" in menu


def test_an_items_page_does_not_grow_with_the_districts_people(cast, login):
    """Its menus (assign, share) offer the committee's people: forty more people of the
    district add no option and no query."""
    item = cast.items[("high", Level.COMMITTEE)]
    client = login(cast.chair)
    url = reverse("followups:action_item", args=[item.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        before = client.get(url).content.decode()
    UserFactory.create_batch(40, district=cast.district)
    with CaptureQueriesContext(connection) as many:
        after = client.get(url).content.decode()
    assert before.count("<option") == after.count("<option")
    assert len(many) == len(few)


def test_someone_off_the_committee_is_assigned_by_email_not_found_in_a_district_long_menu(
    cast, login
):
    """A district holds a thousand people or more: the menu offers the committee's, and
    anyone else of the district is named by e-mail or user name."""
    client = login(cast.chair)
    url = reverse("followups:item_new", args=[cast.high.pk])
    page = client.get(url).content.decode()
    menu = page.split('name="assignee"')[1].split("</select>")[0]
    assert f"{cast.outsider.display_name} — " not in menu
    assert 'name="assignee_other"' in page
    # A browser lets the menu stay empty when a name is typed beside it.
    assert "required" not in page.split('name="assignee"')[1].split(">")[0]
    form = {"title": "Re-key the gym doors", "visibility": Level.COMMITTEE, "priority": "medium"}
    form |= {"category": "facilities", "source": "none"}

    response = client.post(url, form | {"assignee_other": "nobody@example.org"})
    assert response.status_code == 200
    assert "nobody@example.org" in response.content.decode()  # what was typed is kept
    assert not ActionItem.objects.filter(title="Re-key the gym doors").exists()

    response = client.post(url, form | {"assignee_other": cast.outsider.email.upper()})
    assert response.status_code == 302
    item = ActionItem.objects.get(title="Re-key the gym doors")
    assert item.assignee == cast.outsider

    # An e-mail two people of the district share (a family's): the user name decides.
    twin = UserFactory(district=cast.district, email=cast.outsider.email)
    form["title"] = "Check the bus loop gate"
    response = client.post(url, form | {"assignee_other": cast.outsider.email})
    assert response.status_code == 200 and "type the user name" in response.content.decode()
    response = client.post(url, form | {"assignee_other": twin.username})
    assert ActionItem.objects.get(title="Check the bus loop gate").assignee == twin
