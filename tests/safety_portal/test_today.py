"""The Today page (issue 18): where everyone lands after signing in, what needs them now,
each a link, through the gate and at a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees import access
from committees import services as committee_services
from committees.models import Category, Committee, Level, Position, RepresentationRule
from compliance import services as compliance_services
from compliance.models import Duty
from followups.models import ActionItem
from incidents import drills
from incidents import services as incident_services
from meetings import services as meeting_services
from procedures.models import Procedure
from publishing import services as publishing_services
from safety_portal import today
from safety_portal.school_calendar import school_year_days, school_year_of
from safety_portal.today import SHOWN
from tests.factories import ActionItemFactory, DistrictFactory, UserFactory
from tests.helpers import page_queries
from tests.safety_portal.workload import committees_at_work

pytestmark = pytest.mark.django_db


def _today(client) -> str:
    response = client.get(reverse("today"))
    assert response.status_code == 200
    return response.content.decode()


def test_signing_in_lands_on_today(client, cast):
    cast.parent.set_password("correct horse 42")
    cast.parent.save()
    response = client.post(
        reverse("login"), {"username": cast.parent.username, "password": "correct horse 42"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("today")
    assert "<h1>Today</h1>" in client.get(response["Location"]).content.decode()


def test_my_items_due_within_a_week_or_late_each_a_link(cast, login):
    today = access.scope_for(cast.parent).today
    soon = ActionItemFactory(
        committee=cast.high,
        assignee=cast.parent,
        title="Walk the bus loop with the crossing guard",
        due_date=today + datetime.timedelta(days=3),
    )
    late = ActionItemFactory(
        committee=cast.high,
        assignee=cast.parent,
        title="Collect the family survey forms",
        due_date=today - datetime.timedelta(days=2),
    )
    ActionItemFactory(
        committee=cast.high,
        assignee=cast.parent,
        title="Plan the spring open house",
        due_date=today + datetime.timedelta(days=40),
    )
    ActionItemFactory(
        committee=cast.high,
        assignee=cast.parent,
        title="Hand out the visitor badges",
        due_date=today,
        status=ActionItem.Status.DONE,
    )
    # Theirs, due soon, but restricted: a parent is never told of it (C.G.S. 10-222m).
    ActionItemFactory(
        committee=cast.high,
        assignee=cast.parent,
        title="CANARY-TODAY-RESTRICTED-ITEM",
        due_date=today + datetime.timedelta(days=1),
        visibility=Level.RESTRICTED,
    )
    body = _today(login(cast.parent))
    assert "My action items due soon" in body
    assert reverse("followups:action_item", args=[soon.pk]) in body
    assert reverse("followups:action_item", args=[late.pk]) in body
    assert "overdue since" in body
    # Late first, then soon.
    assert body.index("Collect the family survey forms") < body.index("Walk the bus loop")
    assert "Plan the spring open house" not in body
    assert "Hand out the visitor badges" not in body
    assert "CANARY-TODAY-RESTRICTED-ITEM" not in body


def test_minutes_submitted_wait_for_the_chair_not_for_their_submitter(cast, login):
    meeting = cast.meetings["high"]
    meeting_services.minutes_section_edit(
        section=meeting.sections.get(visibility=Level.COMMITTEE),
        heading="Discussion",
        body="Reworded after the meeting.",
        visibility=Level.COMMITTEE,
        by=None,
    )
    link = reverse("meetings:meeting", args=[meeting.pk]) + "#minutes"
    assert link not in _today(login(cast.chair))  # a draft: nobody approves it yet
    meeting_services.minutes_submit(meeting=meeting, by=cast.secretary)
    body = _today(login(cast.chair))
    assert "Minutes to approve" in body and link in body
    assert link not in _today(login(cast.secretary))  # who submitted them
    assert link not in _today(login(cast.parent))
    meeting_services.minutes_approve(meeting=meeting, by=cast.chair)
    assert link not in _today(login(cast.chair))


def test_a_district_administrator_approves_minutes_only_from_a_seat(cast, login):
    """Approving is a chair's (a secretary's, where the committee votes): a district
    administrator who sits on no committee has none to approve, and Today reads nothing
    for it; given a co-chair's seat, they are shown that committee's submitted minutes."""
    meeting = cast.meetings["high"]
    meeting_services.minutes_submit(meeting=meeting, by=cast.secretary)
    link = reverse("meetings:meeting", args=[meeting.pk]) + "#minutes"
    admin = cast.people["district_admin"]
    assert link not in _today(login(admin))
    access.scope_for(admin)
    with CaptureQueriesContext(connection) as queries:
        section = today._minutes(admin)
    assert section.lines == [] and len(queries) == 0

    committee_services.membership_add(
        committee=cast.high,
        user=admin,
        category=Category.ADMINISTRATOR,
        position=Position.CO_CHAIR,
        term_start=datetime.date(2026, 9, 1),
    )
    body = _today(login(admin))
    assert "Minutes to approve" in body and link in body


def test_a_public_summary_waits_for_a_second_person(cast, login):
    meeting = cast.meetings["high"]
    meeting_services.summary_save(
        meeting=meeting, text="The committee reviewed the bus loop.", by=cast.chair
    )
    link = reverse("meetings:summary_edit", args=[meeting.pk])
    assert link in _today(login(cast.principal))
    assert link not in _today(login(cast.chair))  # its author publishes nothing of their own
    assert link not in _today(login(cast.parent))


def test_a_public_update_waits_for_a_second_person(cast, login):
    update, _ = publishing_services.update_save(
        committee=cast.high,
        title="New visitor check-in at the front office",
        body="Visitors now sign in at the front office.",
        by=cast.chair,
    )
    link = reverse("publishing:update", args=[update.pk])
    assert link in _today(login(cast.principal))
    assert link not in _today(login(cast.chair))
    assert link not in _today(login(cast.staff))


def test_incidents_and_concerns_to_triage_for_those_who_see_them(cast, login):
    queue = reverse("incidents:queue", args=[cast.high.pk])
    body = _today(login(cast.chair))
    assert "Incidents and concerns to triage" in body
    assert queue in body
    assert queue not in _today(login(cast.parent))


def test_seats_to_fill_for_who_keeps_the_roster(cast, login):
    RepresentationRule.objects.create(
        district=cast.district, category=Category.COMMUNITY, minimum=2
    )
    anchor = reverse("committees:detail", args=[cast.high.pk]) + "#representation"
    body = _today(login(cast.chair))
    assert "Seats to fill" in body
    assert anchor in body
    assert "2 seats empty" in body
    assert anchor not in _today(login(cast.parent))


def test_a_district_administrator_is_shown_each_schools_seats_to_fill(cast, login):
    """Their seats come with the schools ranked as the district overview ranks them, each
    school's own."""
    RepresentationRule.objects.create(
        district=cast.district, category=Category.COMMUNITY, minimum=2
    )
    committee_services.membership_add(
        committee=cast.middle,
        user=UserFactory(district=cast.district),
        category=Category.COMMUNITY,
        term_start=datetime.date(2026, 9, 1),
    )
    page = _today(login(cast.district_admin))
    seats = page.split("Seats to fill", 1)[1].split("</section>", 1)[0]
    for committee, empty in ((cast.high, "2 seats empty"), (cast.middle, "1 seat empty")):
        anchor = reverse("committees:detail", args=[committee.pk]) + "#representation"
        line = seats.split(anchor, 1)[1].split("</li>", 1)[0]
        assert empty in line, committee


