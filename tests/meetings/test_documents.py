"""A meeting's packet (issue 19): files on agenda items and minutes sections, each at its own
level within its holder's, kept privately, served only through the gate, changed and
removed on record, listed on the meeting's page, in the API and in the exported minutes."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from committees import uploads
from committees.models import Level
from followups import services as followup_services
from meetings import selectors, services
from meetings.models import MeetingDocument

pytestmark = pytest.mark.django_db

# The cast's packet of the high school committee's meeting (tests/meetings/cast.py).
RESTRICTED_ON_ITEM = "CANARY-PACKET-ITEM-RESTRICTED-TITLE-high-7f3a"
COMMITTEE_ON_ITEM = "CANARY-PACKET-ITEM-COMMITTEE-COMMITTEE-TITLE-high-7f3a"
RESTRICTED_ON_SECTION = "CANARY-PACKET-SECTION-RESTRICTED-TITLE-high-7f3a"


def _pdf(name="Fire-marshal_letter.pdf", content=b"%PDF-1.4 letter"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _item(cast, level=Level.COMMITTEE):
    return cast.meetings["high"].agenda_items.get(visibility=level)


def _section(cast, level=Level.COMMITTEE):
    return cast.meetings["high"].sections.get(visibility=level)


def _new(holder) -> str:
    kind = "agenda_item" if holder._meta.model_name == "agendaitem" else "section"
    return reverse(f"meetings:{kind}_document_new", args=[holder.pk])


def _download(document) -> str:
    return reverse("meetings:document", args=[document.pk])


def _stored(document) -> Path:
    return Path(settings.STORAGES["default"]["OPTIONS"]["location"]) / document.file.name


# --- upload -------------------------------------------------------------------------------


def test_the_secretary_adds_several_files_each_titled_or_named(cast, login):
    item = _item(cast)
    before = set(item.files.values_list("pk", flat=True))
    response = login(cast.secretary).post(
        _new(item),
        {
            "files": [_pdf(), _pdf("Draft_reunification-map.pdf", b"%PDF map")],
            "titles": "Fire marshal inspection letter\n",
            "visibility": Level.COMMITTEE,
        },
    )
    page = reverse("meetings:meeting", args=[item.meeting_id])
    assert response.status_code == 302 and response["Location"] == f"{page}#agenda-item-{item.pk}"
    letter, summary = item.files.exclude(pk__in=before).order_by("pk")
    assert letter.title == "Fire marshal inspection letter"
    assert summary.title == "Draft reunification map"  # no title given: the file's name
    assert (summary.name, summary.content_type, summary.size) == (
        "Draft_reunification-map.pdf",
        "application/pdf",
        len(b"%PDF map"),
    )
    assert letter.visibility == Level.COMMITTEE and letter.uploaded_by == cast.secretary
    assert letter.meeting_id == item.meeting_id and letter.section is None
    # Kept outside any public path.
    assert Path(settings.STATIC_ROOT).resolve() not in _stored(letter).resolve().parents
    assert _stored(letter).read_bytes() == b"%PDF-1.4 letter"


def test_the_level_defaults_to_the_holders_and_is_never_below_it(cast, login):
    item = _item(cast, Level.RESTRICTED)
    client = login(cast.secretary)
    form = client.get(_new(item)).context["form"]
    assert form["visibility"].value() == Level.RESTRICTED  # the holder's level, by default
    before = MeetingDocument.objects.count()
    response = client.post(_new(item), {"files": [_pdf()], "visibility": Level.COMMITTEE})
    assert response.status_code == 200
    assert response.context["form"].errors["visibility"] == [
        "A document cannot be less strict than what holds it: at least Restricted here."
    ]
    assert "at least Restricted here" in response.content.decode()
    assert MeetingDocument.objects.count() == before
    # A restricted meeting's committee-level section is restricted along its chain.
    executive = cast.executive.sections.get()
    with pytest.raises(ValidationError, match="at least Restricted"):
        services.meeting_document_add(
            holder=executive, files=[_pdf()], visibility=Level.COMMITTEE, by=cast.chair
        )
    [kept] = services.meeting_document_add(holder=executive, files=[_pdf()], by=cast.chair)
    assert kept.visibility == Level.RESTRICTED


def test_a_refused_file_keeps_nothing_of_the_upload(cast, login, monkeypatch):
    item = _item(cast)
    client = login(cast.secretary)
    before = MeetingDocument.objects.count()
    files_before = set(Path(settings.STORAGES["default"]["OPTIONS"]["location"]).rglob("*"))
    script = SimpleUploadedFile("agenda.exe", b"MZ", content_type="application/pdf")
    response = client.post(_new(item), {"files": [_pdf(), script], "visibility": "committee"})
    assert response.status_code == 200
    assert "agenda.exe is not a kind of file the portal keeps" in response.content.decode()
    monkeypatch.setattr(uploads, "ATTACHMENT_MAX_BYTES", 10)
    big = _pdf("budget.pdf", b"x" * 11)
    response = client.post(_new(item), {"files": [_pdf("a.pdf", b"1"), big]})
    assert "budget.pdf is larger than" in response.content.decode()
    too_many = client.post(_new(item), {"files": [_pdf()], "titles": "One\nTwo"})
    assert "More titles than files" in too_many.content.decode()
    assert MeetingDocument.objects.count() == before
    after = set(Path(settings.STORAGES["default"]["OPTIONS"]["location"]).rglob("*"))
    assert after == files_before


def test_a_file_stored_before_a_refusal_is_taken_back(cast, monkeypatch):
    """All or nothing even when the database refuses the second row: the first's file goes."""
    section = _section(cast)
    calls = []
    real = MeetingDocument.save

    def save(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(MeetingDocument, "save", save)
    with pytest.raises(RuntimeError):
        services.meeting_document_add(
            holder=section, files=[_pdf("one.pdf"), _pdf("two.pdf")], by=cast.secretary
        )
    assert not _stored(calls[0]).exists()


def test_the_followups_evidence_keeps_the_same_limits(cast):
    """The limits are one, shared: an action item's evidence refuses what a packet does."""
    item = followup_services.action_item_create(committee=cast.high, title="Locks", by=cast.chair)
    script = SimpleUploadedFile("invoice.exe", b"MZ", content_type="application/pdf")
    with pytest.raises(ValidationError, match="not a kind of file"):
        followup_services.action_item_add_evidence(
            item=item, by=cast.chair, note="Paid", files=[script]
        )


@pytest.mark.parametrize(
    ("role", "status"), [("staff", 403), ("parent", 403), ("stranger", 404), ("outsider", 404)]
)
def test_only_recorders_add_documents(cast, login, role, status):
    client = login(cast.people[role])
    for holder in (_item(cast), _section(cast)):
        assert client.get(_new(holder)).status_code == status
        assert client.post(_new(holder), {"files": [_pdf()]}).status_code == status
    assert not MeetingDocument.objects.filter(name="Fire-marshal_letter.pdf").exists()


def test_a_restricted_holder_is_not_found_by_who_may_not_see_it(cast, login):
    client = login(cast.staff)  # a member, not cleared
    assert client.get(_new(_item(cast, Level.RESTRICTED))).status_code == 404
    assert client.get(_new(_section(cast, Level.RESTRICTED))).status_code == 404


# --- download through the gate --------------------------------------------------------------


def test_a_document_is_downloaded_only_through_the_gate(cast, login):
    document = cast.documents[("high", "item")]  # restricted, on a committee-level item
    response = login(cast.chair).get(_download(document))
    assert response.status_code == 200
    assert (
        b"".join(response.streaming_content) == b"CANARY-PACKET-ITEM-RESTRICTED-CONTENT-high-7f3a"
    )
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Type"] == "text/plain"
    for role in ("staff", "parent", "student", "stranger", "outsider", "other_admin"):
        assert login(cast.people[role]).get(_download(document)).status_code == 404, role
    # No public path serves the stored file, under any guess of a media URL.
    for guess in (document.file.name, f"media/{document.file.name}"):
        assert login(cast.chair).get("/" + guess).status_code == 404
    # A restricted one read is kept in the audit trail.
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.ACCESS,
        actor=cast.chair,
        content_type=ContentType.objects.get_for_model(MeetingDocument),
        object_id=document.pk,
    ).exists()


