"""Meetings in public: notices, iCal feeds, and an executive session's public record."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from committees import services as committee_services
from committees.models import Level, PublicTextChange
from meetings import services
from meetings.models import Meeting, MeetingNotice, PublicSummary
from tests.meetings.clock import after_start

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _events(response) -> list:
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def _meeting(cast, **kwargs) -> Meeting:
    values = {
        "committee": cast.high,
        "title": "Walkthrough of the east entrance cameras",
        "starts_at": datetime.datetime(2027, 1, 13, 23, 30, tzinfo=UTC),
        "location": "Room 114",
        "by": cast.secretary,
    }
    values.update(kwargs)
    return services.meeting_schedule(**values)


def _approved_notice(cast, meeting, title, place="", by=None, approver=None) -> MeetingNotice:
    """Propose a notice and have a second person with publish rights approve it."""
    proposed = services.meeting_notice_propose(
        meeting=meeting, title=title, place=place, by=by or cast.chair
    )
    committee_services.public_text_approve(change=proposed, by=approver or cast.principal)
    return MeetingNotice.objects.get(meeting=meeting)


# Notices


def test_a_notice_is_published_by_a_second_person_with_publish_rights(cast):
    meeting = _meeting(cast)
    proposed = services.meeting_notice_propose(
        meeting=meeting, title="January meeting", place="Westport High School", by=cast.secretary
    )
    assert not MeetingNotice.objects.filter(meeting=meeting).exists()
    with pytest.raises(PermissionDenied):
        committee_services.public_text_approve(
            change=proposed, by=cast.secretary
        )  # no publish rights
    committee_services.public_text_approve(change=proposed, by=cast.chair)
    notice = MeetingNotice.objects.get(meeting=meeting)
    assert notice.published_by == cast.chair
    assert notice.published_at is not None


def test_the_guard_reads_a_notice_before_it_goes_public(cast):
    cast.district.forbidden_public_terms = "Room 114"
    cast.district.save()
    meeting = _meeting(cast)
    with pytest.raises(ValidationError) as refusal:
        services.meeting_notice_propose(
            meeting=meeting, title="January meeting", place="Room 114", by=cast.chair
        )
    assert "Room 114" in str(refusal.value)
    assert not MeetingNotice.objects.filter(meeting=meeting).exists()


def test_a_correction_keeps_the_first_publication_date(cast):
    meeting = _meeting(cast)
    first = _approved_notice(cast, meeting, "January")
    again = _approved_notice(
        cast, meeting, "January meeting", by=cast.principal, approver=cast.chair
    )
    assert again.pk == first.pk
    assert again.published_at == first.published_at
    assert again.title == "January meeting"


def test_an_executive_session_notice_states_its_purpose_and_a_cancelled_meeting_has_none(cast):
    session = _meeting(cast, kind="executive", public_purpose="To discuss security")
    with pytest.raises(ValidationError):
        services.meeting_notice_propose(meeting=session, title="Executive session", by=cast.chair)
    cancelled = _meeting(cast)
    services.meeting_cancel(meeting=cancelled, reason="Snow", by=cast.secretary)
    with pytest.raises(ValidationError):
        services.meeting_notice_propose(meeting=cancelled, title="January", by=cast.chair)


def test_the_notice_form_shows_the_guards_findings_and_saves_nothing(cast, login):
    cast.district.forbidden_public_terms = "east entrance"
    cast.district.save()
    meeting = _meeting(cast)
    client = login(cast.chair)
    url = reverse("meetings:meeting_notice", args=[meeting.pk])
    response = client.post(url, {"title": "Review of the east entrance", "place": "WHS"})
    assert response.status_code == 200
    assert "east entrance" in response.content.decode()
    assert not MeetingNotice.objects.filter(meeting=meeting).exists()
    response = client.post(url, {"title": "January meeting", "place": "Westport High School"})
    assert response.status_code == 302
    assert not MeetingNotice.objects.filter(meeting=meeting).exists()  # awaits a second person
    proposed = PublicTextChange.objects.get(kind="notice", record_id=meeting.pk)
    committee_services.public_text_approve(change=proposed, by=cast.principal)
    assert MeetingNotice.objects.get(meeting=meeting).title == "January meeting"


# Public pages and the public feed


def test_the_public_feed_has_the_public_title_time_and_place_only(cast, client):
    meeting = _meeting(cast, video_link="https://meet.example.org/secret-room")
    _approved_notice(cast, meeting, "January meeting", place="Westport High School")
    _meeting(cast, title="Unannounced meeting")
    response = client.get(reverse("public:meetings_ics", args=["westport"]))
    events = {str(e["summary"]): e for e in _events(response)}
    assert "Unannounced meeting" not in events
    event = events["January meeting"]
    assert str(event["location"]) == "Westport High School"
    assert event.decoded("dtstart") == datetime.datetime(2027, 1, 13, 23, 30, tzinfo=UTC)
    body = response.content.decode()
    for secret in ("east entrance", "Room 114", "secret-room"):
        assert secret not in body


def test_a_cancelled_meeting_shows_as_cancelled_in_the_public_feed_and_page(cast, client):
    meeting = _meeting(cast)
    _approved_notice(cast, meeting, "January meeting")
    services.meeting_cancel(meeting=meeting, reason="Snow day", by=cast.secretary)
    [event] = [
        e
        for e in _events(client.get(reverse("public:meetings_ics", args=["westport"])))
        if "January meeting" in str(e["summary"])
    ]
    assert str(event["status"]) == "CANCELLED"
    page = client.get(reverse("public:meeting", args=["westport", meeting.pk])).content.decode()
    assert "Cancelled" in page
    assert "Snow day" not in page


def test_public_pages_show_times_in_the_districts_zone(cast, client):
    meeting = _meeting(cast)
    _approved_notice(cast, meeting, "January meeting")
    page = client.get(reverse("public:district", args=["westport"])).content.decode()
    assert "January meeting" in page
    assert "6:30 p.m." in page  # 23:30 UTC in Connecticut in January
    assert page.count('type="text/calendar"') == 1


def test_a_signed_in_member_sees_the_public_view_on_public_pages(cast, login):
    client = login(cast.chair)
    page = client.get(reverse("public:district", args=["westport"])).content.decode()
    assert "SUMMARY-DRAFT" not in page  # the chair may read drafts, not here


# Executive sessions: restricted, and a public record of purpose and votes


def test_an_executive_session_is_restricted_by_default(cast, login):
    session = cast.executive
    assert session.visibility == Level.RESTRICTED
    assert login(cast.parent).get(reverse("meetings:meeting", args=[session.pk])).status_code == (
        404
    )
    listing = login(cast.parent).get(reverse("meetings:list", args=[cast.high.pk]))
    assert session.title not in listing.content.decode()
    cleared = login(cast.cleared_staff)
    assert cleared.get(reverse("meetings:meeting", args=[session.pk])).status_code == 200


def test_the_executive_sessions_public_record(cast, client):
    page = client.get(reverse("public:meeting", args=["westport", cast.executive.pk]))
    text = page.content.decode()
    assert "The committee met in executive session on Oct. 21, 2026" in text
    assert "To discuss school security procedures" in text
    assert "Approve the updated building security plan" in text
    assert "Carried" in text
    assert "EXECUTIVE-MOTION" not in text
    assert "EXECUTIVE-MINUTES" not in text
    assert "EXECUTIVE-TITLE" not in text


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "The committee met in executive session on Oct. 21, 2026."),
        ("es", "El comité se reunió a puerta cerrada el 21 de octubre de 2026."),
        ("pt", "O comitê reuniu-se em sessão fechada em 21 de Outubro de 2026."),
    ],
)
def test_a_public_pages_dates_are_written_each_languages_way(cast, client, language, said):
    """Not only the month's name: the order of day, month and year is the language's."""
    with translation.override(language):
        url = reverse("public:meeting", args=["westport", cast.executive.pk])
    with translation.override("en"):  # and English again after the page
        assert said in client.get(url).content.decode()


def test_a_vote_without_public_wording_is_on_record_without_its_motion(cast, monkeypatch):
    session = _meeting(cast, kind="executive", public_purpose="To discuss a personnel matter")
    after_start(monkeypatch, session)
    section = services.minutes_section_add(
        meeting=session, heading="Discussion", body="Details.", visibility=Level.RESTRICTED, by=None
    )
    services.vote_record(
        section=section, motion="Move the drill to the gym", result="failed", no=4, by=None
    )
    summary, _ = services.summary_save(
        meeting=session, text="The committee met in executive session.", by=cast.chair
    )
    summary = services.summary_publish(summary=summary, by=cast.principal)
    assert summary.record == {
        "purpose": "To discuss a personnel matter",
        "votes": [
            {
                "motion": services.WITHHELD_MOTION,
                "result": "Failed",
                "yes": 0,
                "no": 4,
                "abstain": 0,
            }
        ],
    }


def test_the_guard_reads_the_public_wording_of_votes(cast, monkeypatch):
    session = _meeting(cast, kind="executive", public_purpose="To discuss security")
    after_start(monkeypatch, session)
    secret = "relocate the lockdown rally point behind the north bus loop gate"
    section = services.minutes_section_add(
        meeting=session, heading="Plan", body=secret, visibility=Level.RESTRICTED, by=None
    )
    services.vote_record(
        section=section,
        motion="Approve",
        public_motion=f"Approve a plan to {secret}",
        result="carried",
        by=None,
    )
    summary, _ = services.summary_save(meeting=session, text="The committee met.", by=cast.chair)
    with pytest.raises(ValidationError) as refusal:
        services.summary_publish(summary=summary, by=cast.principal)
    assert "rally point" in str(refusal.value)
    assert PublicSummary.objects.get(pk=summary.pk).published_at is None


def test_a_meeting_with_nothing_published_is_not_found_publicly(cast, client):
    meeting = _meeting(cast)
    assert client.get(reverse("public:meeting", args=["westport", meeting.pk])).status_code == 404


# The private feed


def _feed_text(client, user) -> str:
    """Each event's summary and description, unfolded."""
    token = services.calendar_token_get(user=user).token
    response = client.get(reverse("calendar_feed", args=[token]))
    assert "no-store" in response["Cache-Control"]
    return "\n".join(f"{e['summary']}\n{e.get('description', '')}" for e in _events(response))