def test_a_duty_i_own_falls_due(cast, login):
    duty = Duty.objects.filter(committee=cast.high, status="open").first()
    today = access.scope_for(cast.staff).today
    compliance_services.duty_assign(duty=duty, owner=cast.staff, by=None)
    compliance_services.duty_reschedule(
        duty=duty, due_on=today - datetime.timedelta(days=1), by=None
    )
    body = _today(login(cast.staff))
    assert reverse("compliance:duty", args=[duty.pk]) in body
    assert "overdue since" in body
    assert reverse("compliance:duty", args=[duty.pk]) not in _today(login(cast.parent))


def test_a_procedure_i_own_falls_due_for_review(cast, login):
    today = access.scope_for(cast.chair).today
    due = Procedure.objects.get(committee=cast.high, owner=cast.chair)
    # Reviewed yearly, last eleven months and a fortnight ago: due within the month.
    due.last_reviewed_on = today - datetime.timedelta(days=350)
    due.save(update_fields=["last_reviewed_on"])
    later = Procedure.objects.create(
        committee=cast.high,
        kind=Procedure.Kind.EVACUATION,
        title="Evacuation procedure, reviewed in the spring",
        owner=cast.chair,
        last_reviewed_on=today - datetime.timedelta(days=150),
    )
    # Owned by a parent (a seat changed hands), overdue: procedures are restricted, and
    # a parent is never told of one.
    Procedure.objects.create(
        committee=cast.high,
        kind=Procedure.Kind.OTHER,
        title="CANARY-TODAY-PROCEDURE",
        owner=cast.parent,
        last_reviewed_on=today - datetime.timedelta(days=400),
    )
    body = _today(login(cast.chair))
    assert f"Review: {due.title}" in body
    assert reverse("procedures:procedure", args=[due.pk]) in body
    assert reverse("procedures:procedure", args=[later.pk]) not in body
    assert "CANARY-TODAY-PROCEDURE" not in _today(login(cast.parent))


