"""Exports of minutes and public summaries: through the gate, in the district's time zone."""

import datetime
import io
from zoneinfo import ZoneInfo

import pypdf
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation

from committees.models import District, Level
from meetings import exports, services
from meetings.models import MinutesSection
from tests.matrix import reader_text
from tests.meetings.clock import after_start, approved

pytestmark = pytest.mark.django_db

COMMITTEE_BODY = "CANARY-MINUTES-COMMITTEE-high-7f3a"
RESTRICTED_BODY = "CANARY-MINUTES-REVISED-RESTRICTED-high-7f3a"
RESTRICTED_MOTION = "CANARY-MOTION-RESTRICTED-high-7f3a"
RESTRICTED_AGENDA = "CANARY-AGENDA-RESTRICTED-high-7f3a"
DRAFT = "CANARY-SUMMARY-DRAFT-high-7f3a"


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _download(client, name, meeting):
    response = client.get(reverse(name, args=[meeting.pk]))
    if response.status_code != 200:
        return response, ""
    if response["Content-Type"] == "application/pdf":
        # Lines wrap where reportlab breaks them: compare words, not line ends.
        return response, " ".join(_pdf_text(response.content).split())
    return response, response.content.decode()


@pytest.mark.parametrize("name", ["meetings:minutes_pdf", "meetings:minutes_txt"])
def test_a_parents_minutes_have_no_restricted_section(cast, login, name):
    response, text = _download(login(cast.parent), name, cast.meetings["high"])
    assert response.status_code == 200
    assert "Discussion (committee)" in text
    assert COMMITTEE_BODY in text
    assert "CANARY-MOTION-COMMITTEE-high-7f3a" in text
    for secret in ("Discussion (restricted)", RESTRICTED_BODY, RESTRICTED_MOTION):
        assert secret not in text
    assert RESTRICTED_AGENDA not in text
    assert "contains committee information" in text
    assert "Restricted" not in text


@pytest.mark.parametrize("name", ["meetings:minutes_pdf", "meetings:minutes_txt"])
def test_a_cleared_members_minutes_have_it_and_say_so(cast, login, name):
    response, text = _download(login(cast.cleared_staff), name, cast.meetings["high"])
    assert response.status_code == 200
    for part in ("Discussion (committee)", COMMITTEE_BODY, "Discussion (restricted)"):
        assert part in text
    for part in (RESTRICTED_BODY, RESTRICTED_MOTION, RESTRICTED_AGENDA):
        assert part in text
    assert "Restricted: for cleared members only, do not pass on" in text
    assert "contains restricted information" in text
    assert f"Exported by {cast.cleared_staff.display_name}" in text


@pytest.fixture
def held(cast, monkeypatch):
    """A held and approved meeting of the high school committee, after everyone joined."""
    meeting = services.meeting_schedule(
        committee=cast.high,
        title="January meeting",
        starts_at=datetime.datetime(2030, 1, 15, 23, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 1, 16, 0, 30, tzinfo=datetime.UTC),
        location="Room 12",
        by=cast.secretary,
    )
    section = services.minutes_section_add(
        meeting=meeting,
        heading="Budget",
        body="Door hardware is funded.",
        visibility=Level.COMMITTEE,
        by=cast.secretary,
    )
    services.vote_record(
        section=section,
        motion="Buy the door hardware.",
        mover="Ms. Alvarez",
        seconder="Mr. Chen",
        result="carried",
        yes=7,
        no=1,
        abstain=1,
        by=cast.secretary,
    )
    members = {m.user_id: m.pk for m in services.members_in_force(meeting)}
    statuses = dict.fromkeys(members.values(), "present")
    statuses[members[cast.staff.pk]] = "absent"
    statuses[members[cast.student.pk]] = "excused"
    after_start(monkeypatch, meeting)
    services.attendance_record(
        meeting=meeting,
        by=cast.secretary,
        statuses=statuses,
        notes={members[cast.student.pk]: "exam week"},
        guests=[("Karen Doyle", "Westport Fire Department")],
    )
    approved(meeting, submitter=cast.secretary, approver=cast.chair)
    return meeting


