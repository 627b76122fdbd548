"""A meeting's public agenda: posted through the guard by a publisher, read again on every
request; the public page's agenda, its calendar entry and its packet as one PDF."""

import datetime
import io

import pypdf
import pytest
from auditlog.context import set_actor as acting_as
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from audit.models import AuditEntry
from committees import services as committee_services
from committees.models import Level
from meetings import services
from meetings.models import AgendaItem, Meeting, MeetingDocument, PublicAgenda
from safety_portal import documents

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def pdf_bytes(*lines: str) -> bytes:
    doc = documents.Document(title="A document", filename="document", footer="")
    for line in lines:
        doc.add("text", line)
    return documents.render_pdf(doc)


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _meeting(cast, **kwargs) -> Meeting:
    values = {
        "committee": cast.high,
        "title": "January meeting",
        "starts_at": datetime.datetime(2027, 1, 13, 23, 30, tzinfo=UTC),
        "location": "Room 114, east wing",
        "video_link": "https://meet.example.org/january",
        "visibility": Level.PUBLIC,  # an open meeting: its items may be public
        "by": cast.secretary,
    }
    values.update(kwargs)
    return services.meeting_schedule(**values)


def _announced(cast, **kwargs) -> Meeting:
    meeting = _meeting(cast, **kwargs)
    proposed = services.meeting_notice_propose(
        meeting=meeting,
        title="High school safety committee",
        place="Westport High",
        purpose=meeting.public_purpose,
        by=cast.chair,
    )
    committee_services.public_text_approve(change=proposed, by=cast.principal)
    return meeting


def _item(meeting, title, level=Level.PUBLIC) -> AgendaItem:
    return services.agenda_item_add(meeting=meeting, title=title, visibility=level, by=None)


def _document(item, title, level=Level.PUBLIC, content=None, name=None, content_type=None):
    body = content if content is not None else pdf_bytes(f"Text of {title}")
    document = MeetingDocument(
        meeting=item.meeting,
        agenda_item=item,
        title=title,
        name=name or "document.pdf",
        content_type=content_type or "application/pdf",
        size=len(body),
        visibility=level,
    )
    document.file.save(document.name, ContentFile(body), save=False)
    document.save()
    return document


