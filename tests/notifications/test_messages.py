"""What a message says, decided when it is sent: the gate, its form, its language, retries.

The leak test sends every kind of message about every canary record to every person
of the cast, through the services' hooks, the scans and rows written directly, and
reads every subject, text and HTML part.
"""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from committees import access, services
from committees.models import (
    Category,
    Level,
    Membership,
    NamedGrantRecord,
    PublicTextChange,
    RepresentationRule,
)
from compliance import services as compliance_services
from compliance.models import Duty, DutyKind, DutyStatus
from followups import services as followup_services
from followups.models import ActionItem
from incidents import cadence, drills
from meetings import deadlines
from meetings import services as meeting_services
from meetings.models import Meeting, MeetingRules, PublicMinutes, PublicSummary
from meetings.scans import minutes_period, notice_period, posting_period, review_period
from meetings.services import notice_deadline
from notifications import scans
from notifications import services as outbox
from notifications.models import ACCOUNT_KINDS, Kind, Notification
from publishing import services as publishing_services
from safety_portal.digest import DIGEST_HOUR
from safety_portal.school_calendar import school_year_of
from tests.cast_base import canary as canary_text
from tests.conftest import ROLES, may_see
from tests.factories import ActionItemFactory, UserFactory
from tests.notifications.clock import UTC, Clock, at, everything, mail_to

REFUSING = "tests.notifications.backends.RefusingBackend"
pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
# Kinds sent to people of the portal (the rest go to subscribers of the public pages).
PEOPLE_KINDS = set(Kind.values) - {
    Kind.SUBSCRIPTION_CONFIRM,
    Kind.PUBLIC_UPDATE,
    Kind.CONCERN_RECEIPT,
}


@pytest.fixture(autouse=True)
def _quiet(cast):
    """An empty outbox: building the cast announced things already."""
    Notification.objects.all().delete()
    mail.outbox = []


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


def _role_of(cast, message) -> str:
    [to] = message.to
    [role] = [r for r, p in cast.people.items() if f"<{p.email}>" in to]
    return role


def _future_meeting(cast, committee_name, n, *, kind="regular", days=1):
    """A meeting in a day or so (local evening), with canaries, scheduled by nobody."""
    committee = getattr(cast, committee_name)
    today = access.district_today(committee.district)
    where = f"FUTURE{n}-{committee_name}"
    meeting = meeting_services.meeting_schedule(
        committee=committee,
        kind=kind,
        public_purpose="To discuss school security procedures" if kind == "executive" else "",
        title=f"CANARY-MEETING-TITLE-{where}-7f3a",
        location=f"CANARY-MEETING-PLACE-{where}-7f3a",
        starts_at=at(today + days * DAY, 18),
        by=None,
    )
    level = meeting.visibility
    texts = {meeting.title: level, meeting.location: level}
    # A restricted meeting holds nothing less strict than itself (the chain).
    agenda_levels = [Level.COMMITTEE, Level.RESTRICTED]
    if level == Level.RESTRICTED:
        agenda_levels.remove(Level.COMMITTEE)
    for agenda_level in agenda_levels:
        agenda = meeting_services.agenda_item_add(
            meeting=meeting,
            title=f"CANARY-AGENDA-{agenda_level.upper()}-{where}-7f3a",
            visibility=agenda_level,
            by=None,
        )
        texts[agenda.title] = agenda_level
    for text, text_level in texts.items():
        cast.canaries[text] = (committee_name, text_level)
    return meeting


def _drill_periods(cast, today):
    """School calendars for last year and this one, and each school's drills due and missed
    (one of each) as (kind, committee, period) for the rows below."""
    year = school_year_of(today)
    for district in (cast.district, cast.other_district):
        for first, last in (
            (datetime.date(year - 1, 8, 27), datetime.date(year, 6, 15)),
            (datetime.date(year, 7, 1), datetime.date(year + 1, 6, 30)),
        ):
            drills.school_year_set(
                district=district, year=first.year, first_day=first, last_day=last, by=None
            )
    found = []
    for name in ("high", "middle", "other_committee"):
        committee = getattr(cast, name)
        for y in (year - 1, year):
            _, calendars = cadence.calendars(committee.district, [committee.pk], y, today)
            for status, kind in (
                (cadence.DUE, Kind.DRILL_DUE),
                (cadence.MISSING, Kind.DRILL_MISSED),
            ):
                period = next((p for p in calendars[committee.pk] if p.status == status), None)
                if period is not None and period.planned is None:
                    found.append((kind, committee, period.starts.isoformat()))
    return found