def test_the_minutes_show_heading_attendance_votes_and_status(cast, login, held):
    _, text = _download(login(cast.parent), "meetings:minutes_txt", held)
    assert "Committee: Westport High School Safety Committee" in text
    assert "Building: Westport High School" in text
    assert "Minutes: January meeting" in text
    assert "Kind: Regular meeting" in text
    assert "When: Tuesday, January 15, 2030, 6:00 PM EST – 7:30 PM" in text
    assert "Where: Room 12" in text
    assert "Level: Committee: for committee members only" in text
    assert "Minutes: Approved by the committee on " in text
    assert f"revision 1 (recorded by {cast.chair.display_name})" in text
    assert f"Absent (1)\n  - {cast.staff.display_name}\n" in text
    assert f"Excused (1)\n  - {cast.student.display_name} (exam week)\n" in text
    assert f"  - {cast.parent.display_name}\n" in text
    assert "Guests (1)\n  - Karen Doyle (Westport Fire Department)" in text
    assert (
        "Vote: Buy the door hardware. Moved by Ms. Alvarez, seconded by Mr. Chen. "
        "Carried (7 yes, 1 no, 1 abstaining)."
    ) in text


@pytest.mark.parametrize("name", ["meetings:minutes_pdf", "meetings:minutes_txt"])
def test_a_spanish_readers_minutes_are_in_spanish(cast, login, held, name):
    """The export follows the language of the request that made it: its field names,
    its sentences, its dates and its footer."""
    client = login(cast.parent)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    _, text = _download(client, name, held)
    held.refresh_from_db()
    approved_at = timezone.localtime(held.minutes_approved_at, ZoneInfo(cast.district.time_zone))
    with translation.override("es"):
        approved_on = formats.date_format(approved_at, "DATE_FORMAT")
    for spanish in (
        "Acta: January meeting",
        "Comité: Westport High School Safety Committee",
        "Cuándo: martes, 15 de enero de 2030, 18:00 EST – 19:30",
        "Dónde: Room 12",
        "Nivel: Comité: solo para los miembros del comité",
        f"Actas: Aprobada por el comité el {approved_on}, revisión 1",
        "Asistencia",
        "Invitados (1)",
        "Votación: Buy the door hardware. Propuesta por Ms. Alvarez, secundada por Mr. Chen.",
        "(7 a favor, 1 en contra, 1 abstenciones).",
        "Exportado por ",
        "contiene información del comité",
    ):
        assert spanish in text, spanish
    for english in (
        "When:",
        "Where:",
        "Attendance",
        "Guests",
        "Exported by",
        " yes, ",
        "January 15",
    ):
        assert english not in text, english


def test_draft_minutes_say_draft(cast, login, held):
    services.minutes_section_add(meeting=held, heading="Late addition", by=cast.secretary)
    _, text = _download(login(cast.parent), "meetings:minutes_txt", held)
    assert "Minutes: Draft, revision 2: not yet approved by the committee" in text


@pytest.mark.parametrize("name", ["meetings:minutes_pdf", "meetings:minutes_txt"])
def test_times_are_in_the_districts_time_zone(cast, login, held, name):
    # 23:00 UTC in January: 6 p.m. in Connecticut.
    _, text = _download(login(cast.staff), name, held)
    assert "Tuesday, January 15, 2030, 6:00 PM EST" in text
    District.objects.filter(pk=cast.district.pk).update(time_zone="America/Los_Angeles")
    _, text = _download(login(cast.staff), name, held)
    assert "Tuesday, January 15, 2030, 3:00 PM PST" in text
    assert "6:00 PM" not in text


@pytest.mark.parametrize("role", ["stranger", "outsider", "other_admin"])
def test_minutes_of_a_meeting_one_may_not_see_are_404(cast, login, role):
    client = login(cast.people[role])
    for name in ("meetings:minutes_pdf", "meetings:minutes_txt"):
        assert client.get(reverse(name, args=[cast.meetings["high"].pk])).status_code == 404