def _page(client, meeting) -> str:
    url = reverse("public:meeting", args=["westport", meeting.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _packet(client, meeting):
    return client.get(reverse("public:meeting_packet", args=["westport", meeting.pk]))


def _download(client, meeting, document):
    url = reverse("public:meeting_document", args=["westport", meeting.pk, document.pk])
    return client.get(url)


@pytest.fixture
def agenda(cast):
    """An announced open meeting: a public item with a public PDF, a restricted document and
    a public text file; a committee item with a public document; then the agenda posted."""
    meeting = _announced(cast)
    public = _item(meeting, "Spring drill calendar")
    committee = _item(meeting, "Camera coverage of the loading dock", Level.COMMITTEE)
    files = {
        "public": _document(public, "Drill dates", content=pdf_bytes("PUBLIC-PDF-BODY")),
        "restricted": _document(
            public,
            "SECRET-DOC-TITLE",
            Level.RESTRICTED,
            content=pdf_bytes("SECRET-DOC-BODY"),
        ),
        "text": _document(
            public, "Sign-up sheet", content=b"names", name="signup.txt", content_type="text/plain"
        ),
        "on_committee_item": _document(
            committee, "DOCK-DOC-TITLE", content=pdf_bytes("DOCK-DOC-BODY")
        ),
    }
    posted = services.public_agenda_post(meeting=meeting, by=cast.chair)
    return meeting, public, committee, files, posted


# Posting


def test_only_a_publisher_posts_the_agenda_of_an_announced_meeting(cast):
    meeting = _meeting(cast)
    _item(meeting, "Spring drill calendar")
    for person in (cast.secretary, cast.staff, cast.parent, cast.stranger):
        with pytest.raises(PermissionDenied):
            services.public_agenda_post(meeting=meeting, by=person)
    with pytest.raises(ValidationError, match="notice first"):
        services.public_agenda_post(meeting=meeting, by=cast.chair)
    proposed = services.meeting_notice_propose(meeting=meeting, title="January", by=cast.chair)
    committee_services.public_text_approve(change=proposed, by=cast.principal)
    agenda = services.public_agenda_post(meeting=meeting, by=cast.chair)
    assert agenda.published_by == cast.chair
    assert agenda.published_at is not None
    assert [item["title"] for item in agenda.items] == ["Spring drill calendar"]


def test_an_executive_session_or_a_cancelled_meeting_has_no_public_agenda(cast):
    executive = _announced(
        cast, kind=Meeting.Kind.EXECUTIVE, public_purpose="Security", visibility=None
    )
    with pytest.raises(ValidationError, match="executive session"):
        services.public_agenda_post(meeting=executive, by=cast.chair)
    meeting = _announced(cast, title="February meeting")
    services.meeting_cancel(meeting=meeting, by=cast.chair, reason="Snow day")
    with pytest.raises(ValidationError, match="cancelled"):
        services.public_agenda_post(meeting=meeting, by=cast.chair)
    assert not PublicAgenda.objects.exists()


def test_the_snapshot_holds_only_public_items_and_their_public_documents(cast, agenda):
    meeting, public, _committee, files, posted = agenda
    assert [item["id"] for item in posted.items] == [public.pk]
    listed = {d["id"] for d in posted.items[0]["documents"]}
    assert listed == {files["public"].pk, files["text"].pk}
    assert posted.video_link == "https://meet.example.org/january"
    unlinked = services.public_agenda_post(meeting=meeting, by=cast.chair, video_link=False)
    assert unlinked.video_link == ""


def test_the_guard_blocks_an_item_or_document_title_it_finds(cast):
    cast.district.forbidden_public_terms = "loading dock"
    cast.district.save()
    meeting = _announced(cast)
    item = _item(meeting, "Cameras at the loading dock")
    with pytest.raises(ValidationError, match="loading dock"):
        services.public_agenda_post(meeting=meeting, by=cast.chair)
    services.agenda_item_edit(
        item=item, by=cast.chair, title="Cameras", presenter="", minutes=10, visibility="public"
    )
    _document(item, "Map of the loading dock")
    preview = services.public_agenda_preview(meeting=meeting)
    assert [f.phrase for f in preview.findings] == ["loading dock"]
    with pytest.raises(ValidationError):
        services.public_agenda_post(meeting=meeting, by=cast.chair)
    assert not PublicAgenda.objects.filter(meeting=meeting).exists()


def test_each_posting_is_on_record(cast, agenda):
    meeting, _public, _committee, _files, posted = agenda
    with acting_as(cast.principal):
        services.public_agenda_post(meeting=meeting, by=cast.principal)
    entries = AuditEntry.objects.filter(
        content_type__model="publicagenda", object_id=posted.pk
    ).order_by("pk")
    assert [entry.action for entry in entries] == [
        AuditEntry.Action.CREATE,
        AuditEntry.Action.UPDATE,
    ]
    assert entries.last().actor == cast.principal


def test_posting_again_takes_a_new_snapshot(cast, agenda):
    meeting, _public, _committee, _files, posted = agenda
    first = posted.published_at
    _item(meeting, "Public comment")
    again = services.public_agenda_post(meeting=meeting, by=cast.principal)
    assert [item["title"] for item in again.items] == ["Spring drill calendar", "Public comment"]
    assert again.published_at == first
    assert again.revised_at is not None


# The public page


def test_the_public_page_shows_the_agenda_its_public_documents_and_the_video_link(
    cast, client, agenda
):
    meeting, _public, _committee, files, _posted = agenda
    body = _page(client, meeting)
    assert "Spring drill calendar" in body
    assert "Drill dates" in body and "Sign-up sheet" in body
    assert "https://meet.example.org/january" in body
    assert "data-agenda-posted" in body
    for hidden in ("Camera coverage", "SECRET-DOC-TITLE", "DOCK-DOC-TITLE", "Room 114"):
        assert hidden not in body
    assert reverse("public:meeting_ics", args=["westport", meeting.pk]) in body
    assert reverse("public:meeting_packet", args=["westport", meeting.pk]) in body


def test_a_document_or_item_raised_or_removed_after_posting_never_shows(cast, client, agenda):
    """Re-checked on every rendering, and a cached page is dropped by the change."""
    meeting, public, _committee, files, _posted = agenda
    cache.clear()
    MeetingDocument.objects.filter(pk=files["public"].pk).update(visibility=Level.COMMITTEE)
    body = _page(client, meeting)
    assert "Drill dates" not in body and "Sign-up sheet" in body
    assert _download(client, meeting, files["public"]).status_code == 404
    removed = MeetingDocument(pk=files["text"].pk)
    files["text"].delete()
    cache.clear()
    assert "Sign-up sheet" not in _page(client, meeting)
    assert _download(client, meeting, removed).status_code == 404


def test_an_item_raised_after_posting_drops_the_cached_page(
    cast, client, agenda, django_capture_on_commit_callbacks
):
    meeting, public, _committee, _files, _posted = agenda
    assert "Spring drill calendar" in _page(client, meeting)  # now in the cache
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_edit(
            item=public,
            by=cast.chair,
            title=public.title,
            presenter="",
            minutes=10,
            visibility=Level.COMMITTEE,
        )
    assert "Spring drill calendar" not in _page(client, meeting)


def test_a_changed_document_drops_the_cached_page(
    cast, client, agenda, django_capture_on_commit_callbacks
):
    meeting, _public, _committee, files, _posted = agenda
    assert "Drill dates" in _page(client, meeting)
    MeetingDocument.objects.filter(pk=files["public"].pk).update(visibility=Level.RESTRICTED)
    assert "Drill dates" in _page(client, meeting)  # cached, until told
    with django_capture_on_commit_callbacks(execute=True):
        services.public_agenda_changed(meeting.pk)
    assert "Drill dates" not in _page(client, meeting)


def test_posting_drops_the_cached_public_page(cast, client, django_capture_on_commit_callbacks):
    meeting = _announced(cast)
    _item(meeting, "Spring drill calendar")
    assert "Spring drill calendar" not in _page(client, meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.public_agenda_post(meeting=meeting, by=cast.chair)
    assert "Spring drill calendar" in _page(client, meeting)


def test_a_public_document_is_served_with_safe_headers_and_others_are_not_found(
    cast, client, agenda
):
    meeting, _public, _committee, files, _posted = agenda
    response = _download(client, meeting, files["public"])
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    for name in ("restricted", "on_committee_item"):
        assert _download(client, meeting, files[name]).status_code == 404
    other = _announced(cast, title="February meeting")
    url = reverse("public:meeting_document", args=["westport", other.pk, files["public"].pk])
    assert client.get(url).status_code == 404
    url = reverse("public:meeting_document", args=["millbrook", meeting.pk, files["public"].pk])
    assert client.get(url).status_code == 404


# Add to calendar


def test_add_to_calendar_is_the_meeting_from_its_notice_only(cast, client, agenda):
    meeting = agenda[0]
    response = client.get(reverse("public:meeting_ics", args=["westport", meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "High school safety committee"
    assert str(event["location"]) == "Westport High"
    assert event["dtstart"].dt == meeting.starts_at
    assert "Room 114" not in response.content.decode()
    unannounced = _meeting(cast, title="February meeting")
    url = reverse("public:meeting_ics", args=["westport", unannounced.pk])
    assert client.get(url).status_code == 404


# The packet


def test_the_packet_is_the_agenda_then_the_public_pdfs(cast, client, agenda):
    meeting, _public, _committee, _files, _posted = agenda
    response = _packet(client, meeting)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2  # the agenda, then the one public PDF
    first, appended = (page.extract_text() for page in reader.pages)
    assert "High school safety committee" in first
    assert "Spring drill calendar" in first
    assert "Sign-up sheet" in first  # listed by title: not a PDF
    assert "PUBLIC-PDF-BODY" in appended
    text = pdf_text(response.content)
    for hidden in ("Camera coverage", "SECRET-DOC", "DOCK-DOC", "Room 114"):
        assert hidden not in text


def test_a_meeting_without_a_posted_agenda_has_no_packet(cast, client):
    meeting = _announced(cast)
    assert _packet(client, meeting).status_code == 404


def test_a_damaged_pdf_is_listed_not_appended(cast, client):
    meeting = _announced(cast)
    item = _item(meeting, "Spring drill calendar")
    _document(item, "Broken scan", content=b"%PDF-1.4 not really")
    services.public_agenda_post(meeting=meeting, by=cast.chair)
    response = _packet(client, meeting)
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    assert "Broken scan" in reader.pages[0].extract_text()


# The signed-in page


def test_a_publisher_previews_exactly_what_will_be_public_then_posts(cast, login):
    meeting = _announced(cast, title="February meeting")
    _item(meeting, "Spring drill calendar")
    _item(meeting, "Camera coverage of the loading dock", Level.COMMITTEE)
    client = login(cast.chair)
    detail = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "data-post-agenda" in detail
    url = reverse("meetings:public_agenda", args=[meeting.pk])
    page = client.get(url).content.decode()
    preview = page.split("data-preview", 1)[1].split("</section>", 1)[0]
    assert "Spring drill calendar" in preview and "meet.example.org" in preview
    assert "Camera coverage" not in preview
    response = client.post(url, {"preview": "1"})
    assert response.status_code == 200 and not PublicAgenda.objects.filter(meeting=meeting)
    response = client.post(url, {})  # the box unticked: no video link
    assert response.status_code == 302
    assert PublicAgenda.objects.get(meeting=meeting).video_link == ""


def test_the_page_shows_the_guards_findings_and_posts_nothing(cast, login):
    cast.district.forbidden_public_terms = "loading dock"
    cast.district.save()
    meeting = _announced(cast)
    _item(meeting, "Cameras at the loading dock")
    client = login(cast.chair)
    url = reverse("meetings:public_agenda", args=[meeting.pk])
    assert "Posting is blocked" in client.get(url).content.decode()
    response = client.post(url, {"video_link": "on"})
    assert response.status_code == 200
    assert "loading dock" in response.content.decode()
    assert not PublicAgenda.objects.filter(meeting=meeting).exists()


def test_the_secretary_drafts_but_does_not_post(cast, login):
    meeting = _announced(cast)
    client = login(cast.secretary)
    assert client.get(reverse("meetings:public_agenda", args=[meeting.pk])).status_code == 403
    detail = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "data-post-agenda" not in detail


# Query budgets: the public page and the packet cost the same for few and many


def _grow(meeting, items: int, per_item: int) -> None:
    for n in range(items):
        item = _item(meeting, f"Item {n}")
        for m in range(per_item):
            _document(item, f"Document {n}.{m}", content=pdf_bytes(f"Body {n}.{m}"))


def _count(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["public:meeting", "public:meeting_packet", "public:meeting_ics"])
def test_public_agenda_pages_cost_the_same_for_few_and_many(cast, client, name):
    meeting = _announced(cast)
    _grow(meeting, 1, 1)
    services.public_agenda_post(meeting=meeting, by=cast.chair)
    url = reverse(name, args=["westport", meeting.pk])
    few = _count(client, url)
    _grow(meeting, 12, 3)
    services.public_agenda_post(meeting=meeting, by=cast.chair)
    assert len(PublicAgenda.objects.get(meeting=meeting).document_ids) == 37
    assert _count(client, url) == few