_RELEASE_REVIEWERS = {"district_admin", "chair", "principal"}


def _public_minutes_rows(cast, today) -> list:
    """Minutes to post, public minutes to review and an executive session's minutes due for
    release review, about canary meetings, as (kind, subject, period) for the rows below."""
    found = []
    for name in ("high", "middle", "other_committee"):
        # Approved minutes not yet posted (of a meeting of its own: the cast's meetings'
        # minutes are still due as drafts above).
        approved = _future_meeting(cast, name, 4, days=5)
        Meeting.objects.filter(pk=approved.pk).update(minutes_approved_at=approved.starts_at)
        rules = MeetingRules.for_district(approved.committee.district)
        due = deadlines.minutes_due(
            approved.starts_at, rules.posted_minutes_days, approved.committee.district.time_zone
        )
        found.append((Kind.MINUTES_POSTING_DUE, approved, posting_period(due)))
    # Public minutes prepared by nobody, awaiting a second person: the committee's
    # meetings' (their titles are canaries) and the executive session's, still restricted.
    for meeting in [cast.meetings["high"], cast.meetings["other_committee"], cast.executive]:
        minutes = PublicMinutes.objects.create(
            meeting=meeting,
            visibility=meeting.visibility,
            parts=[{"heading": "Drills", "body": "The committee reviewed its drills."}],
        )
        found.append((Kind.PUBLIC_MINUTES_REVIEW, minutes, "p"))
    Meeting.objects.filter(pk=cast.executive.pk).update(minutes_review_on=today)
    found.append((Kind.MINUTES_RELEASE_REVIEW, cast.executive, review_period(today)))
    return found


def _duty_rows(cast, people, today) -> list:
    """Compliance duties: the high school's due soon (to its owner), the others' long
    overdue (owned by their administrators), one missed; every kind to everyone."""
    duties = [cast.duties["high"]["open"].pk]
    Duty.objects.filter(pk=duties[0]).update(due_on=today + 5 * DAY)
    for name, owner in (("middle", cast.district_admin), ("other_committee", cast.other_admin)):
        duties.append(cast.duties[name]["open"].pk)
        Duty.objects.filter(pk=duties[-1]).update(due_on=today - 40 * DAY, owner=owner)
    plan = Duty.objects.get(committee=cast.high, kind=DutyKind.PLAN_REVIEW, status="open")
    duties.append(compliance_services.duty_miss(duty=plan, on=today).pk)
    rows = []
    for duty in Duty.objects.filter(pk__in=duties):
        if duty.status == DutyStatus.MISSED:
            kinds = [Kind.DUTY_MISSED]
        else:
            kinds = [Kind.DUTY_DUE, Kind.DUTY_OVERDUE, Kind.DUTY_ESCALATED]
        for person in people.values():
            rows += [(person.pk, kind, duty, duty.due_on.isoformat()) for kind in kinds]
    return rows


