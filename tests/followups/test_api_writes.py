"""Writing action items through the API (/api/v1/action-items/): what the item's pages
let each person do, refused where the pages refuse it, with their messages, and nothing
saved on a refusal; the outbox told what the page would tell it."""

import datetime
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from accounts import services as account_services
from committees import services as committee_services
from committees.models import Level
from followups import services
from followups.api import NOT_A_CHOICE, NOT_AN_ASSIGNEE
from followups.models import ActionItem, ActionItemAttachment, ActionItemEvent
from meetings import services as meeting_services
from notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db
Status = ActionItem.Status
LIST = "/api/v1/action-items/"


def _url(item, what: str) -> str:
    return reverse(f"api:action-item-{what}", args=[item.pk])


def _told(person, item) -> bool:
    """Whether the outbox holds an "assigned to you" message to ``person`` about ``item``."""
    return Notification.objects.filter(
        recipient=person,
        kind=Kind.ITEM_ASSIGNED,
        subject_type="followups.actionitem",
        subject_id=item.pk,
    ).exists()


def _item(cast, **kwargs) -> ActionItem:
    values = {"committee": cast.high, "title": "Replace faded evacuation maps", "by": None}
    return services.action_item_create(**(values | kwargs))


# --- create ------------------------------------------------------------------------------