def test_a_district_administrator_sees_the_schools_that_need_attention_first(cast, login):
    today = access.scope_for(cast.district_admin).today
    for n in range(3):
        ActionItemFactory(
            committee=cast.middle,
            title=f"Fix the gym door {n}",
            due_date=today - datetime.timedelta(days=5),
        )
    body = _today(login(cast.district_admin))
    assert "Schools that need attention first" in body
    assert reverse("committees:detail", args=[cast.middle.pk]) in body
    assert "Schools that need attention first" not in _today(login(cast.chair))


def test_someone_with_nothing_to_do_is_told_so(cast, login):
    body = _today(login(cast.outsider))
    assert "Nothing needs you right now." in body


def test_today_costs_the_same_for_3_and_60_committees(client):
    district = DistrictFactory()
    RepresentationRule.objects.create(district=district, category=Category.FAMILY)
    person = UserFactory(district=district, is_district_admin=True)
    client.force_login(person)
    url = reverse("today")
    committees_at_work(district, person, 0, 3)
    few = page_queries(client, url)
    committees_at_work(district, person, 3, 60)
    many = page_queries(client, url)
    assert many == few
    # The district's meeting rules are read once: for the schools' ranking (late minutes)
    # and for the minutes overdue.
    with CaptureQueriesContext(connection) as captured:
        body = client.get(url).content.decode()
    rules = [q for q in captured.captured_queries if 'FROM "meetings_meetingrules"' in q["sql"]]
    assert len(rules) == 1
    assert "More are waiting" in body  # more items than are shown
    assert body.count("<li") < 200


def _section(body: str, title: str) -> str:
    return body.split(f">{title}</h2>", 1)[1].split("</section>", 1)[0]