def _send_everything(cast) -> dict[str, str]:
    """Every kind of message about the cast's records to everyone; sent. Canary -> owner role.

    An assignee may read their own item from outside its committee (ACCESS.md), so
    each person gets their own copy of every canary item: the owner may see its
    committee-level canaries, nobody else more than ``may_see`` says.
    """
    owners: dict[str, str] = {}
    today = access.district_today(cast.district)
    for district in (cast.district, cast.other_district):
        RepresentationRule.objects.create(district=district, category=Category.COMMUNITY, minimum=1)

    # Through the services' hooks, as people use them.
    ActionItem.objects.filter(pk__in=[i.pk for i in cast.items.values()]).update(
        due_date=today - 10 * DAY
    )
    followup_services.action_item_assign(
        item=cast.items[("high", Level.COMMITTEE)], assignee=cast.staff, by=cast.chair
    )
    followup_services.action_item_assign(
        item=cast.items[("high", Level.RESTRICTED)], assignee=cast.cleared_staff, by=cast.chair
    )
    followup_services.action_item_assign(
        item=cast.items[("middle", Level.COMMITTEE)], assignee=cast.stranger, by=None
    )
    for level in (Level.COMMITTEE, Level.RESTRICTED):
        followup_services.action_item_assign(
            item=cast.items[("other_committee", level)], assignee=cast.other_admin, by=None
        )
    for name in ("high", "middle", "district_wide", "other_committee"):
        kept = _future_meeting(cast, name, 1)
        meeting_services.meeting_change(
            meeting=kept, location=f"CANARY-MEETING-PLACE-MOVED-{name}-7f3a", by=None
        )
        cast.canaries[f"CANARY-MEETING-PLACE-MOVED-{name}-7f3a"] = (name, Level.COMMITTEE)
        dropped = _future_meeting(cast, name, 2, days=3)
        meeting_services.meeting_cancel(meeting=dropped, reason="Snow day", by=None)
    executive = _future_meeting(cast, "high", 3, kind="executive")
    meeting_services.meeting_change(
        meeting=executive, starts_at=executive.starts_at + DAY / 24, by=None
    )
    for name in ("high", "middle", "other_committee"):
        meeting_services.summary_save(
            meeting=cast.meetings[name], text="The committee met and reviewed drills.", by=None
        )
    # Separation of duties: a change of category and a restricted record shared by name
    # (to the district's safety administrators), a chair's proposal (to the principal too).
    changed = services.membership_change(
        membership=Membership.objects.get(committee=cast.high, user=cast.officer),
        category=Category.STAFF,
        by=cast.principal,
    )
    marshal = UserFactory(username="fire.marshal", district=cast.district)
    restricted = cast.items[("high", Level.RESTRICTED)]
    services.named_grant_add(record=restricted, user=marshal, by=cast.chair)
    proposal = services.membership_change(
        membership=Membership.objects.get(committee=cast.high, user=cast.staff),
        restricted_clearance=True,
        by=cast.chair,
    ).proposal
    grants = [*changed.changes.all(), *NamedGrantRecord.objects.all()]
    now = datetime.datetime.now(UTC)
    scans.scan(now=now)
    monday = today + datetime.timedelta(days=(7 - today.weekday()) % 7)
    scans.scan(now=at(monday, DIGEST_HOUR + 1))

    drill_periods = _drill_periods(cast, today)
    minutes_rows = _public_minutes_rows(cast, today)

    # Then every kind about every canary record to every person, written directly:
    # the gate at sending time decides.
    people = {role: cast.people[role] for role in ROLES if role != "anonymous"}
    copies = []
    for role, person in people.items():
        for (name, level), item in cast.items.items():
            copy = ActionItemFactory.build(
                committee=item.committee,
                visibility=level,
                title=f"CANARY-COPY-{level.upper()}-{name}-{role}-7f3a",
                description=f"CANARY-COPY-DESC-{level.upper()}-{name}-{role}-7f3a",
                assignee=person,
                due_date=today + DAY,
            )
            copies.append(copy)
            for text in (copy.title, copy.description):
                cast.canaries[text] = (name, level)
                owners[text] = role
    copies = ActionItem.objects.bulk_create(copies)
    rows = []
    # A draft sent back to its author with a comment (a canary): told to its author alone.
    returned, _findings = publishing_services.update_save(
        committee=cast.high, title="Radios", body="Radios are ordered.", by=cast.secretary
    )
    comment = canary_text("SENT-BACK-COMMENT", "high")
    cast.canaries[comment] = ("high", Level.COMMITTEE)
    publishing_services.update_send_back(update=returned, by=cast.chair, comment=comment)
    # A draft sent back, then saved again by its author: told to those who may publish it.
    resubmitted, _findings = publishing_services.update_save(
        committee=cast.high, title="Vests", body="Vests are ordered.", by=cast.secretary
    )
    publishing_services.update_send_back(update=resubmitted, by=cast.chair, comment="When?")
    words = canary_text("RESUBMITTED-BODY", "high")
    cast.canaries[words] = ("high", Level.COMMITTEE)
    publishing_services.update_save(
        committee=cast.high, update=resubmitted, title="Vests", body=words, by=cast.secretary
    )
    for person in people.values():
        for item in copies:
            if item.assignee_id != person.pk:
                continue
            rows.append((person.pk, Kind.ITEM_ASSIGNED, item, "p"))
            if item.committee_id == cast.high.pk:  # the same words, whatever the committee
                due = item.due_date.isoformat()
                rows += [
                    (person.pk, Kind.ITEM_DUE_SOON, item, due),
                    (person.pk, Kind.ITEM_DUE_TODAY, item, due),
                    (person.pk, Kind.ITEM_OVERDUE, item, due),
                ]
        for item in cast.items.values():
            rows.append((person.pk, Kind.ITEM_ESCALATED, item, (today - 10 * DAY).isoformat()))
        # The meetings of the future went to their members through the hooks above.
        for meeting in [*cast.meetings.values(), cast.executive]:
            day = meeting.starts_at.astimezone(ZoneInfo(meeting.committee.district.time_zone))
            rows += [
                (person.pk, Kind.MEETING_SCHEDULED, meeting, "p"),
                (person.pk, Kind.MEETING_CHANGED, meeting, "p"),
                (person.pk, Kind.MEETING_CANCELLED, meeting, "p"),
                (person.pk, Kind.MEETING_REMINDER, meeting, day.date().isoformat()),
                (person.pk, Kind.MINUTES_APPROVAL, meeting, f"r{meeting.minutes_revision}"),
                (person.pk, Kind.NOTICE_DUE, meeting, notice_period(notice_deadline(meeting))),
                (person.pk, Kind.MINUTES_DUE, meeting, minutes_period(minutes_due(meeting))),
            ]
        for summary in PublicSummary.objects.all():
            rows.append((person.pk, Kind.SUMMARY_REVIEW, summary, "p"))
        rows.append((person.pk, Kind.SENT_BACK, returned, "p"))
        rows.append((person.pk, Kind.RESUBMITTED, resubmitted, "p"))
        for change in PublicTextChange.objects.filter(decided_at=None):
            period = f"p{change.proposed_at.timestamp()}"
            rows.append((person.pk, Kind.PUBLIC_TEXT_REVIEW, change, period))
        for name in ("high", "middle", "district_wide", "other_committee"):
            rows.append((person.pk, Kind.SEAT_ATTENTION, getattr(cast, name), "p"))
        for procedure in cast.procedures.values():
            due = procedure.next_review_on.isoformat()
            rows.append((person.pk, Kind.PROCEDURE_REVIEW, procedure, due))
        for assessments in cast.assessments.values():
            for assessment in assessments.values():
                rows.append((person.pk, Kind.ASSESSMENT_FINDINGS, assessment, "completed"))
        rows.append((person.pk, Kind.DIGEST, person, "p"))
        # About one's own account only: a row about someone else's is skipped.
        rows += [(person.pk, kind, person, "p") for kind in ACCOUNT_KINDS]
        rows += [(person.pk, kind, cast.district_admin, "other") for kind in ACCOUNT_KINDS]
        rows += [(person.pk, kind, c, period) for kind, c, period in drill_periods]
        rows += [(person.pk, Kind.INCIDENT_REPORTED, i, "new") for i in cast.incidents.values()]
        rows += [(person.pk, Kind.CONCERN_RECEIVED, c, "new") for c in cast.concerns.values()]
        rows += [(person.pk, Kind.ACCESS_GRANTED, g, "p") for g in grants]
        rows.append((person.pk, Kind.SEAT_PROPOSAL, proposal, "p"))
        rows += [(person.pk, kind, subject, period) for kind, subject, period in minutes_rows]
    rows += _duty_rows(cast, people, today)
    outbox.write(rows)
    outbox.sweep(limit=100_000)
    assert not Notification.objects.filter(status=Notification.Status.PENDING).exists()
    assert not Notification.objects.filter(status=Notification.Status.FAILED).exists()
    return owners


