"""Meetings that follow their clock: nothing happens before the start; minutes are
submitted, then approved by the chair (or the committee's vote), never by whoever
submitted them; votes are added and corrected on the record; an executive session's
attendance lists only the cleared; a reviewer sends a text back with a comment.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from committees import services as committee_services
from committees.models import (
    Category,
    Committee,
    Level,
    Membership,
    Position,
    PublicTextChange,
)
from meetings import services
from meetings.models import Meeting, PublicSummary, VoteCorrection
from notifications import services as outbox
from notifications.models import Kind, Notification
from publishing import services as publishing_services
from publishing.models import PublicUpdate

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _quiet(cast):
    Notification.objects.all().delete()
    mail.outbox = []


@pytest.fixture
def now(monkeypatch):
    """A stopped clock: the services and pages compare the start with this instant.

    A day ahead of the real clock, so that what the outbox writes now is due by it.
    """
    instant = datetime.datetime.now(UTC) + datetime.timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: instant)
    return instant


def _meeting(cast, starts_at, **kwargs) -> Meeting:
    values = {
        "committee": cast.high,
        "title": "December meeting",
        "starts_at": starts_at,
        "location": "Library",
        "by": None,
    }
    return services.meeting_schedule(**{**values, **kwargs})


def _with_minutes(cast, starts_at, **kwargs) -> Meeting:
    meeting = _meeting(cast, starts_at, **kwargs)
    services.minutes_section_add(
        meeting=meeting, heading="Drill review", body="Evacuation took 4 minutes.", by=None
    )
    return meeting


def _recipients(kind, subject) -> set[int]:
    return set(
        Notification.objects.filter(kind=kind, subject_id=subject.pk).values_list(
            "recipient_id", flat=True
        )
    )


# --- the clock -------------------------------------------------------------------------------


def test_a_meeting_starts_at_its_start_in_utc_not_a_microsecond_before(cast, now):
    meeting = _meeting(cast, now)
    assert meeting.has_started()
    meeting.starts_at = now + datetime.timedelta(microseconds=1)
    assert not meeting.has_started()
    # The start is an instant, whatever zone it is written in (the district's, here).
    meeting.starts_at = now.astimezone(ZoneInfo("America/New_York"))
    assert meeting.has_started()
    meeting.starts_at += datetime.timedelta(microseconds=1)
    assert not meeting.has_started()


def test_no_attendance_held_status_or_summary_before_the_start(cast, now):
    meeting = _with_minutes(cast, now + datetime.timedelta(minutes=1))
    seat = Membership.objects.get(user=cast.chair)
    with pytest.raises(ValidationError, match="once the meeting has started"):
        services.attendance_record(
            meeting=meeting, by=cast.secretary, statuses={seat.pk: "present"}
        )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    with pytest.raises(ValidationError, match="once the meeting has started"):
        services.summary_save(meeting=meeting, text="The committee met.", by=cast.secretary)
    with pytest.raises(ValidationError, match="once the meeting has started"):
        services.minutes_submit(meeting=meeting, by=cast.secretary)
    assert not PublicSummary.objects.filter(meeting=meeting).exists()


def test_at_the_start_attendance_is_taken_and_the_meeting_is_held(cast, now):
    meeting = _meeting(cast, now)
    seat = Membership.objects.get(user=cast.chair)
    services.attendance_record(meeting=meeting, by=cast.secretary, statuses={seat.pk: "present"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    summary, _findings = services.summary_save(
        meeting=meeting, text="The committee met.", by=cast.secretary
    )
    assert summary.pk


def test_the_pages_do_not_offer_what_comes_after_the_start(cast, now, login):
    meeting = _with_minutes(cast, now + datetime.timedelta(hours=2))
    client = login(cast.secretary)
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert reverse("meetings:meeting_attendance", args=[meeting.pk]) not in page
    assert reverse("meetings:summary_edit", args=[meeting.pk]) not in page
    assert reverse("meetings:minutes_submit", args=[meeting.pk]) not in page
    assert "come once the meeting has started" in page
    for name in ("meetings:meeting_attendance", "meetings:summary_edit"):
        response = client.get(reverse(name, args=[meeting.pk]))
        assert response.status_code == 302
        assert response.url == reverse("meetings:meeting", args=[meeting.pk])
    seat = Membership.objects.get(user=cast.chair)
    client.post(
        reverse("meetings:meeting_attendance", args=[meeting.pk]), {f"m{seat.pk}": "present"}
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED and not meeting.attendance.exists()


# --- submitted for approval, approved by the chair, never by its submitter ---------------------


def test_submitting_tells_the_chair_at_once_and_the_page_says_so(cast, now, login):
    meeting = _with_minutes(cast, now - datetime.timedelta(days=1))
    client = login(cast.secretary)
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert 'data-state="draft"' in page and "Submit the minutes for approval" in page
    client.post(reverse("meetings:minutes_submit", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.minutes_state == "submitted" and meeting.minutes_submitted_by == cast.secretary
    # Told at once, in the same transaction: the chair, not the secretary who submitted.
    assert _recipients(Kind.MINUTES_APPROVAL, meeting) == {cast.chair.pk}
    outbox.sweep()
    [message] = [m for m in mail.outbox if "Minutes to approve" in m.subject]
    assert cast.chair.email in message.to[0]
    assert "submitted for your approval" in message.body
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert 'data-state="submitted"' in page
    assert reverse("meetings:minutes_approve", args=[meeting.pk]) not in page
    assert "someone else records their approval" in page
    chair_page = login(cast.chair).get(reverse("meetings:meeting", args=[meeting.pk]))
    assert reverse("meetings:minutes_approve", args=[meeting.pk]) in chair_page.content.decode()


def test_the_chair_approves_what_the_secretary_submitted(cast, now, login):
    meeting = _with_minutes(cast, now - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="Submit the minutes for approval first"):
        services.minutes_approve(meeting=meeting, by=cast.chair)
    services.minutes_submit(meeting=meeting, by=cast.secretary)
    # The principal records meetings, but the committee's rule says the chair approves.
    with pytest.raises(ValidationError, match="the chair approves the minutes"):
        services.minutes_approve(meeting=meeting, by=cast.principal)
    login(cast.chair).post(reverse("meetings:minutes_approve", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.minutes_state == "approved" and meeting.minutes_approved_by == cast.chair
    page = login(cast.parent).get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert 'data-state="approved"' in page


def test_four_eyes_the_chair_never_approves_what_the_chair_submitted(cast, now, login):
    meeting = _with_minutes(cast, now - datetime.timedelta(days=1))
    services.minutes_submit(meeting=meeting, by=cast.chair)
    with pytest.raises(ValidationError, match="four eyes"):
        services.minutes_approve(meeting=meeting, by=cast.chair)
    response = login(cast.chair).post(reverse("meetings:minutes_approve", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_approved_at is None


def test_under_a_vote_rule_the_secretary_records_the_committees_vote(cast, now):
    Committee.objects.filter(pk=cast.high.pk).update(
        minutes_approval=Committee.MinutesApproval.VOTE
    )
    meeting = _with_minutes(cast, now - datetime.timedelta(days=1))
    services.minutes_submit(meeting=meeting, by=cast.chair)
    assert _recipients(Kind.MINUTES_APPROVAL, meeting) == {cast.secretary.pk}
    with pytest.raises(ValidationError, match="four eyes"):
        services.minutes_approve(meeting=meeting, by=cast.chair)
    services.minutes_approve(meeting=meeting, by=cast.secretary)
    meeting.refresh_from_db()
    assert meeting.minutes_approved_by == cast.secretary


def test_an_edit_after_submission_returns_the_minutes_to_draft(cast, now):
    meeting = _with_minutes(cast, now - datetime.timedelta(days=1))
    services.minutes_submit(meeting=meeting, by=cast.secretary)
    section = meeting.sections.get()
    services.minutes_section_edit(
        section=section, heading="Drill review", body="It took 5.", visibility="committee", by=None
    )
    meeting.refresh_from_db()
    assert meeting.minutes_state == "draft"
    with pytest.raises(ValidationError, match="Submit the minutes"):
        services.minutes_approve(meeting=meeting, by=cast.chair)


# --- votes added and corrected after the section is written -----------------------------------


def test_a_vote_is_added_to_a_written_section_and_corrected_on_the_record(cast, now, login):
    meeting = _with_minutes(cast, now - datetime.timedelta(days=1))
    section = meeting.sections.get()
    client = login(cast.secretary)
    response = client.post(
        reverse("meetings:vote_new", args=[section.pk]),
        {
            "motion": "Adopt the drill schedule",
            "result": "carried",
            "yes": 6,
            "no": 0,
            "abstain": 1,
        },
    )
    assert response.status_code == 302
    vote = section.votes.get()
    assert (vote.yes, vote.abstain) == (6, 1)
    response = client.post(
        reverse("meetings:vote_edit", args=[vote.pk]),
        {
            "motion": "Adopt the drill schedule",
            "result": "carried",
            "yes": 5,
            "no": 1,
            "abstain": 1,
            "reason": "One member voted no; the count was misheard.",
        },
    )
    assert response.status_code == 302
    vote.refresh_from_db()
    assert (vote.yes, vote.no) == (5, 1)
    [kept] = VoteCorrection.objects.filter(vote=vote)
    assert kept.was["yes"] == 6 and kept.was["no"] == 0 and kept.by == cast.secretary
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "the count was misheard" in page and "(6–0–1)" in page


def test_a_correction_needs_a_reason_and_a_change(cast, now):
    meeting = _with_minutes(cast, now - datetime.timedelta(days=1))
    vote = services.vote_record(
        section=meeting.sections.get(), motion="Adopt", result="carried", yes=4, by=None
    )
    with pytest.raises(ValidationError, match="Say why"):
        services.vote_correct(vote=vote, by=cast.secretary, reason=" ", yes=3)
    with pytest.raises(ValidationError, match="Nothing to correct"):
        services.vote_correct(vote=vote, by=cast.secretary, reason="Recount", yes=4)
    assert not VoteCorrection.objects.filter(vote=vote).exists()


def test_after_approval_a_vote_is_corrected_through_a_new_revision(cast, now):
    meeting = _with_minutes(cast, now - datetime.timedelta(days=1))
    vote = services.vote_record(
        section=meeting.sections.get(), motion="Adopt", result="carried", yes=4, by=None
    )
    services.minutes_submit(meeting=meeting, by=cast.secretary)
    services.minutes_approve(meeting=meeting, by=cast.chair)
    services.vote_correct(vote=vote, by=cast.secretary, reason="Recount", yes=3, no=1)
    meeting.refresh_from_db()
    # The approved text is kept as revision 1; the corrected minutes await approval again.
    assert meeting.minutes_revision == 2 and meeting.minutes_state == "draft"
    assert meeting.old_sections.filter(revision=1).count() == 1
    assert VoteCorrection.objects.get(vote=vote).was["yes"] == 4


def test_a_restricted_votes_correction_is_as_hidden_as_the_vote(cast, now, login):
    meeting = _meeting(cast, now - datetime.timedelta(days=1))
    section = services.minutes_section_add(
        meeting=meeting, heading="Doors", body="x", visibility=Level.RESTRICTED, by=None
    )
    vote = services.vote_record(
        section=section, motion="CANARY-VOTE-WAS-9c1", result="carried", yes=4, by=None
    )
    services.vote_correct(vote=vote, by=None, reason="CANARY-WHY-9c1", motion="Repair doors")
    url = reverse("meetings:meeting", args=[meeting.pk])
    parent = login(cast.parent).get(url).content.decode()
    assert "CANARY-VOTE-WAS-9c1" not in parent and "CANARY-WHY-9c1" not in parent
    cleared = login(cast.cleared_staff).get(url).content.decode()
    assert "CANARY-VOTE-WAS-9c1" in cleared and "CANARY-WHY-9c1" in cleared
    assert login(cast.staff).get(reverse("meetings:vote_edit", args=[vote.pk])).status_code == 404


# --- a restricted executive session: only the cleared attend -----------------------------------


def test_an_executive_sessions_attendance_offers_and_takes_only_the_cleared(cast, now, login):
    session = _meeting(
        cast,
        now - datetime.timedelta(hours=1),
        kind=Meeting.Kind.EXECUTIVE,
        public_purpose="To discuss security measures",
    )
    page = login(cast.secretary).get(reverse("meetings:meeting_attendance", args=[session.pk]))
    text = page.content.decode()
    for person in (cast.chair, cast.officer, cast.cleared_staff):
        assert person.display_name in text
    for person in (cast.parent, cast.student, cast.staff):
        assert person.display_name not in text
    uncleared = Membership.objects.get(user=cast.staff)
    with pytest.raises(ValidationError, match="only members cleared"):
        services.attendance_record(
            meeting=session, by=cast.secretary, statuses={uncleared.pk: "present"}
        )
    cleared = Membership.objects.get(user=cast.officer)
    services.attendance_record(meeting=session, by=cast.secretary, statuses={cleared.pk: "present"})
    assert session.attendance.get().membership == cleared


# --- sent back to its author with a comment ----------------------------------------------------


def test_a_reviewer_sends_a_summary_back_and_the_author_resubmits(cast, now, login):
    meeting = _meeting(cast, now - datetime.timedelta(days=1))
    summary, _ = services.summary_save(
        meeting=meeting, text="We met in room 12.", by=cast.secretary
    )
    with pytest.raises(PermissionDenied):  # the secretary drafts but does not review
        services.summary_send_back(summary=summary, by=cast.secretary, comment="Fine")
    login(cast.chair).post(
        reverse("meetings:summary_send_back", args=[meeting.pk]),
        {"comment": "Please leave the room out."},
    )
    summary.refresh_from_db()
    assert summary.sent_back_by == cast.chair and summary.published_at is None
    assert _recipients(Kind.SENT_BACK, summary) == {cast.secretary.pk}
    outbox.sweep()
    [message] = [m for m in mail.outbox if "Sent back to you" in m.subject]
    assert cast.secretary.email in message.to[0] and "leave the room out" in message.body
    # Not publishable while it waits for its author.
    with pytest.raises(ValidationError, match="sent back to its author"):
        services.summary_publish(summary=summary, by=cast.principal)
    author = login(cast.secretary)
    assert (
        "Please leave the room out."
        in author.get(reverse("meetings:summary_edit", args=[meeting.pk])).content.decode()
    )
    Notification.objects.all().delete()
    author.post(reverse("meetings:summary_edit", args=[meeting.pk]), {"text": "We met."})
    summary.refresh_from_db()
    assert summary.sent_back_at is None and summary.sent_back_comment == ""
    assert cast.chair.pk in _recipients(Kind.SUMMARY_REVIEW, summary)  # told again
    services.summary_publish(summary=summary, by=cast.principal)


def test_only_a_reviewer_sends_back_and_with_a_comment(cast, now, login):
    meeting = _meeting(cast, now - datetime.timedelta(days=1))
    services.summary_save(meeting=meeting, text="We met.", by=cast.secretary)
    url = reverse("meetings:summary_send_back", args=[meeting.pk])
    assert login(cast.staff).post(url, {"comment": "No"}).status_code == 403
    login(cast.chair).post(url, {"comment": ""})
    assert PublicSummary.objects.get(meeting=meeting).sent_back_at is None
    # A reviewer who wrote it edits it instead (four eyes: the author never reviews).
    summary, _ = services.summary_save(meeting=meeting, text="We met.", by=cast.chair)
    with pytest.raises(ValidationError, match="You wrote this text"):
        services.summary_send_back(summary=summary, by=cast.chair, comment="Fine")


def test_a_reviewer_sends_an_update_back(cast, login):
    update, _ = publishing_services.update_save(
        committee=cast.high, title="Badges", body="New badges.", by=cast.secretary
    )
    login(cast.principal).post(
        reverse("publishing:update_send_back", args=[update.pk]),
        {"comment": "Say from when."},
    )
    update.refresh_from_db()
    assert update.sent_back_comment == "Say from when."
    assert _recipients(Kind.SENT_BACK, update) == {cast.secretary.pk}
    page = login(cast.secretary).get(reverse("publishing:update", args=[update.pk]))
    assert "Say from when." in page.content.decode()
    publishing_services.update_save(
        committee=cast.high, update=update, title="Badges", body="From Monday.", by=cast.secretary
    )
    update.refresh_from_db()
    assert update.sent_back_at is None
    assert PublicUpdate.objects.get(pk=update.pk).published_at is None


def test_an_update_saved_again_after_a_send_back_tells_the_reviewer(cast, now, login):
    """Saving a draft update tells nobody; saved again after a send-back, the reviewer who
    sent it back is told it awaits review (through the outbox), and nobody else."""
    update, _ = publishing_services.update_save(
        committee=cast.high, title="Badges", body="New badges.", by=cast.secretary
    )
    publishing_services.update_save(
        committee=cast.high, update=update, title="Badges", body="Badges.", by=cast.secretary
    )
    assert not Notification.objects.filter(kind=Kind.RESUBMITTED).exists()
    publishing_services.update_send_back(update=update, by=cast.principal, comment="From when?")
    mail.outbox.clear()
    login(cast.secretary).post(
        reverse("publishing:update_edit", args=[update.pk]),
        {"title": "Badges", "body": "Badges from Monday."},
    )
    update.refresh_from_db()
    assert update.sent_back_at is None and update.body == "Badges from Monday."
    assert _recipients(Kind.RESUBMITTED, update) == {cast.principal.pk}
    outbox.sweep()
    [message] = [m for m in mail.outbox if cast.principal.email in m.to[0]]
    assert "Submitted again: a public update" in message.subject
    assert cast.high.name in message.body
    assert reverse("publishing:update", args=[update.pk]) in message.body
    publishing_services.update_publish(update=update, by=cast.principal)


def test_a_summary_nobody_else_publishes_tells_the_reviewer_who_sent_it_back(cast, now):
    """The district committee (no building) has one chair: its summary, saved again after
    the district administrator sent it back, is for that administrator to review."""
    committee_services.membership_add(
        committee=cast.district_wide,
        user=cast.staff,
        category=Category.STAFF,
        position=Position.CHAIR,
        restricted_clearance=False,
    )
    meeting = _meeting(cast, now - datetime.timedelta(days=1), committee=cast.district_wide)
    summary, _ = services.summary_save(meeting=meeting, text="We met.", by=cast.staff)
    assert _recipients(Kind.SUMMARY_REVIEW, summary) == set()  # nobody else publishes
    services.summary_send_back(summary=summary, by=cast.district_admin, comment="Say when.")
    services.summary_save(meeting=meeting, text="We met on Monday.", by=cast.staff)
    assert _recipients(Kind.RESUBMITTED, summary) == {cast.district_admin.pk}
    outbox.sweep()
    [message] = [m for m in mail.outbox if cast.district_admin.email in m.to[0]]
    assert "Submitted again: a public summary" in message.subject


def test_a_reviewer_sends_a_correction_back_and_its_author_proposes_again(cast, login):
    meeting = cast.executive  # its summary is published
    change = services.summary_correct(
        summary=meeting.summary, text="The committee met and approved a plan.", by=cast.chair
    )
    login(cast.principal).post(
        reverse("committees:public_text_send_back", args=[change.pk]),
        {"comment": "Name the plan in general terms."},
    )
    change.refresh_from_db()
    assert change.sent_back and change.approved is False
    assert change.decline_reason == "Name the plan in general terms."
    assert _recipients(Kind.SENT_BACK, change) == {cast.chair.pk}
    url = reverse("meetings:meeting", args=[meeting.pk])
    assert "Name the plan in general terms." in login(cast.chair).get(url).content.decode()
    services.summary_correct(
        summary=meeting.summary, text="The committee approved a security plan.", by=cast.chair
    )
    assert "Name the plan in general terms." not in login(cast.chair).get(url).content.decode()
    waiting = PublicTextChange.objects.filter(
        kind=PublicTextChange.Kind.SUMMARY, record_id=meeting.summary.pk, decided_at__isnull=True
    )
    assert waiting.count() == 1


@pytest.mark.parametrize(
    ("language", "said"),
    [("es", "una vez que la reunión ha comenzado"), ("pt", "depois que a reunião começa")],
)
def test_the_clocks_refusal_is_said_in_the_readers_language(cast, now, language, said):
    meeting = _meeting(cast, now + datetime.timedelta(minutes=1))
    seat = Membership.objects.get(user=cast.chair)
    with translation.override(language), pytest.raises(ValidationError, match=said):
        services.attendance_record(
            meeting=meeting, by=cast.secretary, statuses={seat.pk: "present"}
        )


def test_the_minutes_state_in_the_api_and_the_text_export(cast, now, login):
    meeting = _with_minutes(cast, now - datetime.timedelta(days=1))
    services.minutes_submit(meeting=meeting, by=cast.secretary)
    client = login(cast.parent)
    body = client.get(reverse("api:meeting-detail", args=[meeting.pk])).json()
    assert body["minutes_state"] == "submitted" and body["minutes_submitted_at"]
    text = client.get(reverse("meetings:minutes_txt", args=[meeting.pk])).content.decode()
    assert "Submitted for approval on" in text