def test_a_district_administrators_schools_are_cut_the_largest_counts_first(client):
    """Every school with an open incident, a drill owed or an empty seat is a line of its
    own: past ``SHOWN`` of them Today shows the largest counts and leads to where every
    school's are ("My committees", the drills' overview)."""
    district = DistrictFactory()
    RepresentationRule.objects.create(district=district, category=Category.FAMILY, minimum=2)
    person = UserFactory(district=district, is_district_admin=True)
    committees_at_work(district, person, 0, SHOWN + 2)
    worst = Committee.objects.select_related("building").get(district=district, name="Committee 5")
    # Every school but the worst has one family member of the two required.
    since = access.scope_for(person).today - datetime.timedelta(days=30)
    for committee in Committee.objects.filter(district=district).exclude(pk=worst.pk):
        committee_services.membership_add(
            committee=committee,
            user=UserFactory(district=district),
            category=Category.FAMILY,
            term_start=since,
        )
    for room in ("Gym", "Cafeteria"):
        incident_services.incident_report(
            building=worst.building,
            occurred_at=timezone.now(),
            area=room,
            kind="facility_hazard",
            severity="low",
            description=f"A loose ceiling tile in the {room}",
            by=person,
        )
    # A school calendar, every school's drills still to hold: due or missed at each.
    year = school_year_of(access.scope_for(person).today)
    first_day, next_first = school_year_days(year)
    drills.school_year_set(
        district=district,
        year=year,
        first_day=first_day,
        last_day=next_first - datetime.timedelta(days=1),
        by=person,
    )
    client.force_login(person)
    body = _today(client)
    mine = f'href="{reverse("portal:mine")}"'
    triage = _section(body, "Incidents and concerns to triage")
    assert triage.count("<li") == SHOWN
    first = triage.split("<li", 2)[1]
    assert reverse("incidents:queue", args=[worst.pk]) in first
    assert "3 open incidents" in first
    assert "More are waiting" in triage and mine in triage
    school_drills = _section(body, "Drills")
    assert school_drills.count("<li") == SHOWN
    assert f'href="{reverse("incidents:drill_overview")}"' in school_drills
    seats = _section(body, "Seats to fill")
    assert seats.count("<li") == SHOWN
    first = seats.split("<li", 2)[1]
    assert reverse("committees:detail", args=[worst.pk]) in first
    assert "2 seats empty" in first
    assert "More are waiting" in seats and mine in seats
    # Each school is on "My committees" with its count.
    cards = client.get(reverse("portal:mine") + "?page=1").content.decode()
    assert reverse("incidents:queue", args=[worst.pk]) in cards


def test_a_chair_without_clearance_is_not_told_an_executive_sessions_title(cast, login):
    """A co-chair need not be cleared: a draft summary of a restricted executive session
    is not on their Today, whose line would name the meeting."""
    co_chair = UserFactory(district=cast.district, first_name="Rosa", last_name="Alves")
    committee_services.membership_add(
        committee=cast.high,
        user=co_chair,
        category=Category.FAMILY,
        position=Position.CO_CHAIR,
        restricted_clearance=False,
    )
    executive = cast.executive
    summary = executive.summary
    summary.published_at = None
    summary.written_by = cast.secretary
    summary.save(update_fields=["published_at", "written_by"])
    link = reverse("meetings:summary_edit", args=[executive.pk])
    assert link in _today(login(cast.chair))  # cleared: theirs to review
    body = _today(login(co_chair))
    assert link not in body
    assert executive.title not in body


def test_late_draft_minutes_show_to_those_who_record_the_meetings(cast, login):
    """Draft minutes not submitted a week (Connecticut's default) after the meeting: on
    the Today of its chair and secretary, never of a member; not once submitted."""
    late = meeting_services.meeting_schedule(
        committee=cast.high,
        title="Bus loop walkthrough",
        starts_at=timezone.now() - datetime.timedelta(days=9),
        location="Library",
        by=None,
    )
    meeting_services.meeting_schedule(
        committee=cast.high,
        title="Radio check",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        location="Library",
        by=None,
    )
    link = f'href="{reverse("meetings:meeting", args=[late.pk])}"'
    for role in ("chair", "secretary"):
        body = _today(login(cast.people[role]))
        assert "Minutes overdue" in body and link in body, role
        assert "draft minutes overdue" in body
        assert "Radio check" not in body
    assert "Bus loop walkthrough" not in _today(login(cast.parent))
    meeting_services.minutes_section_add(meeting=late, heading="Loop", body="Fine.", by=None)
    meeting_services.minutes_submit(meeting=late, by=cast.secretary)
    assert link not in _today(login(cast.secretary))


def test_an_uncleared_co_chair_is_not_told_of_an_executive_sessions_late_minutes(cast, login):
    co_chair = UserFactory(district=cast.district, first_name="Rosa", last_name="Alves")
    committee_services.membership_add(
        committee=cast.high,
        user=co_chair,
        category=Category.FAMILY,
        position=Position.CO_CHAIR,
        restricted_clearance=False,
    )
    executive = cast.executive
    assert executive.minutes_submitted_at is None  # its draft minutes are late
    link = f'href="{reverse("meetings:meeting", args=[executive.pk])}"'
    chair = _today(login(cast.chair))
    assert "Minutes overdue" in chair and link in chair  # cleared
    body = _today(login(co_chair))
    assert "Minutes overdue" in body  # the high school's other late minutes
    assert link not in body and executive.title not in body