def minutes_due(meeting):
    rules = MeetingRules.for_district(meeting.committee.district)
    return deadlines.minutes_due(
        meeting.starts_at, rules.draft_minutes_days, meeting.committee.district.time_zone
    )


def test_no_canary_reaches_anyone_who_may_not_see_it_in_any_message(cast):
    owners = _send_everything(cast)
    seen = set()
    for message in mail.outbox:
        role = _role_of(cast, message)
        text = everything(message)
        for canary, (committee_name, level) in cast.canaries.items():
            if canary not in text:
                continue
            seen.add((role, canary))
            # Restricted records are never described, to anyone.
            assert level != Level.RESTRICTED, f"{canary} in an e-mail to {role}"
            own = owners.get(canary) == role and (committee_name == "other_committee") == (
                role == "other_admin"
            )
            assert own or may_see(role, committee_name, level), f"{canary} leaked to {role}"
    # Not vacuous: every kind went out, and members read what they may.
    sent = Notification.objects.filter(status=Notification.Status.SENT)
    assert set(sent.values_list("kind", flat=True)) == PEOPLE_KINDS
    assert ("parent", "CANARY-AGENDA-COMMITTEE-FUTURE1-high-7f3a") in seen
    assert ("parent", "CANARY-MEETING-PLACE-MOVED-high-7f3a") in seen
    assert ("stranger", "CANARY-COPY-COMMITTEE-middle-stranger-7f3a") in seen
    assert ("other_admin", "CANARY-COMMITTEE-other_committee-7f3a") in seen
    # The people who may see restricted records heard that something needs attention.
    attention = [m for m in mail.outbox if "needs your attention" in m.subject]
    assert {_role_of(cast, m) for m in attention} >= {"cleared_staff", "chair", "principal"}
    # Grants went to the district's safety administrators only; proposals to those who
    # may confirm them.
    granted = sent.filter(kind=Kind.ACCESS_GRANTED)
    assert set(granted.values_list("recipient__username", flat=True)) == {"district.admin"}
    # An executive session's minutes due for release review: to its cleared publishers.
    reviewers = sent.filter(kind=Kind.MINUTES_RELEASE_REVIEW)
    assert set(reviewers.values_list("recipient__username", flat=True)) == {
        cast.people[role].username for role in ROLES if role in _RELEASE_REVIEWERS
    }
    proposed = sent.filter(kind=Kind.SEAT_PROPOSAL)
    assert set(proposed.values_list("recipient__username", flat=True)) == {
        "district.admin",
        "principal.high",
    }

    # Every message: both parts, the district's name, a link to the person's settings.
    settings_link = settings.SITE_URL + reverse("notifications:settings")
    for message in mail.outbox:
        role = _role_of(cast, message)
        district = cast.people[role].district
        [(html, mimetype)] = message.alternatives
        assert mimetype == "text/html"
        assert html.lstrip().startswith("<!DOCTYPE html>")
        assert message.body and "<p>" not in message.body
        assert message.subject.startswith(f"[{district.name}] ")
        assert district.name in message.body and district.name in html
        assert settings_link in message.body
        assert f'href="{settings_link}"' in html


