"""Meetings: scheduling, changes on record, attendance and quorum, minutes by level."""

import datetime
import re
from html import unescape

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import Level, Membership
from followups import services as followup_services
from meetings import services
from meetings.models import AgendaTemplateItem, Meeting, MeetingChange, MinutesSection

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _the_day_after(monkeypatch):
    """This file's meetings (December 9) have started by the clock's time: their
    attendance, minutes and summaries may be recorded (tests/meetings/test_clock.py
    holds what comes before the start)."""
    after = datetime.datetime(2026, 12, 10, 15, 0, tzinfo=UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: after)


def _schedule(cast, **kwargs):
    values = {
        "committee": cast.high,
        "title": "December meeting",
        "starts_at": datetime.datetime(2026, 12, 9, 23, 30, tzinfo=UTC),
        "location": "Room 12",
        "by": cast.secretary,
    }
    values.update(kwargs)
    return services.meeting_schedule(**values)


def test_scheduling_from_the_page_in_the_districts_time_zone(cast, login):
    AgendaTemplateItem.objects.create(committee=cast.high, order=1, title="Plan review")
    AgendaTemplateItem.objects.create(committee=cast.high, order=2, title="Drill results")
    client = login(cast.secretary)
    response = client.post(
        reverse("meetings:meeting_new", args=[cast.high.pk]),
        {
            "title": "December meeting",
            "kind": "regular",
            "starts_at": "2026-12-09T18:30",
            "location": "Library",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="December meeting")
    # 6:30 p.m. in Connecticut in December is 23:30 UTC.
    assert meeting.starts_at == datetime.datetime(2026, 12, 9, 23, 30, tzinfo=UTC)
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "Plan review",
        "Drill results",
    ]
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "6:30 PM EST" in page