def test_minutes_need_a_sign_in(cast, client):
    response = client.get(reverse("meetings:minutes_pdf", args=[cast.meetings["high"].pk]))
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_downloads_are_attachments_and_never_cached(cast, login):
    meeting = cast.meetings["high"]
    client = login(cast.parent)
    pdf = client.get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == (
        'attachment; filename="westport-high-school-safety-committee-2026-10-14-minutes.pdf"'
    )
    assert "private" in pdf["Cache-Control"]
    assert "no-store" in pdf["Cache-Control"]
    txt = client.get(reverse("meetings:minutes_txt", args=[meeting.pk]))
    assert txt["Content-Type"] == "text/plain; charset=utf-8"
    assert txt["Content-Disposition"].endswith('-minutes.txt"')


def test_markup_in_the_minutes_is_text_in_the_pdf(cast, login):
    meeting = cast.meetings["high"]
    services.minutes_section_add(
        meeting=meeting,
        heading="Doors <b>& locks</b>",
        body="Vendor said <para>5 < 6 & 7 > 3</para>\n\nSecond *paragraph*.",
        visibility=Level.COMMITTEE,
        by=None,
    )
    _, text = _download(login(cast.parent), "meetings:minutes_pdf", meeting)
    assert "Doors <b>& locks</b>" in text
    assert "Vendor said <para>5 < 6 & 7 > 3</para>" in text
    assert "Second *paragraph*." in text


def test_a_long_minutes_export_runs_over_pages_with_the_footer_on_each(cast, login):
    meeting = cast.meetings["high"]
    for n in range(40):
        services.minutes_section_add(
            meeting=meeting,
            heading=f"Item {n}",
            body="A paragraph of routine discussion. " * 20,
            visibility=Level.RESTRICTED if n == 39 else Level.COMMITTEE,
            by=None,
        )
    response = login(cast.chair).get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) > 3
    for page in pages:
        assert "contains restricted information" in page.extract_text()


def test_the_export_reads_the_same_sections_as_the_page(cast):
    """One selector for both: what the export holds is what the page would show."""
    meeting = cast.meetings["high"]
    doc = exports.minutes_document(cast.parent, meeting)
    headings = [b.text for b in doc.blocks if b.kind == "subheading"]
    visible = MinutesSection.objects.filter(meeting=meeting, visibility=Level.COMMITTEE)
    assert [s.heading for s in visible] == [h for h in headings if h.startswith("Discussion")]


# Public summaries


@pytest.mark.parametrize("name", ["meetings:summary_pdf", "meetings:summary_txt"])
@pytest.mark.parametrize("role", ["anonymous", "stranger", "outsider", "other_admin"])
def test_a_draft_summary_is_404_to_who_may_not_see_drafts(cast, login, name, role):
    client = login(None if role == "anonymous" else cast.people[role])
    assert client.get(reverse(name, args=[cast.meetings["high"].pk])).status_code == 404


@pytest.mark.parametrize("name", ["meetings:summary_pdf", "meetings:summary_txt"])
def test_the_committee_gets_a_draft_marked_draft(cast, login, name):
    response, text = _download(login(cast.parent), name, cast.meetings["high"])
    assert response.status_code == 200
    assert DRAFT in text
    assert "DRAFT: not published, not public. Do not share." in text
    assert "-public-summary-draft." in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["meetings:summary_pdf", "meetings:summary_txt"])
def test_a_published_summary_is_for_anyone(cast, login, name):
    meeting = cast.meetings["high"]
    services.summary_publish(summary=meeting.summary, by=cast.chair)
    response, text = _download(login(None), name, meeting)
    assert response.status_code == 200
    assert DRAFT in text
    assert "DRAFT" not in text.replace(DRAFT, "")
    # What the public page says: the notice's title and place, the date, the summary.
    assert "Fall safety committee meeting" in text
    assert "District: Westport Public Schools" in text
    assert "Where: Westport High School" in text
    assert "Wednesday, October 14, 2026, 6:00 PM EDT" in text
    assert "contains public information" in text
    for private in ("CANARY-MEETING-TITLE", "CANARY-MEETING-PLACE", COMMITTEE_BODY):
        assert private not in text
    assert "no-store" in response["Cache-Control"]  # a withdrawn summary leaves no copy