def test_raising_an_agenda_item_or_a_section_hides_its_documents(cast, login):
    item = _item(cast)
    document = cast.documents[("high", "item-committee")]
    [on_section] = services.meeting_document_add(
        holder=_section(cast), files=[_pdf()], by=cast.secretary
    )
    staff = login(cast.staff)
    assert staff.get(_download(document)).status_code == 200
    assert staff.get(_download(on_section)).status_code == 200
    services.agenda_item_edit(
        item=item,
        title=item.title,
        presenter="",
        minutes=10,
        visibility=Level.RESTRICTED,
        by=cast.chair,
    )
    section = _section(cast)
    services.minutes_section_edit(
        section=section,
        heading=section.heading,
        body=section.body,
        visibility=Level.RESTRICTED,
        by=cast.chair,
    )
    staff = login(cast.staff)
    assert staff.get(_download(document)).status_code == 404
    assert staff.get(_download(on_section)).status_code == 404
    assert login(cast.cleared_staff).get(_download(document)).status_code == 200
    # The chain decides, and the services raised the documents' own level too.
    document.refresh_from_db()
    on_section.refresh_from_db()
    assert document.visibility == on_section.visibility == Level.RESTRICTED


def test_the_chain_alone_hides_a_document_of_a_raised_holder(cast, login):
    """Written around the services, a holder raised without its documents still hides them."""
    document = cast.documents[("high", "item-committee")]
    type(document.agenda_item).objects.filter(pk=document.agenda_item_id).update(
        visibility=Level.RESTRICTED
    )
    assert login(cast.staff).get(_download(document)).status_code == 404


