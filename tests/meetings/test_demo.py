"""The demo's meetings: each school's year so far, approved minutes, summaries, notices."""

import datetime
import io
import re

import pypdf
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from committees import access
from committees.models import Committee, Level
from meetings import demo
from meetings.models import (
    AgendaTemplateItem,
    Attendance,
    Meeting,
    MeetingDocument,
    MeetingNotice,
    MinutesSection,
    PublicAgenda,
    PublicSummary,
    RollCall,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True  # the demo runs with DEBUG on, as `make demo` runs it
    call_command("seed_demo", stdout=io.StringIO())


def _committee(slug: str) -> Committee:
    if slug == "district":
        return Committee.objects.get(district__slug="westport", building__isnull=True)
    return Committee.objects.get(building__slug=slug)


def _snapshot() -> str:
    models = apps.get_app_config("meetings").get_models()
    return serializers.serialize(
        "json", [row for model in models for row in model._default_manager.order_by("pk")]
    )


def test_the_high_school_committees_year_so_far(seeded):
    high = _committee("westport-high")
    meetings = {m.title: m for m in Meeting.objects.filter(committee=high)}
    # And the emergency meeting called a few hours ahead (its notice too late to post).
    assert set(meetings) == {m.title for m in demo.HIGH_MEETINGS} | {demo.LATE_NOTICE_TITLE}
    executive = meetings["Executive session: security measures"]
    assert executive.kind == Meeting.Kind.EXECUTIVE
    assert executive.visibility == Level.RESTRICTED
    assert executive.location == "Principal's office"
    # The chair approved the older minutes the secretary submitted; the executive
    # session's are submitted and wait for the chair.
    for title in ("September meeting", "Lockdown drill debrief"):
        assert meetings[title].minutes_state == "approved"
        assert meetings[title].minutes_approved_by.username == "chair.high"
        assert meetings[title].minutes_submitted_by.username == "secretary.high"
    assert executive.minutes_state == "submitted"
    assert executive.minutes_submitted_by.username == "secretary.high"
    assert not meetings["December meeting"].sections.exists()  # ahead: no minutes yet
    # Only the cleared attend an executive session: no student or parent is listed.
    attended = {a.membership.category for a in executive.attendance.all()}
    assert attended and not attended & {"student", "family"}
    assert all(a.membership.restricted_clearance for a in executive.attendance.all())
    [vote] = executive.sections.get().votes.all()
    assert vote.public_motion == "Approve repairs to door hardware before winter break"
    # Two summaries published by the chair, one draft waiting for review.
    summaries = PublicSummary.objects.filter(meeting__committee=high)
    assert summaries.filter(published_at__isnull=False).count() == 2
    draft = summaries.get(published_at__isnull=True)
    assert draft.meeting.title == "Lockdown drill debrief"
    # The chair sent the draft back to the secretary with a comment.
    assert draft.sent_back_by.username == "chair.high" and "Families will ask" in (
        draft.sent_back_comment
    )
    assert {s.written_by.username for s in summaries} == {"secretary.high"}


def test_every_school_has_meetings_a_standing_agenda_notices_and_documents(seeded):
    for slug in demo.STANDING_AGENDA_AT:
        titles = AgendaTemplateItem.objects.filter(committee=_committee(slug))
        assert list(titles.values_list("title", flat=True)) == [
            title for title, _ in demo.STANDING_AGENDA
        ]
    for slug in ("cedar-point", "harbor-view", "district"):
        assert Meeting.objects.filter(committee=_committee(slug)).exists(), slug
    # Each notice was approved by a second person, and the public calendar reads it.
    notices = MeetingNotice.objects.filter(meeting__committee__district__slug="westport")
    assert notices.count() == len(demo.NOTICES)
    assert all(n.published_at and n.published_by.username == "district.admin" for n in notices)
    assert MinutesSection.objects.filter(
        heading="Reunification practice", documents__contains="iloveuguys.org"
    ).exists()
    assert MinutesSection.objects.filter(
        meeting__committee__district__slug="westport", visibility=Level.RESTRICTED
    ).count() == sum(
        s.level == Level.RESTRICTED
        for m in (*demo.HIGH_MEETINGS, *demo.OTHER_MEETINGS)
        for s in m.sections
    )
    millbrook = Meeting.objects.get(committee__district__slug="millbrook")
    assert millbrook.title == "October meeting" and millbrook.sections.count() == 1


def test_a_second_run_adds_nothing_to_the_meetings(seeded):
    before = _snapshot()
    demo.seed()
    assert _snapshot() == before


@pytest.mark.parametrize(
    "today",
    [
        datetime.date(2026, 12, 1),  # the day: a meeting fell on December 25
        datetime.date(2026, 12, 3),
        datetime.date(2027, 3, 15),
        datetime.date(2026, 9, 1),
        datetime.date(2026, 11, 20),
    ],
)
def test_demo_meetings_fall_on_school_days_in_the_month_their_title_names(today):
    for meeting in demo.HIGH_MEETINGS + demo.OTHER_MEETINGS + demo.MILLBROOK_MEETINGS:
        day = demo.meeting_day(today, meeting)
        assert day.weekday() <= 3, (meeting.title, day)  # Monday to Thursday
        assert not ((day.month, day.day) >= (12, 22) or (day.month, day.day) <= (1, 2))
        assert day.month not in (7, 8)
        assert (day > today) == (meeting.days > 0)  # past stays past, ahead stays ahead
        first_word = meeting.title.split()[0]
        if first_word in demo.MONTHS:
            assert day.strftime("%B") == first_word, (meeting.title, day)


def test_the_district_committee_knows_of_an_executive_session_whose_record_is_restricted(
    seeded, client
):
    """The demo shows the note: members without clearance read the session's public record
    and are told its full record is not theirs; the cleared read it all."""
    session = Meeting.objects.get(
        committee=_committee("district"), title="Executive session: emergency communications"
    )
    assert (session.kind, session.visibility) == (Meeting.Kind.EXECUTIVE, Level.COMMITTEE)
    url = reverse("meetings:meeting", args=[session.pk])
    people = get_user_model().objects
    client.force_login(people.get(username="pta.council"))
    page = client.get(url).content.decode()
    assert "its full record is restricted, and it is not yours to see" in page
    assert "Radio repeater placement" not in page and "penthouse" not in page
    client.force_login(people.get(username="lt.police"))
    page = client.get(url).content.decode()
    assert "not yours to see" not in page and "Radio repeater placement" in page


def test_the_demo_shows_a_notice_too_late_to_post_and_one_set_of_minutes_late(seeded, client):
    from django.contrib.auth import get_user_model

    people = get_user_model().objects
    late = Meeting.objects.get(title=demo.LATE_NOTICE_TITLE)
    client.force_login(people.get(username="secretary.high"))
    page = client.get(reverse("meetings:meeting", args=[late.pk])).content.decode()
    assert "The notice had to be public by" in page
    client.force_login(people.get(username="district.admin"))
    overview = client.get(reverse("portal:district_overview")).content.decode()
    assert "Minutes overdue" in overview
    cells = re.findall(r"<td data-minutes-late>(?:<[^>]+>)*(\d+)", overview)
    assert sum(int(n) for n in cells) == 1
    client.force_login(people.get(username="teacher.middle"))
    today = client.get(reverse("today")).content.decode()
    assert "Minutes overdue" in today and "November meeting" in today


def test_the_executive_session_votes_by_roll_call_and_a_member_took_part_remotely(seeded):
    session = Meeting.objects.get(
        committee=_committee("westport-high"), title="Executive session: security measures"
    )
    roll = RollCall.objects.filter(vote__section__meeting=session)
    vote = session.sections.get().votes.get()
    assert roll.count() == vote.yes + vote.no + vote.abstain > 0
    assert roll.filter(choice="abstain", membership__user__username="counselor.high").exists()
    remote = Attendance.objects.get(meeting=session, mode="remote")
    assert remote.membership.user.username == "deputy.fire" and remote.remote_reason


def test_every_upcoming_meeting_has_its_packet_at_sensible_levels(seeded, client):
    upcoming = Meeting.objects.filter(
        starts_at__gt=timezone.now(), status=Meeting.Status.SCHEDULED
    ).select_related("committee")
    assert {(m.committee_id, m.title) for m in upcoming} == {
        (_committee(p.committee).pk, p.meeting) for p in demo.PACKETS
    }
    for meeting in upcoming:
        documents = list(meeting.files.select_related("agenda_item", "uploaded_by"))
        assert documents, meeting.title
        for document in documents:
            # On the agenda, uploaded by someone who records the meeting, a real small PDF
            # kept in the private storage.
            assert document.agenda_item is not None and document.section is None
            assert document.uploaded_by is not None
            assert document.content_type == "application/pdf" and document.name.endswith(".pdf")
            with document.file.open("rb") as stored:
                assert stored.read(5) == b"%PDF-"
            assert 0 < document.size < 100_000
            assert access.RANK[document.visibility] >= access.RANK[document.agenda_item.visibility]
    kept = set(MeetingDocument.objects.values_list("title", "visibility"))
    assert ("Threat assessment protocol (staff only)", Level.RESTRICTED) in kept
    assert ("Fire marshal inspection letter", Level.COMMITTEE) in kept
    assert ("Draft reunification map summary", Level.COMMITTEE) in kept
    # A parent on the committee finds the map summary on the meeting's page, never the
    # staff-only protocol; the chair finds both.
    december = Meeting.objects.get(committee=_committee("westport-high"), title="December meeting")
    url = reverse("meetings:meeting", args=[december.pk])
    client.force_login(User.objects.get(username="parent.high"))
    page = client.get(url).content.decode()
    assert "Draft reunification map summary" in page
    assert "Threat assessment protocol" not in page
    client.force_login(User.objects.get(username="chair.high"))
    assert "Threat assessment protocol (staff only)" in client.get(url).content.decode()
    protocol = december.files.get(title="Threat assessment protocol (staff only)")
    download = client.get(reverse("meetings:document", args=[protocol.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_the_upcoming_announced_meetings_have_a_posted_public_agenda(seeded, client):
    for committee_slug, title in demo.PUBLIC_AGENDAS:
        meeting = Meeting.objects.get(committee=_committee(committee_slug), title=title)
        assert meeting.starts_at > datetime.datetime.now(datetime.UTC)
        agenda = PublicAgenda.objects.get(meeting=meeting)
        assert agenda.published_at is not None
        assert [item["title"] for item in agenda.items] == list(demo.PUBLIC_ITEMS)
        assert len(agenda.document_ids) == 1
        page = client.get(reverse("public:meeting", args=["westport", meeting.pk]))
        assert demo.DRILL_CALENDAR in page.content.decode()
        packet = client.get(reverse("public:meeting_packet", args=["westport", meeting.pk]))
        assert len(pypdf.PdfReader(io.BytesIO(packet.content)).pages) == 2
    high = Meeting.objects.get(committee=_committee("westport-high"), title="December meeting")
    assert high.public_agenda.video_link.startswith("https://")


def test_executive_minutes_released_last_spring_and_one_set_kept_closed(seeded, client):
    from meetings.models import MinutesReleaseDecision, PublicMinutes

    high = _committee("westport-high")
    title, heading, body = demo.RELEASED
    released = Meeting.objects.get(committee=high, title=title)
    [decision] = MinutesReleaseDecision.objects.filter(meeting=released)
    assert decision.decision == "release"
    assert decision.at.month in (3, 4, 5, 6) and decision.at.date() < access.district_today(
        high.district
    )
    minutes = PublicMinutes.objects.get(meeting=released)
    assert minutes.source == "release" and minutes.published_at is not None
    assert minutes.parts == [{"heading": heading, "body": body}]
    page = client.get(reverse("public:meeting", args=["westport", released.pk])).content.decode()
    assert body in page and "loading dock" not in page
    title, reason, _days = demo.KEPT_CLOSED
    closed = Meeting.objects.get(committee=high, title=title)
    [kept] = MinutesReleaseDecision.objects.filter(meeting=closed)
    assert kept.decision == "keep_closed" and kept.reason == reason
    assert closed.minutes_review_on == kept.next_review_on > access.district_today(high.district)
    assert not PublicMinutes.objects.filter(meeting=closed).exists()


def test_a_regular_meetings_minutes_are_posted_with_a_withheld_section(seeded, client):
    from meetings.models import PublicMinutes

    debrief = Meeting.objects.get(
        committee=_committee("westport-high"), title="Lockdown drill debrief"
    )
    minutes = PublicMinutes.objects.get(meeting=debrief)
    assert minutes.published_at is not None and {"withheld": True} in minutes.parts
    page = client.get(reverse("public:meeting", args=["westport", debrief.pk])).content.decode()
    assert "data-withheld" in page and "How the drill went" in page
    assert "Police evaluation" not in page and "E-3" not in page