@pytest.mark.parametrize("name", ["meetings:summary_pdf", "meetings:summary_txt"])
def test_an_executive_sessions_summary_carries_its_public_record_only(cast, login, name):
    response, text = _download(login(None), name, cast.executive)
    assert response.status_code == 200
    assert "Executive session: public record" in text
    assert "Purpose: To discuss school security procedures" in text
    assert "Approve the updated building security plan: Carried (6 yes, 0 no, 0 abstaining)" in (
        text
    )
    for private in ("EXECUTIVE-TITLE", "EXECUTIVE-PLACE", "EXECUTIVE-MINUTES", "EXECUTIVE-MOTION"):
        assert private not in text


def test_a_draft_summary_of_a_meeting_one_may_not_see_is_404(cast, login):
    """A parent sees the committee's drafts, not those of a restricted meeting."""
    meeting = services.meeting_schedule(
        committee=cast.high,
        title="Threat assessment",
        location="Office",
        kind="executive",
        public_purpose="To discuss a security matter",
        starts_at=cast.meetings["high"].starts_at,
        by=None,
    )
    services.summary_save(meeting=meeting, text="The committee met.", by=None)
    assert (
        login(cast.parent).get(reverse("meetings:summary_txt", args=[meeting.pk])).status_code
        == 404
    )
    response, text = _download(login(cast.officer), "meetings:summary_txt", meeting)
    assert response.status_code == 200
    assert "DRAFT" in text


@pytest.mark.parametrize("name", ["meetings:minutes_pdf", "meetings:minutes_txt"])
def test_executive_session_minutes_are_for_the_cleared_and_marked(cast, login, name):
    assert login(cast.parent).get(reverse(name, args=[cast.executive.pk])).status_code == 404
    response, text = _download(login(cast.officer), name, cast.executive)
    assert "CANARY-EXECUTIVE-MINUTES-high-7f3a" in text
    assert "Public record: Approve the updated building security plan." in text
    assert "contains restricted information" in text


def test_a_summary_of_a_meeting_without_one_is_404(cast, login):
    meeting = services.meeting_schedule(
        committee=cast.high,
        title="November meeting",
        location="Library",
        starts_at=cast.meetings["high"].starts_at,
        by=None,
    )
    response = login(cast.chair).get(reverse("meetings:summary_pdf", args=[meeting.pk]))
    assert response.status_code == 404


def test_the_meeting_page_links_the_downloads(cast, login):
    meeting = cast.meetings["high"]
    page = login(cast.parent).get(reverse("meetings:meeting", args=[meeting.pk])).content
    for name in ("minutes_pdf", "minutes_txt", "summary_pdf", "summary_txt"):
        assert reverse(f"meetings:{name}", args=[meeting.pk]).encode() in page


def test_the_permission_matrix_reads_the_words_of_a_pdf(cast, login):
    """Page streams are compressed: the matrix's leak check must read the text itself."""
    meeting = cast.meetings["high"]
    response = login(cast.parent).get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    assert COMMITTEE_BODY.encode() not in response.content
    assert COMMITTEE_BODY in reader_text(response)


RESTRICTED_CORRECTION = "CANARY-VOTE-CORRECTION-RESTRICTED-high-7f3a"


@pytest.mark.parametrize("name", ["meetings:minutes_pdf", "meetings:minutes_txt"])
def test_a_vote_correction_is_in_the_minutes_where_its_vote_is(cast, login, name, held):
    """A corrected vote says, in the export as on the page, what it read and why it was
    corrected; a correction of a restricted vote only to those who see that vote."""
    vote = held.sections.get().votes.get()
    services.vote_correct(vote=vote, by=cast.chair, reason="Two proxies were counted", no=0)
    _, text = _download(login(cast.parent), name, held)
    assert (
        f"by {cast.chair.display_name}: Two proxies were counted. "
        "It read: \u201cBuy the door hardware.\u201d (7\u20131\u20131)."
    ) in text
    assert "Carried (7 yes, 0 no, 1 abstaining)." in text  # the vote as corrected
    _, text = _download(login(cast.parent), name, cast.meetings["high"])
    assert RESTRICTED_CORRECTION not in text
    _, text = _download(login(cast.cleared_staff), name, cast.meetings["high"])
    assert f"by the system: {RESTRICTED_CORRECTION}. It read: " in text
    assert text.index(RESTRICTED_MOTION) < text.index(RESTRICTED_CORRECTION)