def test_a_time_sent_with_any_offset_is_the_same_instant_and_one_past_the_calendar_refused(
    cast, login
):
    """A script (or a hand-made form) may send an offset PostgreSQL does not keep (it
    allows under 16 hours): the page keeps the instant, never a server error."""
    client = login(cast.secretary)
    url = reverse("meetings:meeting_new", args=[cast.high.pk])
    data = {"title": "Odd offset", "kind": "regular", "location": "Library"}
    response = client.post(url, {**data, "starts_at": "2026-12-09T18:30:00-19:40"})
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Odd offset")
    assert meeting.starts_at == datetime.datetime(2026, 12, 10, 14, 10, tzinfo=UTC)
    response = client.post(url, {**data, "title": "Past", "starts_at": "9999-12-31T23:59-19:40"})
    assert response.status_code == 200 and "Enter a valid date/time." in response.content.decode()
    assert not Meeting.objects.filter(title="Past").exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"location": ""}, "Give a place or a video link."),
        ({"kind": Meeting.Kind.EXECUTIVE}, "purpose in general terms"),
        (
            {"ends_at": datetime.datetime(2026, 12, 9, 22, 0, tzinfo=UTC)},
            "must end after it starts",
        ),
    ],
)
def test_bad_meetings_are_refused(cast, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        _schedule(cast, **kwargs)
    assert not Meeting.objects.filter(title="December meeting").exists()


def test_changes_and_cancellation_are_recorded(cast, login):
    meeting = _schedule(cast)
    later = datetime.datetime(2026, 12, 10, 23, 30, tzinfo=UTC)
    services.meeting_change(meeting=meeting, starts_at=later, reason="Snow", by=cast.chair)
    with pytest.raises(ValidationError, match="Say why"):
        services.meeting_cancel(meeting=meeting, reason=" ", by=cast.chair)
    services.meeting_cancel(meeting=meeting, reason="Building closed", by=cast.chair)
    kinds = list(meeting.changes.values_list("kind", flat=True))
    assert kinds == ["scheduled", "changed", "cancelled"]
    change = meeting.changes.get(kind=MeetingChange.Kind.CHANGED)
    assert change.actor == cast.chair and change.reason == "Snow"
    assert change.changes["starts_at"][1].startswith("2026-12-10")
    with pytest.raises(ValidationError, match="cancelled"):
        services.meeting_change(meeting=meeting, title="Again", by=cast.chair)
    page = login(cast.parent).get(reverse("meetings:meeting", args=[meeting.pk]))
    assert "Building closed" in page.content.decode()


def test_members_cannot_record_meetings(cast, login):
    client = login(cast.staff)
    assert client.get(reverse("meetings:meeting_new", args=[cast.high.pk])).status_code == 403
    meeting = cast.meetings["high"]
    url = reverse("meetings:section_new", args=[meeting.pk])
    assert client.post(url, {"heading": "x", "visibility": "committee"}).status_code == 403


def test_attendance_quorum_and_seats_present(cast, login):
    meeting = _schedule(cast)
    members = list(services.members_in_force(meeting))
    present = [m for m in members if m.category in ("staff", "teacher", "police")]
    client = login(cast.secretary)
    data = {f"m{m.pk}": "present" if m in present else "absent" for m in members}
    data |= {f"n{m.pk}": "" for m in members}
    data["guests"] = "Karen Doyle, Westport Fire Department\n"
    response = client.post(reverse("meetings:meeting_attendance", args=[meeting.pk]), data)
    assert response.status_code == 302
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert f"{len(present)} of {len(members)} members present" in page
    assert len(members) == 7 and len(present) == 4
    assert "quorum is 4: met" in page
    assert "Police officer (1)" in page
    assert "Karen Doyle (Westport Fire Department)" in page
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    # Recorded again with three present: the quorum is not met.
    data[f"m{present[0].pk}"] = "excused"
    client.post(reverse("meetings:meeting_attendance", args=[meeting.pk]), data)
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "3 of 7 members present" in page and "not met" in page


def test_a_committee_quorum_rule_wins(cast):
    cast.high.quorum = 3
    cast.high.save(update_fields=["quorum"])
    meeting = _schedule(cast)
    assert services.quorum_of(meeting, 7) == 3
    cast.high.quorum = None
    assert services.quorum_of(meeting, 7) == 4


def test_attendance_only_for_members(cast):
    meeting = _schedule(cast)
    stranger_seat = Membership.objects.get(user=cast.stranger)
    with pytest.raises(ValidationError, match="only be recorded for the committee"):
        services.attendance_record(
            meeting=meeting, by=cast.chair, statuses={stranger_seat.pk: "present"}
        )


def test_executive_sessions_default_to_restricted_and_parents_see_only_their_level(cast, login):
    hidden = _schedule(
        cast, kind=Meeting.Kind.EXECUTIVE, public_purpose="To discuss security measures"
    )
    assert hidden.visibility == Level.RESTRICTED
    url = reverse("meetings:meeting", args=[hidden.pk])
    assert login(cast.parent).get(url).status_code == 404
    # A session the whole committee may know of: its sections are restricted unless opened.
    meeting = _schedule(
        cast,
        kind=Meeting.Kind.EXECUTIVE,
        public_purpose="To discuss security measures",
        visibility=Level.COMMITTEE,
    )
    secret = services.minutes_section_add(
        meeting=meeting,
        heading="Door survey",
        body="The *east* door does not latch.",
        by=cast.chair,
    )
    assert secret.visibility == Level.RESTRICTED
    services.vote_record(
        section=secret, motion="Rekey the east doors", result="carried", yes=6, by=cast.chair
    )
    open_section = services.minutes_section_add(
        meeting=meeting,
        heading="Announcements",
        body="Next drill in March.",
        visibility=Level.COMMITTEE,
        by=cast.chair,
    )
    assert open_section.visibility == Level.COMMITTEE
    url = reverse("meetings:meeting", args=[meeting.pk])
    chair = login(cast.chair).get(url).content.decode()
    assert "<em>east</em>" in chair and "Rekey the east doors" in chair and "Carried" in chair
    parent = login(cast.parent).get(url).content.decode()
    assert "Next drill in March." in parent
    assert "east" not in parent and "Rekey" not in parent and "Door survey" not in parent
    assert "To discuss security measures" in parent


def test_minutes_markdown_is_sanitised_on_the_page(cast, login):
    meeting = cast.meetings["high"]
    services.minutes_section_add(
        meeting=meeting,
        heading="Notes",
        body='Hello <script>alert("x")</script> [link](javascript:alert(1))',
        by=cast.chair,
    )
    page = login(cast.chair).get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "<script>alert" not in page and "javascript:alert" not in page


def test_a_vote_without_a_result_keeps_the_section_unsaved(cast, login):
    meeting = cast.meetings["high"]
    before = MinutesSection.objects.count()
    response = login(cast.chair).post(
        reverse("meetings:section_new", args=[meeting.pk]),
        {"heading": "Budget", "visibility": "committee", "motion": "Buy radios"},
    )
    assert response.status_code == 200
    assert "Record how the vote went." in response.content.decode()
    assert MinutesSection.objects.count() == before


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_meeting_detail_costs_the_same_for_5_and_50_sections(cast, login):
    """Each section's vote a roll call of every member, and some remote; each agenda item
    and section with documents in its packet: the page reads the rolls, the attendance and
    the packets (through the gate, with the recorder's upload forms) in a fixed number of
    queries."""
    meeting = _schedule(cast)
    client = login(cast.chair)
    url = reverse("meetings:meeting", args=[meeting.pk])
    members = list(services.roll_members(meeting))
    services.attendance_record(
        meeting=meeting,
        by=None,
        statuses={m.pk: "present" for m in members},
        modes={m.pk: "remote" for m in members[:2]},
        remote_reasons={m.pk: "Travelling" for m in members[:2]},
    )

    def add(start, stop):
        for n in range(start, stop):
            section = services.minutes_section_add(
                meeting=meeting,
                heading=f"Item {n}",
                body="Text",
                by=None,
                visibility=[Level.COMMITTEE, Level.RESTRICTED][n % 2],
            )
            services.vote_record(
                section=section,
                motion=f"Motion {n}",
                result="carried",
                roll={m.pk: ("yes", "no", "abstain")[n % 3] for m in members},
                roll_notes={members[0].pk: f"Note {n}"},
                by=None,
            )
            item = services.agenda_item_add(
                meeting=meeting, title=f"Item {n}", by=None, visibility=section.visibility
            )
            for holder in (item, section):
                services.meeting_document_add(
                    holder=holder,
                    files=[
                        SimpleUploadedFile(f"report-{n}.pdf", b"%PDF", "application/pdf"),
                        SimpleUploadedFile(f"map-{n}.png", b"PNG", "image/png"),
                    ],
                    by=None,
                )

    add(0, 5)
    few = _count(client, url)
    add(5, 50)
    assert _count(client, url) == few


def _meeting_rows(html: str) -> dict[str, str]:
    """The meeting list's rows, each row's muted line by its meeting's title."""
    return {
        title: " ".join(unescape(re.sub(r"<[^>]+>", " ", line)).split())
        for title, line in re.findall(
            r'<a href="/committees/meetings/\d+/">([^<]+)</a>.*?<span class="muted">(.*?)</span>',
            html,
            re.S,
        )
    }


@pytest.mark.parametrize(
    ("language", "held", "scheduled"),
    [
        ("en", "Mon Jan 11, 2027 7:30 PM EST · Special meeting · Held", "Regular meeting"),
        (
            "es",
            "lun 11 Ene 2027, 19:30 EST · Reunión extraordinaria · Realizada",
            "Reunión ordinaria",
        ),
    ],
)
def test_a_meeting_row_reads_when_kind_and_status_in_the_districts_zone(
    cast, login, language, held, scheduled
):
    evening = datetime.datetime(2027, 1, 12, 0, 30, tzinfo=UTC)  # 7:30 PM in Westport
    Meeting.objects.create(
        committee=cast.high,
        title="Winter review",
        kind=Meeting.Kind.SPECIAL,
        status=Meeting.Status.HELD,
        starts_at=evening,
    )
    Meeting.objects.create(committee=cast.high, title="Spring walk-through", starts_at=evening)
    client = login(cast.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    rows = _meeting_rows(client.get(reverse("meetings:list", args=[cast.high.pk])).content.decode())
    assert rows["Winter review"] == held
    assert rows["Spring walk-through"].endswith(f" · {scheduled}")  # no status when scheduled


def test_a_meeting_title_reads_as_written_never_as_markup(cast, login):
    """The list's lines are written in Python (safety_portal/markup.py): each value escaped."""
    Meeting.objects.create(
        committee=cast.high,
        title='Doors & "locks" <script>alert(1)</script>',
        starts_at=datetime.datetime(2027, 1, 12, 0, 30, tzinfo=UTC),
    )
    html = login(cast.chair).get(reverse("meetings:list", args=[cast.high.pk])).content.decode()
    assert "<script>alert" not in html
    assert "Doors &amp; &quot;locks&quot; &lt;script&gt;alert(1)&lt;/script&gt;</a>" in html


def test_meeting_list_costs_the_same_for_10_and_500_meetings(cast, login):
    url = reverse("meetings:list", args=[cast.high.pk])
    pages = [(cast.chair, url), (cast.chair, url + "?page=2"), (cast.staff, url)]
    start = datetime.datetime(2025, 1, 1, 23, 0, tzinfo=UTC)

    def add(start_n, stop_n):
        Meeting.objects.bulk_create(
            Meeting(
                committee=cast.high,
                title=f"Meeting {n}",
                location="Library",
                starts_at=start + datetime.timedelta(days=n * 3),
            )
            for n in range(start_n, stop_n)
        )

    def costs():
        return [_count(login(person), page) for person, page in pages]

    add(0, 30)
    few = costs()
    add(30, 500)
    assert costs() == few


# --- the public summary: written on its own, four eyes, the guard ----------------------------

RESTRICTED_MINUTES = (
    "The master key for the east wing was reported missing and six exterior doors "
    "need rekeying before winter break."
)


def _summary_meeting(cast):
    meeting = _schedule(
        cast,
        kind=Meeting.Kind.EXECUTIVE,
        public_purpose="Security measures",
        visibility=Level.COMMITTEE,  # the whole committee knows of it; its minutes are restricted
    )
    services.minutes_section_add(
        meeting=meeting, heading="Keys", body=RESTRICTED_MINUTES, by=cast.chair
    )
    return meeting


def test_the_author_cannot_publish_but_a_second_person_can(cast, login):
    meeting = _summary_meeting(cast)
    honest = "The committee reviewed building access and scheduled hardware work for winter."
    client = login(cast.secretary)
    response = client.post(reverse("meetings:summary_edit", args=[meeting.pk]), {"text": honest})
    assert response.status_code == 302
    summary = meeting.summary
    assert summary.written_by == cast.secretary and summary.published_at is None

    assert (
        login(cast.secretary)
        .post(reverse("meetings:summary_publish", args=[meeting.pk]))
        .status_code
        == 403
    )  # a secretary drafts; publishing is for chairs and administrators
    cast.district.forbidden_public_terms = "Code Silver"
    cast.district.save()
    services.summary_save(meeting=meeting, text=honest, by=cast.chair)  # the chair rewrites it
    with pytest.raises(ValidationError, match="four eyes"):
        services.summary_publish(summary=meeting.summary, by=cast.chair)
    client = login(cast.principal)
    client.post(reverse("meetings:summary_publish", args=[meeting.pk]))
    summary.refresh_from_db()
    assert summary.published_by == cast.principal and summary.published_at is not None
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "Published" in page and cast.principal.display_name in page
    with pytest.raises(ValidationError, match="published"):
        services.summary_save(meeting=meeting, text="Changed", by=cast.chair)


def test_the_guard_blocks_an_overlap_and_names_it(cast, login):
    meeting = _summary_meeting(cast)
    leaky = (
        "Good news: six exterior doors need rekeying before winter break, and the work is funded."
    )
    response = login(cast.secretary).post(
        reverse("meetings:summary_edit", args=[meeting.pk]), {"text": leaky}, follow=True
    )
    assert "cannot be published until these are rewritten" in response.content.decode()
    response = login(cast.chair).post(
        reverse("meetings:summary_publish", args=[meeting.pk]), follow=True
    )
    html = response.content.decode()
    assert "Publication is blocked" in html
    assert "six exterior doors need rekeying before winter break" in html
    meeting.summary.refresh_from_db()
    assert meeting.summary.published_at is None


def test_the_guard_blocks_a_forbidden_term(cast):
    cast.district.forbidden_public_terms = "Code Silver\nRoom B-114"
    cast.district.save()
    meeting = _summary_meeting(cast)
    summary, findings = services.summary_save(
        meeting=meeting, text="We practised the Code Silver response.", by=cast.secretary
    )
    assert [f.phrase for f in findings] == ["Code Silver"]
    with pytest.raises(ValidationError, match="Code Silver"):
        services.summary_publish(summary=summary, by=cast.chair)


def test_members_without_rights_cannot_draft(cast, login):
    meeting = _summary_meeting(cast)
    response = login(cast.staff).post(
        reverse("meetings:summary_edit", args=[meeting.pk]), {"text": "Hello"}
    )
    assert response.status_code == 403


def test_a_decision_becomes_an_action_item_that_links_back(cast, login):
    meeting = _summary_meeting(cast)
    section = meeting.sections.get()
    client = login(cast.chair)
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    create = reverse("followups:item_new", args=[cast.high.pk]) + f"?section={section.pk}"
    assert create in page
    form = client.get(create).content.decode()
    assert "the item will link back to it" in form and 'value="restricted" selected' in form
    response = client.post(
        create,
        {
            "title": "Rekey the east wing",
            "visibility": "restricted",
            "category": "access_control",
            "priority": "high",
            "source": "meeting",
            "source_detail": "Executive session: Keys",
        },
    )
    assert response.status_code == 302
    from followups.models import ActionItem

    item = ActionItem.objects.get(title="Rekey the east wing")
    assert item.minutes_section == section
    detail = client.get(reverse("followups:action_item", args=[item.pk])).content.decode()
    assert f"#section-{section.pk}" in detail
    # Members who do not assign cannot create items, from minutes or otherwise:
    assert login(cast.staff).get(create).status_code == 403


def test_an_item_cannot_come_from_another_committees_minutes(cast):
    other = cast.meetings["middle"].sections.first()
    with pytest.raises(ValidationError, match="another committee"):
        followup_services.action_item_create(
            committee=cast.high, title="x", minutes_section=other, by=cast.chair
        )


# --- approval and revisions of the full minutes ------------------------------------------


def test_approved_minutes_keep_their_revision_when_edited(cast, login):
    meeting = _schedule(cast)
    with pytest.raises(ValidationError, match="no minutes to approve"):
        services.minutes_approve(meeting=meeting, by=cast.chair)
    public_part = services.minutes_section_add(
        meeting=meeting,
        heading="Drill",
        body="Went well.",
        visibility=Level.COMMITTEE,
        by=cast.secretary,
    )
    secret = services.minutes_section_add(
        meeting=meeting,
        heading="Doors",
        body="Door E-7 sticks.",
        visibility=Level.RESTRICTED,
        by=cast.secretary,
    )
    # Edits to a draft change it in place:
    services.minutes_section_edit(
        section=public_part,
        heading="Drill",
        body="Went very well.",
        visibility=Level.COMMITTEE,
        by=cast.secretary,
    )
    assert not meeting.old_sections.exists()
    services.minutes_submit(meeting=meeting, by=cast.secretary)
    client = login(cast.chair)
    client.post(reverse("meetings:minutes_approve", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.minutes_approved_by == cast.chair and meeting.minutes_revision == 1
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert 'data-state="approved"' in page and "recorded by" in page

    client.post(
        reverse("meetings:section_edit", args=[secret.pk]),
        {"heading": "Doors", "body": "Door E-7 was repaired.", "visibility": "restricted"},
    )
    meeting.refresh_from_db()
    assert meeting.minutes_revision == 2 and meeting.minutes_approved_at is None
    old = {s.heading: s.body for s in meeting.old_sections.filter(revision=1)}
    assert old == {"Drill": "Went very well.", "Doors": "Door E-7 sticks."}

    history = reverse("meetings:minutes_revisions", args=[meeting.pk])
    assert "Door E-7 sticks." in client.get(history).content.decode()
    parent = login(cast.parent).get(history).content.decode()
    assert "Went very well." in parent and "Door E-7" not in parent


# --- referenced documents and the review screen -------------------------------------------


def test_a_section_lists_its_documents_at_its_own_level(cast, login):
    meeting = _schedule(cast)
    services.minutes_section_add(
        meeting=meeting,
        heading="Door survey",
        body="Findings.",
        documents="Door hardware survey, October https://files.example.org/survey.pdf\n"
        "Fire marshal's letter\n"
        "Bad link javascript:alert(1)",
        visibility=Level.RESTRICTED,
        by=cast.chair,
    )
    url = reverse("meetings:meeting", args=[meeting.pk])
    page = login(cast.chair).get(url).content.decode()
    assert '<a href="https://files.example.org/survey.pdf"' in page
    assert "Door hardware survey, October</a>" in page
    assert "<li>Fire marshal&#x27;s letter</li>" in page
    assert 'href="javascript' not in page
    assert "Door hardware survey" not in login(cast.parent).get(url).content.decode()


def test_an_edit_after_approval_keeps_the_documents_of_the_approved_revision(cast):
    meeting = _schedule(cast)
    section = services.minutes_section_add(
        meeting=meeting, heading="Plan", documents="Plan v1", by=cast.chair
    )
    services.minutes_submit(meeting=meeting, by=cast.secretary)
    services.minutes_approve(meeting=meeting, by=cast.chair)
    services.minutes_section_edit(
        section=section,
        heading="Plan",
        body="",
        visibility=section.visibility,
        documents="Plan v2",
        by=cast.chair,
    )
    section.refresh_from_db()
    assert section.documents == "Plan v2"
    assert meeting.old_sections.get().documents == "Plan v1"


def test_the_review_screen_shows_the_guards_findings_before_publishing(cast, login):
    meeting = _summary_meeting(cast)
    services.summary_save(meeting=meeting, text=f"We said {RESTRICTED_MINUTES}", by=cast.secretary)
    url = reverse("meetings:summary_publish", args=[meeting.pk])
    page = login(cast.chair).get(url).content.decode()
    assert "Publication is blocked" in page
    assert ">Publish</button>" not in page
    services.summary_save(
        meeting=meeting, text="The committee reviewed building access.", by=cast.secretary
    )
    page = login(cast.chair).get(url).content.decode()
    assert "The guard found no overlap" in page
    assert "Security measures" in page  # the executive session's purpose, as it will be public
    assert ">Publish</button>" in page
    assert login(cast.secretary).get(url).status_code == 403  # no publish rights


def test_a_vote_is_recorded_with_its_note_from_the_minutes_form(cast, login):
    meeting = _schedule(cast)
    client = login(cast.secretary)
    response = client.post(
        reverse("meetings:section_new", args=[meeting.pk]),
        {
            "heading": "Visitor badges",
            "body": "Printed badges.",
            "visibility": Level.COMMITTEE,
            "motion": "Adopt printed visitor badges",
            "mover": "Linda Marsh",
            "result": "carried",
            "yes": 6,
            "abstain": 1,
            "vote_note": "Mr. Walsh abstained: his firm bid on the printers.",
        },
    )
    assert response.status_code == 302
    page = login(cast.parent).get(reverse("meetings:meeting", args=[meeting.pk]))
    text = page.content.decode()
    assert "Adopt printed visitor badges" in text
    assert "Mr. Walsh abstained: his firm bid on the printers." in text
    assert "(6 yes, 0 no, 1 abstaining)" in text