def test_the_private_feed_shows_what_its_owner_may_see(cast, client):
    parent_text = _feed_text(client, cast.parent)
    cleared_text = _feed_text(client, cast.cleared_staff)
    meeting = cast.meetings["high"]
    restricted_item = meeting.agenda_items.get(visibility=Level.RESTRICTED)
    committee_item = meeting.agenda_items.get(visibility=Level.COMMITTEE)
    assert committee_item.title in parent_text
    assert restricted_item.title not in parent_text
    assert cast.executive.title not in parent_text
    assert restricted_item.title in cleared_text
    assert cast.executive.title in cleared_text


def test_a_new_address_retires_the_old_one(cast, client, login):
    old = services.calendar_token_get(user=cast.parent).token
    member = login(cast.parent)
    page = member.get(reverse("meetings:calendar"))
    assert old in page.content.decode()
    member.post(reverse("meetings:calendar"))
    new = services.calendar_token_get(user=cast.parent).token
    assert new != old
    client.logout()
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 200


def test_the_feed_ends_with_the_membership_or_the_account(cast, client):
    token = services.calendar_token_get(user=cast.parent).token
    url = reverse("calendar_feed", args=[token])
    title = cast.meetings["high"].title
    assert title in client.get(url).content.decode()
    seat = cast.high.memberships.get(user=cast.parent)
    committee_services.membership_end(membership=seat, by=None)
    assert title not in client.get(url).content.decode()
    cast.parent.is_active = False
    cast.parent.save()
    assert client.get(url).status_code == 404