# --- level changed, document removed, on record --------------------------------------------


def _changes(document, action):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(MeetingDocument),
        object_pk=str(document.pk),
        action=action,
    )


def test_a_documents_level_is_raised_and_lowered_never_below_its_holder(cast, login):
    document = cast.documents[("high", "item")]  # restricted on a committee item
    client = login(cast.secretary)
    url = reverse("meetings:document_edit", args=[document.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"visibility": Level.COMMITTEE})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.visibility == Level.COMMITTEE
    assert login(cast.staff).get(_download(document)).status_code == 200
    [entry] = _changes(document, AuditEntry.Action.UPDATE)
    assert entry.actor == cast.secretary
    assert entry.changes_dict["visibility"] == [Level.RESTRICTED, Level.COMMITTEE]
    refused = login(cast.secretary).post(url, {"visibility": Level.PUBLIC})
    assert refused.status_code == 200
    assert "at least Committee here" in refused.content.decode()
    document.refresh_from_db()
    assert document.visibility == Level.COMMITTEE
    login(cast.secretary).post(url, {"visibility": Level.RESTRICTED})
    assert login(cast.staff).get(_download(document)).status_code == 404


def test_a_removed_document_is_on_record_and_its_file_gone(
    cast, login, django_capture_on_commit_callbacks
):
    document = cast.documents[("high", "section")]
    stored = _stored(document)
    assert stored.exists()
    assert login(cast.staff).post(
        reverse("meetings:document_remove", args=[document.pk])
    ).status_code == (404)  # not cleared: not found
    assert login(cast.student).post(
        reverse("meetings:document_remove", args=[document.pk])
    ).status_code == (404)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast.secretary).post(
            reverse("meetings:document_remove", args=[document.pk])
        )
    assert response.status_code == 302
    assert not MeetingDocument.objects.filter(pk=document.pk).exists()
    assert not stored.exists()
    [entry] = _changes(document, AuditEntry.Action.DELETE)
    assert entry.actor == cast.secretary
    assert login(cast.secretary).get(_download(document)).status_code == 404


