"""Public minutes: prepared from approved minutes with restricted sections withheld, the
guard, four eyes, the public page; and the release review of executive minutes."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from committees import access
from committees.models import Level
from meetings import services
from meetings.models import Meeting, MinutesReleaseDecision, PublicMinutes
from tests.conftest import add_co_chair

pytestmark = pytest.mark.django_db


def _approved(meeting: Meeting) -> Meeting:
    return services.minutes_approve(meeting=meeting, by=None)


def _public_url(meeting: Meeting) -> str:
    return reverse("public:meeting", args=[meeting.committee.district.slug, meeting.pk])


def _posted(cast) -> PublicMinutes:
    meeting = _approved(cast.meetings["high"])
    minutes = services.public_minutes_prepare(meeting=meeting, by=cast.secretary)
    return services.public_minutes_publish(minutes=minutes, by=cast.chair)


def test_prepared_from_the_approved_minutes_with_restricted_sections_withheld(cast):
    meeting = cast.meetings["high"]
    with pytest.raises(ValidationError, match="approved minutes"):
        services.public_minutes_prepare(meeting=meeting, by=cast.secretary)
    meeting = _approved(meeting)
    minutes = services.public_minutes_prepare(meeting=meeting, by=cast.secretary)
    assert minutes.visibility == Level.COMMITTEE and minutes.published_at is None
    assert minutes.minutes_revision == meeting.minutes_revision
    headings = [part.get("heading") for part in minutes.parts]
    assert "Discussion (committee)" in headings
    assert "Discussion (restricted)" not in headings
    assert {"withheld": True} in minutes.parts
    stored = str(minutes.parts)
    for canary, (committee_name, level) in cast.canaries.items():
        if committee_name == "high" and level == Level.RESTRICTED:
            assert canary not in stored
    assert "CANARY-MINUTES-COMMITTEE-high-7f3a" in stored


def test_an_executive_session_is_never_prepared_from_its_minutes(cast):
    executive = _approved(cast.executive)
    with pytest.raises(ValidationError, match="released only by a review"):
        services.public_minutes_prepare(meeting=executive, by=cast.chair)


def test_four_eyes_and_the_guard_before_the_public_page(
    cast, client, django_capture_on_commit_callbacks
):
    meeting = _approved(cast.meetings["high"])
    minutes = services.public_minutes_prepare(meeting=meeting, by=cast.chair)
    with pytest.raises(ValidationError, match="four eyes"):
        services.public_minutes_publish(minutes=minutes, by=cast.chair)
    with pytest.raises(PermissionDenied):  # a secretary drafts, does not publish
        services.public_minutes_publish(minutes=minutes, by=cast.secretary)
    cast.district.forbidden_public_terms = "Room B-114"
    cast.district.save()
    parts = [*minutes.parts, {"heading": "Extra", "body": "We met in Room B-114."}]
    minutes, findings = services.public_minutes_save(minutes=minutes, parts=parts, by=cast.chair)
    assert findings
    with pytest.raises(ValidationError, match="blocked"):
        services.public_minutes_publish(minutes=minutes, by=cast.principal)
    assert "data-public-minutes" not in client.get(_public_url(meeting)).content.decode()
    # Redact more: withhold the offending section too.
    parts = [*minutes.parts[:-1], {"withheld": True}]
    minutes, findings = services.public_minutes_save(minutes=minutes, parts=parts, by=cast.chair)
    assert findings == []
    with django_capture_on_commit_callbacks(execute=True):
        services.public_minutes_publish(minutes=minutes, by=cast.principal)
    minutes.refresh_from_db()
    assert minutes.visibility == Level.PUBLIC and minutes.published_by == cast.principal
    page = client.get(_public_url(meeting)).content.decode()
    assert "data-withheld" in page and "Discussion (committee)" in page
    assert "Room B-114" not in page and "Discussion (restricted)" not in page
    for canary, (_committee, level) in cast.canaries.items():
        if level == Level.RESTRICTED:
            assert canary not in page


def test_the_withheld_mark_is_said_in_the_readers_language(cast, client):
    meeting = _posted(cast).meeting
    with translation.override("es"):
        spanish = translation.pgettext("minutes section", "Withheld")
        url = _public_url(meeting)
    assert spanish != "Withheld" and url.startswith("/es/")
    page = client.get(url).content.decode()
    assert spanish in page and "data-withheld" in page


def test_withdrawn_minutes_leave_the_public_page(cast, client, django_capture_on_commit_callbacks):
    minutes = _posted(cast)
    url = _public_url(minutes.meeting)
    assert "data-public-minutes" in client.get(url).content.decode()
    with pytest.raises(ValidationError):
        services.public_minutes_withdraw(minutes=minutes, by=cast.chair, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.public_minutes_withdraw(minutes=minutes, by=cast.chair, reason="A slip")
    minutes.refresh_from_db()
    assert minutes.visibility == Level.COMMITTEE and minutes.withdrawn_at is not None
    assert "data-public-minutes" not in client.get(url).content.decode()


def test_recorders_are_told_when_the_minutes_are_approved_again_after_posting(cast, login):
    minutes = _posted(cast)
    meeting = minutes.meeting
    section = meeting.sections.get(visibility=Level.COMMITTEE)
    services.minutes_section_edit(
        section=section,
        heading=section.heading,
        body="Corrected.",
        visibility=Level.COMMITTEE,
        by=None,
    )
    url = reverse("meetings:meeting", args=[meeting.pk])
    page = login(cast.secretary).get(url).content.decode()
    assert "data-public-minutes-behind" not in page  # not approved again yet
    _approved(meeting)
    page = login(cast.secretary).get(url).content.decode()
    assert "data-public-minutes-behind" in page
    assert "data-public-minutes-behind" not in login(cast.parent).get(url).content.decode()


def test_the_pages_prepare_edit_and_publish(cast, login):
    meeting = _approved(cast.meetings["high"])
    client = login(cast.secretary)
    response = client.post(reverse("meetings:public_minutes_prepare", args=[meeting.pk]))
    assert response.status_code == 302
    minutes = PublicMinutes.objects.get(meeting=meeting)
    edit = reverse("meetings:public_minutes_edit", args=[meeting.pk])
    page = client.get(edit).content.decode()
    assert "Withheld" in page and "CANARY-MINUTES-REVISED-RESTRICTED-high-7f3a" not in page
    data = {}
    for n, part in enumerate(minutes.parts):
        if not part.get("withheld"):
            data[f"heading_{n}"] = part["heading"]
            data[f"body_{n}"] = part["body"]
            data[f"withhold_{n}"] = "on"  # redact more: withhold it
    data.update(heading_new="Summary", body_new="The committee reviewed its year.")
    assert client.post(edit, data).status_code == 302
    minutes.refresh_from_db()
    assert [p for p in minutes.parts if not p.get("withheld")] == [
        {"heading": "Summary", "body": "The committee reviewed its year."}
    ]
    publish = reverse("meetings:public_minutes_publish", args=[meeting.pk])
    assert client.post(publish).status_code == 403  # the secretary may not publish
    chair = login(cast.chair)
    assert "The guard found no overlap" in chair.get(publish).content.decode()
    assert chair.post(publish).status_code == 302
    minutes.refresh_from_db()
    assert minutes.published_at is not None


# --- executive sessions: reviewed for release -------------------------------------------


def test_approval_sets_the_review_date_six_months_on(cast):
    executive = _approved(cast.executive)
    today = access.district_today(cast.district)
    assert executive.minutes_review_on == services.first_review_on(today)
    assert services.first_review_on(datetime.date(2026, 8, 31)) == datetime.date(2027, 2, 28)
    regular = _approved(cast.meetings["middle"])
    assert regular.minutes_review_on is None


def test_keeping_them_closed_takes_a_reason_and_the_next_review(cast):
    executive = _approved(cast.executive)
    today = access.district_today(cast.district)
    later = today + datetime.timedelta(days=90)
    with pytest.raises(ValidationError, match="why"):
        services.minutes_release_decide(
            meeting=executive, decision="keep_closed", next_review_on=later, by=cast.chair
        )
    with pytest.raises(ValidationError, match="next review"):
        services.minutes_release_decide(
            meeting=executive, decision="keep_closed", reason="Still open", by=cast.chair
        )
    decision = services.minutes_release_decide(
        meeting=executive,
        decision="keep_closed",
        reason="CANARY-REASON",
        next_review_on=later,
        by=cast.chair,
    )
    executive.refresh_from_db()
    assert executive.minutes_review_on == later
    assert decision.visibility == Level.RESTRICTED and decision.decided_by == cast.chair
    assert not PublicMinutes.objects.filter(meeting=executive).exists()


def test_reviewers_are_cleared_and_may_publish(cast):
    add_co_chair(cast)
    executive = _approved(cast.executive)
    for role in ("co_chair", "secretary", "officer", "parent"):
        with pytest.raises(PermissionDenied):
            services.minutes_release_decide(
                meeting=executive, decision="release", by=cast.people[role]
            )
    for role in ("chair", "principal", "district_admin"):
        assert services.is_release_reviewer(cast.people[role], executive), role


def test_a_release_is_written_on_its_own_guarded_and_published_by_another(cast, client):
    executive = _approved(cast.executive)
    services.minutes_release_decide(meeting=executive, decision="release", by=cast.chair)
    executive.refresh_from_db()
    assert executive.minutes_review_on is None
    minutes = PublicMinutes.objects.get(meeting=executive)
    assert minutes.parts == [] and minutes.source == PublicMinutes.Source.RELEASE
    assert minutes.visibility == Level.RESTRICTED  # a draft is for the cleared
    assert not access.can(cast.parent, access.VIEW, minutes)
    with pytest.raises(ValidationError, match="already released"):
        services.minutes_release_decide(meeting=executive, decision="release", by=cast.chair)
    # Copied from the confidential minutes: the guard stops it, even a year on.
    executive.sections.update(
        body="The east wing master key went missing and six doors need new locks now."
    )
    Meeting.objects.filter(pk=executive.pk).update(
        starts_at=executive.starts_at - datetime.timedelta(days=800)
    )
    copied = "The east wing master key went missing and six doors need new locks."
    minutes, findings = services.public_minutes_save(
        minutes=minutes, parts=[{"heading": "Keys", "body": copied}], by=cast.secretary
    )
    assert findings
    with pytest.raises(ValidationError, match="blocked"):
        services.public_minutes_publish(minutes=minutes, by=cast.chair)
    written = "The committee approved repairs to door hardware."
    minutes, findings = services.public_minutes_save(
        minutes=minutes, parts=[{"heading": "Doors", "body": written}], by=cast.chair
    )
    assert findings == []
    with pytest.raises(ValidationError, match="four eyes"):
        services.public_minutes_publish(minutes=minutes, by=cast.chair)
    with pytest.raises(PermissionDenied):  # a secretary does not publish
        services.public_minutes_publish(minutes=minutes, by=cast.secretary)
    services.public_minutes_publish(minutes=minutes, by=cast.principal)
    page = client.get(_public_url(executive)).content.decode()
    assert written in page and "Released after review" in page
    assert "CANARY-EXECUTIVE-MINUTES-high-7f3a" not in page


def test_the_review_page_records_decisions_and_the_meeting_page_lists_them(cast, login):
    add_co_chair(cast)
    executive = _approved(cast.executive)
    url = reverse("meetings:minutes_release", args=[executive.pk])
    assert login(cast.co_chair).get(url).status_code == 404  # may not know it exists
    assert login(cast.secretary).get(url).status_code == 403
    assert login(cast.parent).get(url).status_code == 404
    regular = reverse("meetings:minutes_release", args=[cast.meetings["high"].pk])
    assert login(cast.chair).get(regular).status_code == 404
    client = login(cast.chair)
    later = access.district_today(cast.district) + datetime.timedelta(days=60)
    response = client.post(
        url,
        {"decision": "keep_closed", "reason": "CANARY-KEEP-REASON", "next_review_on": later},
    )
    assert response.status_code == 302
    assert MinutesReleaseDecision.objects.filter(meeting=executive).count() == 1
    meeting_page = reverse("meetings:meeting", args=[executive.pk])
    assert "CANARY-KEEP-REASON" in login(cast.secretary).get(meeting_page).content.decode()
    response = login(cast.principal).post(url, {"decision": "release"})
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:public_minutes_edit", args=[executive.pk])
    assert MinutesReleaseDecision.objects.filter(meeting=executive).count() == 2


# --- late minutes and reviews on Today and the district overview -------------------------


def _late_cells(html: str) -> int:
    return sum(int(n) for n in re.findall(r"<td data-minutes-late>(?:<[^>]+>)*(\d+)", html))


def test_approved_minutes_not_posted_on_time_show_on_today_and_the_overview(cast, login):
    meeting = _approved(cast.meetings["high"])  # held in October: due within 30 days
    today = reverse("today")
    line = reverse("meetings:meeting", args=[meeting.pk])
    for role in ("secretary", "chair", "principal"):
        body = login(cast.people[role]).get(today).content.decode()
        assert "approved minutes not posted" in body and line in body, role
    for role in ("parent", "staff", "officer"):
        body = login(cast.people[role]).get(today).content.decode()
        assert "approved minutes not posted" not in body, role
    overview = reverse("portal:district_overview")
    before = _late_cells(login(cast.district_admin).get(overview).content.decode())
    minutes = services.public_minutes_prepare(meeting=meeting, by=cast.secretary)
    services.public_minutes_publish(minutes=minutes, by=cast.chair)
    body = login(cast.secretary).get(today).content.decode()
    assert "approved minutes not posted" not in body
    after = _late_cells(login(cast.district_admin).get(overview).content.decode())
    assert after == before - 1


def test_executive_minutes_due_for_review_show_on_the_reviewers_today(cast, login):
    add_co_chair(cast)
    executive = _approved(cast.executive)
    day = access.district_today(cast.district) - datetime.timedelta(days=1)
    Meeting.objects.filter(pk=executive.pk).update(minutes_review_on=day)
    link = reverse("meetings:minutes_release", args=[executive.pk])
    for role in ("chair", "principal", "district_admin"):
        body = login(cast.people[role]).get(reverse("today")).content.decode()
        assert "Executive minutes to review for release" in body and link in body, role
    for role in ("co_chair", "secretary", "officer", "parent"):
        body = login(cast.people[role]).get(reverse("today")).content.decode()
        assert link not in body, role
        assert "CANARY-EXECUTIVE-TITLE-high-7f3a" not in body or role in ("secretary", "officer")