# Form and language


def test_a_message_has_both_parts_the_districts_name_and_a_settings_link(cast):
    item = ActionItemFactory(committee=cast.high, title="Order two-way radios")
    followup_services.action_item_assign(item=item, assignee=cast.staff, by=cast.chair)
    outbox.sweep()
    [message] = mail_to(cast.staff)
    [(html, _mimetype)] = message.alternatives
    link = settings.SITE_URL + reverse("followups:action_item", args=[item.pk])
    settings_link = settings.SITE_URL + reverse("notifications:settings")
    assert message.subject == "[Westport Public Schools] Assigned to you: Order two-way radios"
    assert message.body.startswith(f"Hello {cast.staff.display_name},")
    for part in (message.body, html):
        assert "Order two-way radios" in part
        assert link in part and settings_link in part
        assert "Westport Public Schools" in part
        assert "call 911" in part
    assert message.to == [f"{cast.staff.display_name} <{cast.staff.email}>"]


SPANISH = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.mo"
PORTUGUESE = Path(settings.BASE_DIR) / "locale" / "pt" / "LC_MESSAGES" / "django.mo"


@pytest.mark.skipif(not SPANISH.exists(), reason="no Spanish translation compiled yet")
def test_a_message_is_in_spanish_for_a_person_who_reads_spanish(cast):
    outbox.preferences_save(user=cast.parent, modes={}, language="es")
    meeting = _future_meeting(cast, "high", 1)
    Notification.objects.all().delete()
    scans.scan(now=datetime.datetime.now(UTC))
    outbox.sweep()
    [message] = [m for m in mail_to(cast.parent) if meeting.title in m.subject]
    [(html, _mimetype)] = message.alternatives
    assert message.body.startswith("Hola")
    assert "Hola" in html and '<html lang="es">' in html
    assert message.subject.startswith("[Westport Public Schools] Mañana: ")
    assert "Elija qué mensajes recibe" in message.body
    assert settings.SITE_URL + reverse("notifications:settings") in message.body
    # The others, in the site's language.
    [to_staff] = [m for m in mail_to(cast.staff) if meeting.title in m.subject]
    assert to_staff.body.startswith("Hello")