def test_the_chair_creates_an_assigned_item_and_the_assignee_is_told(cast, login):
    client = login(cast.chair)
    response = client.post(
        LIST,
        {
            "committee": cast.high.pk,
            "title": "Re-key the gym doors",
            "category": "access_control",
            "priority": "high",
            "due_date": "2026-12-18",
            "assignee": cast.outsider.pk,  # the facilities director, on no committee
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    item = ActionItem.objects.get(pk=response.json()["id"])
    assert response["Location"] == reverse("api:action-item-detail", args=[item.pk])
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert (item.committee, item.title, item.assignee) == (
        cast.high,
        "Re-key the gym doors",
        cast.outsider,
    )
    assert (item.visibility, item.category, item.priority) == (
        Level.COMMITTEE,
        "access_control",
        "high",
    )
    assert item.due_date == datetime.date(2026, 12, 18) and item.assigned_by == cast.chair
    assert response.json()["assignee_name"] == cast.outsider.display_name
    kinds = list(item.events.values_list("kind", flat=True))
    assert kinds == [ActionItemEvent.Kind.CREATED, ActionItemEvent.Kind.ASSIGNED]
    assert _told(cast.outsider, item)


def test_a_member_who_may_not_assign_is_refused_and_nothing_is_made(cast, login):
    before = ActionItem.objects.count()
    for role in ("staff", "secretary", "parent"):
        response = login(cast.people[role]).post(
            LIST, {"committee": cast.high.pk, "title": "Mine now"}
        )
        assert response.status_code == 403, role
    assert ActionItem.objects.count() == before


def test_a_committee_one_may_not_see_is_refused_as_one_that_does_not_exist(cast, login):
    client = login(cast.chair)
    hidden = client.post(LIST, {"committee": cast.middle.pk, "title": "Elsewhere"})
    missing = client.post(LIST, {"committee": 999999, "title": "Elsewhere"})
    garbled = client.post(LIST, {"committee": "high", "title": "Elsewhere"})
    assert hidden.status_code == missing.status_code == garbled.status_code == 400
    assert hidden.json() == missing.json() == garbled.json() == {"committee": [NOT_A_CHOICE]}
    assert not ActionItem.objects.filter(title="Elsewhere").exists()


def test_choices_the_page_does_not_offer_are_refused_by_field(cast, login):
    client = login(cast.chair)
    response = client.post(
        LIST,
        {
            "committee": cast.high.pk,
            "title": "",
            "assignee": cast.other_admin.pk,  # another district's
            "milestone": cast.milestones[("middle", Level.COMMITTEE)].pk,  # another committee's
            "visibility": "secret",
        },
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"title", "assignee", "milestone", "visibility"}
    assert errors["assignee"] == errors["milestone"] == [NOT_A_CHOICE]
    assert "CANARY" not in response.content.decode()


def test_a_restricted_item_is_never_assigned_to_a_family_member(cast, login):
    before = ActionItem.objects.count(), Notification.objects.count()
    response = login(cast.chair).post(
        LIST,
        {
            "committee": cast.high.pk,
            "title": "Camera blind spot by the loading dock",
            "visibility": Level.RESTRICTED,
            "assignee": cast.parent.pk,
        },
    )
    assert response.status_code == 400
    [message] = response.json()["assignee"]
    assert "C.G.S. 10-222m" in message  # the service's own words, as the page says them
    assert (ActionItem.objects.count(), Notification.objects.count()) == before


def test_an_item_from_the_minutes_starts_at_their_level_and_never_below(cast, login):
    client = login(cast.chair)
    meeting = cast.meetings["high"]
    section = meeting_services.minutes_section_add(
        meeting=meeting, heading="Door audit", body="Which doors fail.", by=None
    )
    meeting_services.minutes_section_edit(
        section=section,
        heading="Door audit",
        body="Which doors fail.",
        visibility=Level.RESTRICTED,
        by=None,
    )
    lower = client.post(
        LIST,
        {
            "committee": cast.high.pk,
            "title": "Fix the doors",
            "minutes_section": section.pk,
            "visibility": Level.COMMITTEE,
        },
    )
    assert lower.status_code == 400
    assert lower.json() == {
        "visibility": ["It cannot be less strict than what holds it (Restricted)."]
    }
    assert not ActionItem.objects.filter(title="Fix the doors").exists()
    made = client.post(
        LIST, {"committee": cast.high.pk, "title": "Fix the doors", "minutes_section": section.pk}
    )
    assert made.status_code == 201, made.content
    item = ActionItem.objects.get(pk=made.json()["id"])
    assert (item.visibility, item.source, item.minutes_section) == (
        Level.RESTRICTED,
        ActionItem.Source.MEETING,
        section,
    )
    other = client.post(
        LIST, {"committee": cast.middle.pk, "title": "x", "minutes_section": section.pk}
    )
    assert other.status_code == 400  # the middle school's committee is not the chair's


# --- assign ------------------------------------------------------------------------------


def test_the_chair_reassigns_and_the_new_assignee_is_told(cast, login):
    item = cast.items[("high", Level.COMMITTEE)]
    response = login(cast.chair).post(
        _url(item, "assign"), {"assignee": cast.secretary.pk, "note": "Back from leave"}
    )
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert item.assignee == cast.secretary and response.json()["assignee"] == cast.secretary.pk
    event = item.events.filter(kind=ActionItemEvent.Kind.ASSIGNED).last()
    assert event.actor == cast.chair and "Back from leave" in event.note
    assert _told(cast.secretary, item)


def test_assigning_is_refused_to_those_the_page_refuses(cast, login):
    item = cast.items[("high", Level.RESTRICTED)]
    for role, expected in (("secretary", 403), ("staff", 404), ("stranger", 404)):
        response = login(cast.people[role]).post(_url(item, "assign"), {"assignee": cast.staff.pk})
        assert response.status_code == expected, role
    missing = login(cast.staff).post(
        reverse("api:action-item-assign", args=[999999]), {"assignee": cast.staff.pk}
    )
    assert missing.json() == login(cast.staff).post(_url(item, "assign"), {}).json()
    item.refresh_from_db()
    assert item.assignee == cast.chair


def test_only_a_person_the_page_offers_can_be_assigned(cast, login):
    client = login(cast.chair)
    item = cast.items[("high", Level.RESTRICTED)]
    for person in (cast.parent.pk, cast.other_admin.pk, 999999, None):
        response = client.post(
            _url(item, "assign"), {"assignee": person}, content_type="application/json"
        )
        assert response.status_code == 400, person
        assert response.json() == {"assignee": [NOT_AN_ASSIGNEE]}
    item.refresh_from_db()
    assert item.assignee == cast.chair and not _told(cast.parent, item)


# --- transitions -------------------------------------------------------------------------


def test_the_assignee_moves_the_item_along_with_a_note(cast, login):
    item = _item(cast, assignee=cast.staff)
    client = login(cast.staff)
    response = client.post(_url(item, "transition"), {"status": "in_progress", "note": "Ordered"})
    assert response.status_code == 200 and response.json()["status"] == Status.IN_PROGRESS
    response = client.post(_url(item, "transition"), {"status": "done"})
    assert response.status_code == 200 and response.json()["completed_at"] is not None
    moves = item.events.filter(kind=ActionItemEvent.Kind.STATUS)
    assert list(moves.values_list("from_status", "to_status", "actor")) == [
        (Status.OPEN, Status.IN_PROGRESS, cast.staff.pk),
        (Status.IN_PROGRESS, Status.DONE, cast.staff.pk),
    ]


@pytest.mark.parametrize(
    ("before", "after", "field", "message"),
    [
        (Status.DONE, Status.BLOCKED, "status", "This item is done and cannot become blocked."),
        (Status.OPEN, Status.OPEN, "status", "This item is open and cannot become open."),
        (Status.OPEN, Status.BLOCKED, "note", "Say what the item is waiting for."),
        (Status.OPEN, "lost", "status", '"lost" is not a valid choice.'),
    ],
)
def test_a_move_not_allowed_is_refused_by_field_and_the_item_stays(
    cast, login, before, after, field, message
):
    item = _item(cast, assignee=cast.staff)
    ActionItem.objects.filter(pk=item.pk).update(status=before)
    response = login(cast.staff).post(_url(item, "transition"), {"status": after})
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    item.refresh_from_db()
    assert item.status == before and not item.events.filter(kind="status").exists()


def test_cancelling_is_the_assigners_call_not_the_assignees(cast, login):
    item = _item(cast, assignee=cast.staff)
    refused = login(cast.staff).post(_url(item, "transition"), {"status": "cancelled"})
    assert refused.status_code == 400
    assert "Only the committee's chair or an administrator" in refused.json()["status"][0]
    assert (
        login(cast.chair).post(_url(item, "transition"), {"status": "cancelled"}).status_code == 200
    )
    item.refresh_from_db()
    assert item.status == Status.CANCELLED


def test_a_member_who_is_not_the_assignee_may_not_move_it(cast, login):
    item = _item(cast, assignee=cast.staff)
    assert (
        login(cast.cleared_staff).post(_url(item, "transition"), {"status": "done"}).status_code
        == 403
    )
    assert (
        login(cast.stranger).post(_url(item, "transition"), {"status": "done"}).status_code == 404
    )
    item.refresh_from_db()
    assert item.status == Status.OPEN


def test_the_facilities_directors_script_reports_back_with_a_token(cast, client):
    """An outsider assigned one item sees and moves that one, and nothing else."""
    item = _item(cast, assignee=cast.outsider)
    _token, key = account_services.api_token_create(user=cast.outsider, name="Work orders", days=30)
    auth = {"Authorization": f"Token {key}"}
    moved = client.post(_url(item, "transition"), {"status": "in_progress"}, headers=auth)
    assert moved.status_code == 200, moved.content
    noted = client.post(_url(item, "progress"), {"note": "Work order 4411 opened"}, headers=auth)
    assert noted.status_code == 200
    other = cast.items[("high", Level.COMMITTEE)]
    assert client.post(_url(other, "progress"), {"note": "x"}, headers=auth).status_code == 404
    assert (
        client.post(_url(item, "assign"), {"assignee": cast.outsider.pk}, headers=auth).status_code
        == 403
    )
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS
    assert item.events.filter(kind="progress", note="Work order 4411 opened").exists()


# --- progress, evidence, verification ----------------------------------------------------


def test_progress_notes_are_the_assignees_and_the_assigners(cast, login):
    item = _item(cast, assignee=cast.staff)
    assert (
        login(cast.staff).post(_url(item, "progress"), {"note": "Called the vendor"}).status_code
        == 200
    )
    assert (
        login(cast.chair).post(_url(item, "progress"), {"note": "Vendor confirmed"}).status_code
        == 200
    )
    assert login(cast.parent).post(_url(item, "progress"), {"note": "Any news?"}).status_code == 403
    blank = login(cast.staff).post(_url(item, "progress"), {"note": "  "})
    assert blank.status_code == 400 and set(blank.json()) == {"note"}
    notes = list(item.events.filter(kind="progress").values_list("note", flat=True))
    assert notes == ["Called the vendor", "Vendor confirmed"]


def test_evidence_files_are_kept_privately_and_served_only_through_the_gate(cast, login):
    item = _item(cast, assignee=cast.staff)
    client = login(cast.staff)
    photo = SimpleUploadedFile("new-lock.jpg", b"\xff\xd8photo", content_type="image/jpeg")
    response = client.post(_url(item, "evidence"), {"note": "Lock installed", "files": [photo]})
    assert response.status_code == 200, response.content
    assert response.json()["completion_note"] == "Lock installed"
    attachment = ActionItemAttachment.objects.get(item=item)
    assert (attachment.name, attachment.uploaded_by) == ("new-lock.jpg", cast.staff)
    stored = Path(attachment.file.path)  # in the private storage, as from the page
    assert stored.is_relative_to(settings.STORAGES["default"]["OPTIONS"]["location"])
    assert stored.read_bytes() == b"\xff\xd8photo"
    download = reverse("followups:attachment", args=[attachment.pk])
    assert client.get(download).status_code == 200
    assert login(cast.stranger).get(download).status_code == 404


def test_evidence_too_large_or_empty_is_refused_and_nothing_is_kept(cast, login, monkeypatch):
    monkeypatch.setattr(services, "ATTACHMENT_MAX_BYTES", 4)
    item = _item(cast, assignee=cast.staff)
    client = login(cast.staff)
    big = SimpleUploadedFile("plan.pdf", b"12345678", content_type="application/pdf")
    response = client.post(_url(item, "evidence"), {"note": "Signed off", "files": [big]})
    assert response.status_code == 400 and set(response.json()) == {"files"}
    for nothing in ({"note": ""}, {}):  # no note at all: refused the same (was a 500)
        empty = client.post(_url(item, "evidence"), nothing)
        assert empty.status_code == 400
        assert empty.json() == {"note": ["Describe the evidence or attach a file."]}
    item.refresh_from_db()
    assert item.completion_note == "" and not item.attachments.exists()
    assert not item.events.filter(kind="evidence").exists()


def test_the_chair_verifies_a_done_item_and_only_a_done_one(cast, login):
    item = _item(cast, assignee=cast.staff)
    client = login(cast.chair)
    early = client.post(_url(item, "verify"))
    assert early.status_code == 400
    assert early.json() == {"non_field_errors": ["Only a done item can be verified."]}
    services.action_item_set_status(item=item, status=Status.DONE, by=cast.staff)
    assert login(cast.staff).post(_url(item, "verify")).status_code == 403  # not one's own
    verified = login(cast.chair).post(_url(item, "verify"))
    assert verified.status_code == 200 and verified.json()["verified_at"] is not None


def test_a_chair_without_clearance_who_makes_a_restricted_item_gets_its_id_only(cast, login):
    committee_services.membership_change(
        membership=cast.chair.memberships.get(committee=cast.high),
        restricted_clearance=False,
        by=cast.principal,
    )
    response = login(cast.chair).post(
        LIST,
        {"committee": cast.high.pk, "title": "Lockdown code word", "visibility": "restricted"},
    )
    assert response.status_code == 201
    assert response.json() == {"id": ActionItem.objects.get(title="Lockdown code word").pk}


def test_the_schema_tells_each_write_and_its_body(client):
    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    validate_schema(schema)
    paths = schema["paths"]
    assert "post" in paths["/api/v1/action-items/"]
    for action in ("assign", "transition", "progress", "evidence", "verify"):
        assert set(paths[f"/api/v1/action-items/{{id}}/{action}/"]) == {"post"}, action
    evidence = paths["/api/v1/action-items/{id}/evidence/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in evidence and "application/json" not in evidence
    for path in ("plans", "milestones"):
        assert set(paths[f"/api/v1/{path}/"]) == {"get"}
        assert set(paths[f"/api/v1/{path}/{{id}}/"]) == {"get"}
