"""Posting deadlines in the product: the chair is warned of a meeting scheduled too late to
post its notice on time, the meeting page says by when until the notice is public, and the
public page says when the notice was posted."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import services as committee_services
from meetings import services
from meetings.models import MeetingRules

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")


def _form(start: datetime.datetime, title: str) -> dict:
    local = start.astimezone(NY)
    return {
        "title": title,
        "kind": "regular",
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "location": "Library",
    }


def _warnings(response) -> list[str]:
    return [str(m) for m in response.context["messages"] if m.level_tag == "warning"]


def test_a_meeting_scheduled_too_late_to_post_warns_the_chair_in_the_districts_time(cast, login):
    client = login(cast.secretary)
    start = (timezone.now() + datetime.timedelta(hours=5)).replace(second=0, microsecond=0)
    response = client.post(
        reverse("meetings:meeting_new", args=[cast.high.pk]),
        _form(start, "Emergency meeting"),
        follow=True,
    )
    warnings = _warnings(response)
    assert len(warnings) == 1 and "Too late to post on time" in warnings[0]
    # Connecticut: 24 hours before, said as Westport's clocks read it.
    due = (start - datetime.timedelta(hours=24)).astimezone(NY)
    assert due.strftime("%-I:%M %p %Z") in warnings[0]
    page = response.content.decode()
    assert "The notice had to be public by" in page
    # Scheduled, never refused: emergency meetings exist.
    assert cast.high.meetings.filter(title="Emergency meeting").exists()


def test_a_meeting_in_time_shows_its_deadline_until_the_notice_is_public(cast, login):
    MeetingRules.objects.create(
        district=cast.district, notice_hours=48, notice_skips_weekends_and_holidays=True
    )
    client = login(cast.secretary)
    start = (timezone.now() + datetime.timedelta(days=12)).replace(second=0, microsecond=0)
    response = client.post(
        reverse("meetings:meeting_new", args=[cast.high.pk]),
        _form(start, "Planned meeting"),
        follow=True,
    )
    assert _warnings(response) == []
    page = response.content.decode()
    assert "The notice must be public by" in page
    meeting = cast.high.meetings.get(title="Planned meeting")
    proposed = services.meeting_notice_propose(
        meeting=meeting, title="Safety committee", place="High school", by=cast.chair
    )
    committee_services.public_text_approve(change=proposed, by=cast.principal)
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "must be public by" not in page
    # The public page says when the notice was posted, in the district's time.
    public = client.get(reverse("public:meeting", args=["westport", meeting.pk])).content.decode()
    assert "Notice posted" in public
    posted = timezone.localtime(meeting.notice.published_at, NY)
    assert posted.isoformat() in public.split("Notice posted", 1)[1][:300]


def test_changing_a_meeting_to_tomorrow_morning_warns_too(cast, login):
    client = login(cast.secretary)
    meeting = services.meeting_schedule(
        committee=cast.high,
        title="Moved meeting",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        location="Library",
        by=cast.secretary,
    )
    start = (timezone.now() + datetime.timedelta(hours=20)).replace(second=0, microsecond=0)
    response = client.post(
        reverse("meetings:meeting_edit", args=[meeting.pk]),
        _form(start, "Moved meeting"),
        follow=True,
    )
    assert any("Too late to post on time" in w for w in _warnings(response))