@pytest.mark.skipif(not PORTUGUESE.exists(), reason="no Portuguese translation compiled yet")
def test_a_message_is_in_portuguese_for_a_person_who_reads_portuguese(cast):
    outbox.preferences_save(user=cast.staff, modes={}, language="pt")
    item = ActionItemFactory(committee=cast.high, title="Rádios")
    followup_services.action_item_assign(item=item, assignee=cast.staff, by=cast.chair)
    outbox.sweep()
    [message] = mail_to(cast.staff)
    assert message.body.startswith("Olá")
    assert "Atribuída a você: Rádios" in message.subject


# The gate, asked again at sending time


def _notices(cast, roles, meeting):
    outbox.write(
        [(cast.people[r].pk, Kind.MEETING_SCHEDULED, meeting, "p") for r in roles]
        + [(cast.people[r].pk, Kind.MEETING_REMINDER, meeting, "2026-10-14") for r in roles]
    )


def _rows(person):
    return set(Notification.objects.filter(recipient=person).values_list("status", "reason"))


SKIPPED = Notification.Status.SKIPPED


def test_a_member_removed_after_the_row_was_written_gets_nothing(cast):
    _notices(cast, ["staff", "parent"], cast.meetings["high"])
    seat = Membership.objects.get(committee=cast.high, user=cast.staff)
    services.membership_end(membership=seat, by=cast.chair)
    outbox.sweep()
    assert mail_to(cast.staff) == []
    assert _rows(cast.staff) == {(SKIPPED, "the person may no longer see the record")}
    assert len(mail_to(cast.parent)) == 2  # still a member


def test_a_member_whose_term_ended_gets_nothing(cast):
    _notices(cast, ["staff"], cast.meetings["high"])
    yesterday = access.district_today(cast.district) - DAY
    Membership.objects.filter(committee=cast.high, user=cast.staff).update(
        term_start=datetime.date(2026, 9, 1), term_end=yesterday
    )
    outbox.sweep()
    assert mail_to(cast.staff) == []
    assert _rows(cast.staff) == {(SKIPPED, "the person may no longer see the record")}


def test_a_deactivated_person_gets_nothing(cast):
    _notices(cast, ["staff"], cast.meetings["high"])
    item = ActionItemFactory(committee=cast.high)
    followup_services.action_item_assign(item=item, assignee=cast.staff, by=cast.chair)
    cast.staff.is_active = False
    cast.staff.save(update_fields=["is_active"])
    outbox.sweep()
    assert mail_to(cast.staff) == []
    assert _rows(cast.staff) == {(SKIPPED, "the person can no longer sign in")}


def test_a_chair_who_stepped_down_hears_nothing_of_escalations_or_reviews(cast):
    item = cast.items[("high", Level.COMMITTEE)]
    ActionItem.objects.filter(pk=item.pk).update(due_date=datetime.date(2026, 10, 1))
    outbox.write(
        [
            (cast.chair.pk, Kind.ITEM_ESCALATED, item, "2026-10-01"),
            (cast.chair.pk, Kind.SUMMARY_REVIEW, cast.meetings["high"].summary, "p"),
            (cast.chair.pk, Kind.SEAT_ATTENTION, cast.high, "p"),
        ]
    )
    seat = Membership.objects.get(committee=cast.high, user=cast.chair)
    services.membership_end(membership=seat, by=cast.principal)
    outbox.sweep()
    assert mail_to(cast.chair) == []
    assert _rows(cast.chair) == {
        (SKIPPED, "the person no longer assigns this committee's items"),
        (SKIPPED, "the person may no longer publish"),
        (SKIPPED, "the person no longer manages this committee's seats"),
    }