# Query budgets: public pages and feeds cost the same however many meetings there are


def _announce(cast, start_n: int, stop_n: int) -> None:
    base = datetime.datetime(2026, 12, 1, 23, 0, tzinfo=UTC)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            committee=[cast.high, cast.middle][n % 2],
            title=f"Meeting {n}",
            location="Library",
            starts_at=base + datetime.timedelta(days=n - 100),
        )
        for n in range(start_n, stop_n)
    )
    now = datetime.datetime.now(UTC)
    MeetingNotice.objects.bulk_create(
        MeetingNotice(meeting=m, title=f"Public {m.title}", place="School", published_at=now)
        for m in meetings
    )
    PublicSummary.objects.bulk_create(
        PublicSummary(meeting=m, text=f"Summary of {m.title}", published_at=now) for m in meetings
    )


def _summarised(cast, days_ago: int) -> None:
    now = datetime.datetime.now(UTC)
    meeting = Meeting.objects.create(
        committee=cast.high,
        title=f"Held {days_ago} days ago",
        location="Library",
        starts_at=now - datetime.timedelta(days=days_ago),
    )
    PublicSummary.objects.create(
        meeting=meeting, text=f"Summary {days_ago:03d} days", published_at=now
    )


def _summaries_shown(client) -> list[str]:
    cache.clear()
    html = client.get(reverse("public:district", args=["westport"])).content.decode()
    return re.findall(r"Summary (\d{3}) days", html)


def test_the_district_page_shows_the_latest_summaries_in_a_quiet_quarter_or_a_busy_one(
    cast, client
):
    """The five summaries of the latest meetings, newest first: from before the last
    quarter where it holds fewer, and from the quarter alone, in one read, where it
    holds enough."""
    PublicSummary.objects.all().delete()
    for days_ago in (10, 20, 200, 300, 400, 500):
        _summarised(cast, days_ago)
    with CaptureQueriesContext(connection) as quiet:
        assert _summaries_shown(client) == ["010", "020", "200", "300", "400"]
    for days_ago in (1, 2, 3, 4, 5):
        _summarised(cast, days_ago)
    with CaptureQueriesContext(connection) as busy:
        assert _summaries_shown(client) == ["001", "002", "003", "004", "005"]
    assert len(busy) == len(quiet) - 1  # the whole history is not read


def _count(client, url) -> int:
    cache.clear()  # the page as rendered, not as cached
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("public:district", args=["westport"]),
        reverse("public:meetings_ics", args=["westport"]),
    ],
)
def test_public_pages_cost_the_same_for_5_and_500_meetings(cast, client, url):
    _announce(cast, 0, 5)
    few = _count(client, url)
    _announce(cast, 5, 500)
    # Fewer, where the last quarter now holds the district page's latest summaries.
    assert _count(client, url) <= few


def test_the_private_feed_costs_the_same_for_5_and_500_meetings(cast, client):
    url = reverse("calendar_feed", args=[services.calendar_token_get(user=cast.chair).token])
    _announce(cast, 0, 5)
    few = _count(client, url)
    _announce(cast, 5, 500)
    assert _count(client, url) == few