def test_a_member_who_does_not_record_changes_nothing(cast, login):
    document = cast.documents[("high", "item-committee")]
    client = login(cast.staff)
    assert client.get(reverse("meetings:document_edit", args=[document.pk])).status_code == 403
    edit = reverse("meetings:document_edit", args=[document.pk])
    assert client.post(edit, {"visibility": "restricted"}).status_code == 403
    remove = reverse("meetings:document_remove", args=[document.pk])
    assert client.post(remove).status_code == 403
    document.refresh_from_db()
    assert document.visibility == Level.COMMITTEE


# --- where documents are shown --------------------------------------------------------------


def test_the_meeting_page_lists_what_each_reader_may_see(cast, login):
    url = reverse("meetings:meeting", args=[cast.meetings["high"].pk])
    chair = login(cast.chair).get(url).content.decode()
    for title in (RESTRICTED_ON_ITEM, COMMITTEE_ON_ITEM, RESTRICTED_ON_SECTION):
        assert title in chair
    document = cast.documents[("high", "item")]
    assert _download(document) in chair
    assert reverse("meetings:document_edit", args=[document.pk]) in chair
    assert _new(_item(cast)) in chair and 'enctype="multipart/form-data"' in chair
    staff = login(cast.staff).get(url).content.decode()
    assert COMMITTEE_ON_ITEM in staff
    assert RESTRICTED_ON_ITEM not in staff and RESTRICTED_ON_SECTION not in staff
    assert _download(document) not in staff
    assert _new(_item(cast)) not in staff  # no upload form for who does not record
    committee_document = cast.documents[("high", "item-committee")]
    assert _download(committee_document) in staff
    assert reverse("meetings:document_edit", args=[committee_document.pk]) not in staff


def test_the_api_lists_the_documents_the_reader_may_see(cast, login):
    url = reverse("api:meeting-detail", args=[cast.meetings["high"].pk])
    document = cast.documents[("high", "item-committee")]
    body = login(cast.staff).get(url).json()
    [item] = [i for i in body["agenda"] if i["visibility"] == Level.COMMITTEE]
    assert [f["title"] for f in item["files"]] == [COMMITTEE_ON_ITEM]
    [listed] = item["files"]
    assert listed["visibility"] == Level.COMMITTEE and listed["size"] == document.size
    assert listed["url"] == f"http://testserver{_download(document)}"
    assert RESTRICTED_ON_ITEM not in str(body) and RESTRICTED_ON_SECTION not in str(body)
    chair = login(cast.chair).get(url).json()
    restricted = [s for s in chair["sections"] if s["visibility"] == Level.RESTRICTED]
    assert [f["title"] for s in restricted for f in s["files"]] == [RESTRICTED_ON_SECTION]


def test_the_exported_minutes_list_each_visible_document_by_title(cast, login):
    meeting = cast.meetings["high"]
    staff = login(cast.staff).get(reverse("meetings:minutes_txt", args=[meeting.pk]))
    chair = login(cast.chair).get(reverse("meetings:minutes_txt", args=[meeting.pk]))
    assert f"Attached: {COMMITTEE_ON_ITEM} (Committee)" in staff.content.decode()
    assert RESTRICTED_ON_ITEM not in staff.content.decode()
    assert RESTRICTED_ON_SECTION not in staff.content.decode()
    assert f"Attached: {RESTRICTED_ON_SECTION} (Restricted)" in chair.content.decode()
    assert f"Attached: {RESTRICTED_ON_ITEM} (Restricted)" in chair.content.decode()


def test_the_redaction_guard_knows_restricted_document_titles(cast):
    since = cast.meetings["high"].starts_at.replace(year=2025)
    assert RESTRICTED_ON_ITEM in set(selectors.restricted_text(cast.high, since))
    assert COMMITTEE_ON_ITEM not in set(selectors.restricted_text(cast.high, since))


def test_an_agenda_item_removed_takes_its_documents_and_their_files(
    cast, django_capture_on_commit_callbacks
):
    document = cast.documents[("high", "item-committee")]
    stored = _stored(document)
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_remove(item=document.agenda_item, by=cast.secretary)
    assert not MeetingDocument.objects.filter(agenda_item_id=document.agenda_item_id).exists()
    assert not stored.exists()
    assert _changes(document, AuditEntry.Action.DELETE).exists()