def test_a_meeting_made_restricted_since_is_told_to_the_cleared_only_and_not_described(cast):
    meeting = _future_meeting(cast, "high", 1, days=5)
    Notification.objects.all().delete()
    _notices(cast, ["parent", "cleared_staff"], meeting)
    Notification.objects.filter(kind=Kind.MEETING_REMINDER).delete()
    meeting_services.meeting_change(meeting=meeting, visibility=Level.RESTRICTED, by=cast.chair)
    Notification.objects.filter(kind=Kind.MEETING_CHANGED).delete()
    outbox.sweep()
    assert mail_to(cast.parent) == []
    assert _rows(cast.parent) == {(SKIPPED, "the person may no longer see the record")}
    [message] = mail_to(cast.cleared_staff)
    assert "needs your attention" in message.subject
    assert "CANARY" not in everything(message)


def test_a_record_deleted_since_is_skipped(cast):
    item = ActionItemFactory(committee=cast.high)
    followup_services.action_item_assign(item=item, assignee=cast.staff, by=cast.chair)
    item.delete()
    outbox.sweep()
    assert _rows(cast.staff) == {(SKIPPED, "the record no longer exists")}


# Retries


def _failing_row(cast, settings_):
    settings_.EMAIL_BACKEND = REFUSING
    item = ActionItemFactory(committee=cast.high, title="Order radios")
    followup_services.action_item_assign(item=item, assignee=cast.staff, by=cast.chair)
    return Notification.objects.get(recipient=cast.staff)


def test_a_mail_server_error_is_retried_with_backoff_then_marked_failed(cast, clock, settings):
    row = _failing_row(cast, settings)
    clock.set(datetime.datetime.now(UTC))
    for attempt in range(1, outbox.MAX_ATTEMPTS):
        assert outbox.sweep() == 1
        row.refresh_from_db()
        assert row.status == Notification.Status.PENDING
        assert row.attempts == attempt
        assert row.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
        wait = datetime.timedelta(seconds=outbox.BACKOFF[attempt - 1])
        assert row.next_attempt_at == clock.now + wait
        assert outbox.sweep() == 0  # not before its time
        clock.set(clock.now + wait - datetime.timedelta(seconds=1))
        assert outbox.sweep() == 0
        clock.set(clock.now + datetime.timedelta(seconds=1))
    assert outbox.sweep() == 1
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    assert row.attempts == outbox.MAX_ATTEMPTS
    clock.set(clock.now + 10 * DAY)
    assert outbox.sweep() == 0  # failed rows wait for a person
    assert mail.outbox == []


def test_district_admins_see_failed_rows_and_send_them_again(
    cast, login, settings, django_capture_on_commit_callbacks
):
    row = _failing_row(cast, settings)
    Notification.objects.filter(pk=row.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)
    outbox.sweep()
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    changelist = reverse("admin:notifications_notification_changelist")
    change = reverse("admin:notifications_notification_change", args=[row.pk])

    client = login(cast.district_admin)
    page = client.get(changelist, {"status__exact": "failed"}).content.decode()
    assert change in page
    page = client.get(change).content.decode()
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in page
    assert "Order radios" not in page  # the row names its record by type and id only

    other = login(cast.other_admin)
    assert change not in other.get(changelist, {"status__exact": "failed"}).content.decode()
    assert other.get(change).status_code in (302, 404)
    other.post(changelist, {"action": "send_again", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED  # not theirs to send
    assert login(cast.principal).get(changelist).status_code == 302  # to the admin's login

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = login(cast.district_admin)
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(changelist, {"action": "send_again", "_selected_action": [row.pk]})
    assert len(callbacks) == 1  # a worker is asked to deliver it
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.PENDING, 0)
    assert outbox.sweep() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.SENT, 1)
    [message] = mail_to(cast.staff)
    assert "Order radios" in message.subject


def test_an_item_held_by_a_restricted_section_is_not_described(cast):
    # Written around the services, as data from before the chain rule would be: its
    # own level is committee, the executive session's section that holds it restricted.
    section = cast.executive.sections.get(visibility=Level.RESTRICTED)
    item = ActionItemFactory(
        committee=cast.high,
        minutes_section=section,
        visibility=Level.COMMITTEE,
        title="CANARY-HELD-BY-EXECUTIVE-7f3a",
    )
    followup_services.action_item_assign(item=item, assignee=cast.chair, by=cast.principal)
    outbox.sweep()
    [message] = mail_to(cast.chair)
    assert "needs your attention" in message.subject
    assert "CANARY" not in everything(message)
