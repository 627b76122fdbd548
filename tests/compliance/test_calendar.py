"""The compliance calendar: state profiles, the cycle across school years and time zones,
completion and the next duty, reminders once per period, escalation, the missed state,
the three-year rule, and what a district may adjust."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.formats import date_format

from committees import services as committee_services
from committees.models import Level
from compliance import profiles, services
from compliance.models import Duty, DutyKind, DutyReceipt, DutyRule, DutyStatus
from compliance.selectors import status_of
from notifications import scans
from notifications.models import Kind, Notification
from tests.factories import BuildingFactory, DistrictFactory, UserFactory
from tests.notifications.clock import UTC, Clock, at, everything, mail_to

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


def _fresh(cast, today: datetime.date):
    """The cast's calendars begun again on ``today`` (the cast was seeded on the real one)."""
    Notification.objects.all().delete()
    DutyReceipt.objects.all().delete()
    Duty.objects.all().delete()
    for district in (cast.district, cast.other_district):
        services.duties_plan(district=district, today=today)


def _open(committee, kind) -> Duty:
    return Duty.objects.get(committee=committee, kind=kind, status=DutyStatus.OPEN)


def _rows(kind, **filters):
    return Notification.objects.filter(kind=kind, **filters)


# --- profiles --------------------------------------------------------------------------


def test_connecticut_and_massachusetts_profiles_give_each_school_its_duties(cast):
    ct = {r.kind: r for r in DutyRule.objects.filter(district=cast.district, enabled=True)}
    assert set(ct) == {DutyKind.ASSESSMENT, DutyKind.PLAN_REVIEW, DutyKind.DRILL_REPORT}
    assert ct[DutyKind.ASSESSMENT].every_months == 24
    assert ct[DutyKind.PLAN_REVIEW].every_months == 12
    assert ct[DutyKind.PLAN_REVIEW].citation == "C.G.S. 10-222m"
    ma = {r.kind: r for r in DutyRule.objects.filter(district=cast.other_district, enabled=True)}
    assert set(ma) == {DutyKind.EVACUATION_REVIEW, DutyKind.MEDICAL_PLAN, DutyKind.ASSESSMENT}
    medical = ma[DutyKind.MEDICAL_PLAN]
    assert (medical.every_months, medical.due_month, medical.due_day) == (36, 9, 1)
    assert set(ma[DutyKind.EVACUATION_REVIEW].review_with) == {"police_chief", "fire_chief"}
    # One open duty of each rule per school; none for the district-wide committee.
    for committee in (cast.high, cast.middle):
        kinds = Duty.objects.filter(committee=committee, status="open").values_list("kind")
        assert sorted(k for (k,) in kinds) == sorted(ct)
    assert not Duty.objects.filter(committee=cast.district_wide).exists()


def test_a_district_that_never_chose_follows_connecticut_from_the_next_scan(cast, clock):
    """Connecticut is the default: a new district's schools get its duties without anyone
    choosing it, and its settings page shows it chosen."""
    valley = DistrictFactory(name="Valley Schools", slug="valley", time_zone="America/New_York")
    school = BuildingFactory(district=valley, name="Valley High School", slug="valley-high")
    committee = committee_services.committee_create(
        district=valley, name="Valley High", building=school
    )
    assert not Duty.objects.filter(committee=committee).exists()
    clock.set(at(datetime.date(2026, 12, 3), 9))
    scans.scan(now=clock.now, district_ids=[valley.pk])
    assert services.profile_of(valley) == "CT"
    assert valley.compliance_profile.profile == "CT"
    kinds = set(Duty.objects.filter(committee=committee, status="open").values_list("kind"))
    assert kinds == {(DutyKind.ASSESSMENT,), (DutyKind.PLAN_REVIEW,), (DutyKind.DRILL_REPORT,)}
    assessment = Duty.objects.get(committee=committee, kind=DutyKind.ASSESSMENT)
    assert (assessment.rule.every_months, assessment.due_on) == (24, datetime.date(2027, 6, 30))
    # Once chosen, a second scan changes nothing, and another profile is the district's.
    scans.scan(now=clock.now, district_ids=[valley.pk])
    assert Duty.objects.filter(committee=committee).count() == 3
    services.profile_set(district=valley, profile="MA", by=None)
    scans.scan(now=clock.now, district_ids=[valley.pk])
    assert services.profile_of(valley) == "MA"


def test_switching_profile_keeps_the_record_and_the_districts_own_duties(cast):
    own = services.duty_rule_add(
        district=cast.district,
        title="Bus evacuation drill log to the transportation office",
        every_months=6,
        due_month=1,
        due_day=15,
        by=cast.district_admin,
    )
    done = cast.duties["high"]["done"]
    services.profile_set(district=cast.district, profile="MA", by=cast.district_admin)
    kept = set(
        DutyRule.objects.filter(district=cast.district, enabled=True).values_list("kind", flat=True)
    )
    assert kept == {"evacuation_review", "medical_plan", "assessment", "other"}
    assert DutyRule.objects.get(pk=own.pk).enabled
    assert Duty.objects.get(pk=done.pk).status == DutyStatus.DONE  # on record still
    # The disabled plan review's open duty leaves the calendar page.
    response = _page(cast, "chair", "compliance:calendar", cast.high.pk)
    assert (
        "yearly review, filed with the state" not in response.content.decode().split("On record")[0]
    )


def test_only_the_districts_administrator_keeps_its_rules(cast):
    rule = DutyRule.objects.get(district=cast.district, kind=DutyKind.PLAN_REVIEW)
    for person in (cast.chair, cast.principal, cast.other_admin):
        with pytest.raises(PermissionDenied):
            services.duty_rule_update(
                rule=rule, every_months=6, due_month=1, due_day=1, enabled=True, by=person
            )
        with pytest.raises(PermissionDenied):
            services.profile_set(district=cast.district, profile="MA", by=person)
    with pytest.raises(ValidationError) as refused:
        services.duty_rule_update(
            rule=rule,
            every_months=12,
            due_month=2,
            due_day=30,
            enabled=True,
            by=cast.district_admin,
        )
    assert "not in that month" in str(refused.value)
    rule.refresh_from_db()
    assert (rule.due_month, rule.due_day) == (10, 1)  # nothing half-saved


def test_a_district_adjusts_cadence_and_the_next_duty_follows(cast):
    rule = DutyRule.objects.get(district=cast.district, kind=DutyKind.ASSESSMENT)
    services.duty_rule_update(
        rule=rule, every_months=36, due_month=5, due_day=15, enabled=True, by=cast.district_admin
    )
    duty = _open(cast.middle, DutyKind.ASSESSMENT)
    services.duty_complete(duty=duty, by=cast.district_admin)
    following = _open(cast.middle, DutyKind.ASSESSMENT)
    assert following.due_on.year == duty.due_on.year + 3
    assert (following.due_on.month, following.due_on.day) == (5, 15)


def test_a_disabled_duty_leaves_reminders_and_a_district_duty_reaches_every_school(cast, clock):
    clock.set(at(datetime.date(2027, 9, 20), 9))
    _fresh(cast, datetime.date(2027, 9, 1))
    rule = DutyRule.objects.get(district=cast.district, kind=DutyKind.PLAN_REVIEW)
    services.duty_rule_update(
        rule=rule, every_months=12, due_month=10, due_day=1, enabled=False, by=cast.district_admin
    )
    for duty in Duty.objects.filter(committee__district=cast.district):
        services.duty_assign(duty=duty, owner=cast.chair, by=None)
    scans.scan(now=clock.now, district_ids=[cast.district.pk])
    assert not _rows(Kind.DUTY_DUE, subject_id=_open(cast.high, DutyKind.PLAN_REVIEW).pk).exists()
    services.duty_rule_add(
        district=cast.district,
        title="Visitor log audit",
        every_months=12,
        due_month=10,
        due_day=5,
        by=cast.district_admin,
    )
    assert Duty.objects.filter(title="Visitor log audit").count() == 2  # high and middle


# --- the cycle -------------------------------------------------------------------------


def test_cycle_across_school_years_and_completing_creates_the_next(cast, clock):
    clock.set(at(datetime.date(2026, 12, 3), 10))
    _fresh(cast, datetime.date(2026, 12, 3))
    plan = _open(cast.high, DutyKind.PLAN_REVIEW)
    assert plan.due_on == datetime.date(2027, 10, 1)  # the next October 1st
    report = _open(cast.high, DutyKind.DRILL_REPORT)
    assert report.due_on == datetime.date(2027, 7, 31)  # after the school year ends
    assessment = _open(cast.high, DutyKind.ASSESSMENT)
    assert assessment.due_on == datetime.date(2027, 6, 30)
    services.duty_reviewer_add(duty=plan, role="police_chief", name="Chief Ruiz", by=cast.chair)
    services.duty_assign(duty=plan, owner=cast.secretary, by=cast.chair)

    clock.set(at(datetime.date(2027, 9, 20), 10))
    done = services.duty_complete(duty=plan, by=cast.secretary, note="Filed with DESPP")
    assert (done.status, done.done_on, done.done_by) == (
        "done",
        datetime.date(2027, 9, 20),
        cast.secretary,
    )
    following = _open(cast.high, DutyKind.PLAN_REVIEW)
    assert following.due_on == datetime.date(2028, 10, 1)
    assert following.owner == cast.secretary
    assert [r.name for r in following.reviewers.all()] == ["Chief Ruiz"]
    with pytest.raises(ValidationError):
        services.duty_complete(duty=done, by=cast.secretary)  # once only


def test_a_due_date_moved_by_hand_does_not_shift_the_cycle():
    rule = DutyRule(every_months=12, due_month=9, due_day=1)
    assert profiles.next_due(rule, datetime.date(2026, 9, 1)) == datetime.date(2027, 9, 1)
    assert profiles.next_due(rule, datetime.date(2026, 10, 15)) == datetime.date(2027, 9, 1)
    assert profiles.next_due(rule, datetime.date(2027, 1, 10)) == datetime.date(2027, 9, 1)
    leap = DutyRule(every_months=12, due_month=2, due_day=29)
    assert profiles.next_due(leap, datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)
    assert profiles.first_due(leap, datetime.date(2026, 3, 1)) == datetime.date(2027, 2, 28)


def test_the_three_year_rule_massachusetts_medical_plan_by_september_first(cast, clock):
    clock.set(at(datetime.date(2026, 12, 3), 10))
    _fresh(cast, datetime.date(2026, 12, 3))
    medical = _open(cast.other_committee, DutyKind.MEDICAL_PLAN)
    assert medical.due_on == datetime.date(2027, 9, 1)
    # Submitted early: the next falls due three years on, September 1.
    clock.set(at(datetime.date(2027, 8, 20), 10))
    services.duty_complete(duty=medical, by=cast.other_admin)
    following = _open(cast.other_committee, DutyKind.MEDICAL_PLAN)
    assert following.due_on == datetime.date(2030, 9, 1)
    # Submitted late: the cycle stays on September 1 of every third year.
    clock.set(at(datetime.date(2030, 10, 15), 10))
    services.duty_complete(duty=following, by=cast.other_admin)
    assert _open(cast.other_committee, DutyKind.MEDICAL_PLAN).due_on == datetime.date(2033, 9, 1)
    # The yearly evacuation review beside it: every September 1.
    evacuation = _open(cast.other_committee, DutyKind.EVACUATION_REVIEW)
    assert evacuation.due_on == datetime.date(2027, 9, 1)


def test_due_dates_are_days_of_the_district_in_its_time_zone(cast, clock):
    """At 11 p.m. on September 1 in Boston (3 a.m. UTC on the 2nd) the duty is due
    today, not overdue; in Honolulu's district it is still August 31st there."""
    _fresh(cast, datetime.date(2027, 6, 1))
    evacuation = _open(cast.other_committee, DutyKind.EVACUATION_REVIEW)
    services.duty_assign(duty=evacuation, owner=cast.other_admin, by=None)
    late_evening = datetime.datetime(2027, 9, 2, 3, 0, tzinfo=UTC)
    clock.set(late_evening)
    scans.scan(now=late_evening, district_ids=[cast.other_district.pk])
    assert not _rows(Kind.DUTY_OVERDUE).exists()
    assert _rows(Kind.DUTY_DUE, subject_id=evacuation.pk).exists()
    next_morning = datetime.datetime(2027, 9, 2, 12, 0, tzinfo=UTC)
    clock.set(next_morning)
    scans.scan(now=next_morning, district_ids=[cast.other_district.pk])
    assert _rows(Kind.DUTY_OVERDUE, subject_id=evacuation.pk).count() == 1

    # The same instant is October 2nd in Westport (New York) and still October 1st in
    # Hilo: Westport's plan review is overdue there, Hilo's is due today.
    island = DistrictFactory(name="Hilo Schools", slug="hilo", time_zone="Pacific/Honolulu")
    school = BuildingFactory(district=island, name="Hilo High School", slug="hilo-high")
    committee_services.committee_create(district=island, name="Hilo High", building=school)
    services.profile_set(district=island, profile="CT", by=None, today=datetime.date(2027, 9, 1))
    hilo = Duty.objects.get(committee__district=island, kind=DutyKind.PLAN_REVIEW)
    principal = UserFactory(username="principal.hilo", district=island)
    services.duty_assign(duty=hilo, owner=principal, by=None)
    westport = _open(cast.high, DutyKind.PLAN_REVIEW)
    services.duty_assign(duty=westport, owner=cast.staff, by=None)
    assert hilo.due_on == westport.due_on == datetime.date(2027, 10, 1)
    instant = datetime.datetime(2027, 10, 2, 6, 0, tzinfo=UTC)
    clock.set(instant)
    scans.scan(now=instant, district_ids=[island.pk, cast.district.pk])
    assert _rows(Kind.DUTY_OVERDUE, subject_id=westport.pk).exists()
    assert not _rows(Kind.DUTY_OVERDUE, subject_id=hilo.pk).exists()
    assert _rows(Kind.DUTY_DUE, subject_id=hilo.pk).exists()


# --- reminders, escalation, missed ---------------------------------------------------


def test_reminders_go_once_per_period(cast, clock):
    _fresh(cast, datetime.date(2027, 9, 1))
    plan = _open(cast.high, DutyKind.PLAN_REVIEW)  # due October 1st
    services.duty_assign(duty=plan, owner=cast.staff, by=cast.chair)
    clock.set(at(datetime.date(2027, 8, 20), 9))
    scans.scan(now=clock.now)
    assert not _rows(Kind.DUTY_DUE, subject_id=plan.pk).exists()  # not within 30 days
    for day in (datetime.date(2027, 9, 5), datetime.date(2027, 9, 6), datetime.date(2027, 9, 6)):
        clock.set(at(day, 9))
        scans.scan(now=clock.now)
    due = _rows(Kind.DUTY_DUE, subject_id=plan.pk)
    assert list(due.values_list("recipient", "period")) == [(cast.staff.pk, "2027-10-01")]
    clock.sweep()
    [message] = mail_to(cast.staff)
    text = everything(message)
    assert "yearly review, filed with the state" in text and "Westport High School" in text
    # Done: the next period's duty is a new subject, a year later, and nothing more now.
    services.duty_complete(duty=plan, by=cast.staff, note="CANARY-NOTE-IN-MAIL")
    clock.set(at(datetime.date(2027, 10, 3), 9))
    scans.scan(now=clock.now)
    assert not _rows(Kind.DUTY_OVERDUE).filter(subject_id=plan.pk).exists()
    assert _rows(Kind.DUTY_DUE).count() == 1


def test_overdue_then_escalated_to_the_chair_and_principal(cast, clock):
    _fresh(cast, datetime.date(2027, 9, 1))
    plan = _open(cast.high, DutyKind.PLAN_REVIEW)
    services.duty_assign(duty=plan, owner=cast.staff, by=cast.chair)
    clock.set(at(datetime.date(2027, 10, 2), 9))
    scans.scan(now=clock.now)
    overdue = _rows(Kind.DUTY_OVERDUE, subject_id=plan.pk)
    assert list(overdue.values_list("recipient", flat=True)) == [cast.staff.pk]
    assert not _rows(Kind.DUTY_ESCALATED, subject_id=plan.pk).exists()
    clock.set(at(datetime.date(2027, 10, 1) + cast.district.escalation_days * DAY, 9))
    scans.scan(now=clock.now)
    scans.scan(now=clock.now)
    escalated = _rows(Kind.DUTY_ESCALATED, subject_id=plan.pk)
    assert set(escalated.values_list("recipient", flat=True)) == {cast.chair.pk, cast.principal.pk}
    assert _rows(Kind.DUTY_OVERDUE, subject_id=plan.pk).count() == 1  # once per period
    clock.sweep()
    [message] = mail_to(cast.principal)
    assert "long overdue" in message.subject


def test_a_school_with_no_chair_or_principal_escalates_to_the_district(cast, clock):
    _fresh(cast, datetime.date(2027, 9, 1))
    plan = _open(cast.middle, DutyKind.PLAN_REVIEW)
    clock.set(at(datetime.date(2027, 10, 1) + cast.district.escalation_days * DAY, 9))
    scans.scan(now=clock.now)
    assert set(
        _rows(Kind.DUTY_ESCALATED, subject_id=plan.pk).values_list("recipient", flat=True)
    ) == {cast.district_admin.pk}


def test_a_duty_left_undone_turns_missed_stays_on_record_and_the_next_opens(cast, clock):
    _fresh(cast, datetime.date(2027, 9, 1))
    plan = _open(cast.high, DutyKind.PLAN_REVIEW)
    services.duty_assign(duty=plan, owner=cast.staff, by=cast.chair)
    clock.set(at(datetime.date(2027, 9, 2), 9))
    services.duty_complete(duty=_open(cast.middle, DutyKind.PLAN_REVIEW), by=cast.district_admin)
    missed_on = profiles.missed_on(plan.rule, plan.due_on)
    assert missed_on == datetime.date(2027, 10, 1) + (profiles.MISSED_AFTER_DAYS + 1) * DAY
    clock.set(at(missed_on - DAY, 9))
    scans.scan(now=clock.now)
    plan.refresh_from_db()
    assert plan.status == DutyStatus.OPEN
    assert status_of(plan, missed_on - DAY) == "overdue"
    clock.set(at(missed_on, 9))
    scans.scan(now=clock.now)
    scans.scan(now=clock.now + DAY)
    plan.refresh_from_db()
    assert (plan.status, plan.missed_on) == (DutyStatus.MISSED, missed_on)
    following = _open(cast.high, DutyKind.PLAN_REVIEW)
    assert following.due_on == datetime.date(2028, 10, 1)
    told = set(_rows(Kind.DUTY_MISSED, subject_id=plan.pk).values_list("recipient", flat=True))
    assert told == {cast.staff.pk, cast.chair.pk, cast.principal.pk, cast.district_admin.pk}
    assert _rows(Kind.DUTY_MISSED, subject_id=plan.pk).count() == len(told)  # once
    # On the calendar's record, and the district overview puts the school first.
    body = _page(cast, "district_admin", "compliance:calendar", cast.high.pk).content.decode()
    assert "Missed" in body.split("On record")[1]
    overview = _page(cast, "district_admin", "compliance:overview").content.decode()
    overview = overview.split("those that need attention first")[1]
    assert overview.index("Westport High School") < overview.index("Cedar Point Middle School")


def test_a_missed_message_is_not_sent_if_the_duty_was_done_meanwhile(cast, clock):
    _fresh(cast, datetime.date(2027, 9, 1))
    plan = _open(cast.high, DutyKind.PLAN_REVIEW)
    services.duty_assign(duty=plan, owner=cast.staff, by=cast.chair)
    clock.set(at(datetime.date(2027, 10, 10), 9))
    scans.scan(now=clock.now)
    services.duty_complete(duty=plan, by=cast.staff)
    clock.sweep()
    assert mail_to(cast.staff) == []
    assert set(_rows(Kind.DUTY_OVERDUE).values_list("status", flat=True)) == {
        Notification.Status.SKIPPED
    }


# --- completing, and who may ---------------------------------------------------------


def _upload(name="receipt.pdf", content=b"%PDF-1.4 state receipt"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_who_may_complete_and_what_a_receipt_may_be(cast):
    duty = cast.duties["high"]["open"]  # owned by the uncleared staff member
    with pytest.raises(PermissionDenied):
        services.duty_complete(duty=duty, by=cast.parent)
    with pytest.raises(ValidationError) as refused:
        services.duty_complete(duty=duty, by=cast.staff, files=[_upload()], restricted=True)
    assert "cleared" in str(refused.value)
    duty.refresh_from_db()
    assert duty.status == DutyStatus.OPEN and not duty.receipts.exists()  # nothing half-saved
    done = services.duty_complete(duty=duty, by=cast.staff, note="Sent", files=[_upload()])
    receipt = done.receipts.get()
    assert (receipt.visibility, receipt.name) == (Level.COMMITTEE, "receipt.pdf")


def test_the_receipt_is_served_only_through_the_gate(cast, login):
    receipt = cast.duties["high"]["receipts"][Level.RESTRICTED]
    assert (
        login(cast.chair).get(f"/committees/compliance/receipts/{receipt.pk}/").status_code == 200
    )
    assert (
        login(cast.staff).get(f"/committees/compliance/receipts/{receipt.pk}/").status_code == 404
    )


def test_the_complete_form_keeps_what_was_typed_on_a_refusal(cast, login):
    duty = cast.duties["high"]["open"]
    client = login(cast.staff)
    response = client.post(
        f"/committees/compliance/duties/{duty.pk}/complete/",
        {"note": "Filed on paper", "restricted": "on", "files": _upload()},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Only cleared members may keep a restricted receipt." in body
    assert "Filed on paper" in body


def test_duty_fulfil_completes_the_open_duty_of_that_kind(cast):
    building = cast.high.building
    duty = _open(cast.high, DutyKind.ASSESSMENT)
    on = datetime.date(2026, 11, 1)  # before the cast's today
    done = services.duty_fulfil(
        building=building, kind=DutyKind.ASSESSMENT, on=on, by=cast.officer, note="Assessed"
    )
    assert (done.pk, done.status, done.done_on, done.done_by) == (duty.pk, "done", on, cast.officer)
    assert _open(cast.high, DutyKind.ASSESSMENT).due_on == profiles.next_due(duty.rule, duty.due_on)
    DutyRule.objects.filter(district=cast.district, kind=DutyKind.ASSESSMENT).update(enabled=False)
    assert services.duty_fulfil(building=building, kind="assessment", on=on, by=None) is None


def test_owner_co_reviewers_and_due_date_are_the_chairs_to_set(cast):
    duty = cast.duties["high"]["open"]
    for person in (cast.staff, cast.secretary, cast.parent):
        with pytest.raises(PermissionDenied):
            services.duty_reschedule(duty=duty, due_on=datetime.date(2027, 8, 15), by=person)
    services.duty_reschedule(duty=duty, due_on=datetime.date(2027, 8, 15), by=cast.chair)
    chief = UserFactory(username="fire.chief", district=cast.district)
    reviewer = services.duty_reviewer_add(duty=duty, role="fire_chief", person=chief, by=cast.chair)
    assert reviewer.display_name == chief.display_name
    with pytest.raises(ValidationError):
        services.duty_reviewer_add(duty=duty, role="fire_chief", by=cast.chair)  # nobody named
    with pytest.raises(ValidationError):
        services.duty_assign(duty=duty, owner=cast.other_admin, by=cast.chair)  # other district


# --- pages ---------------------------------------------------------------------------


def _page(cast, role, name, *args):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(cast.people[role])
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response


def test_the_calendar_puts_overdue_duties_on_top(cast, clock):
    clock.set(at(datetime.date(2027, 10, 5), 9))
    _fresh(cast, datetime.date(2027, 6, 1))
    body = _page(cast, "chair", "compliance:calendar", cast.high.pk).content.decode()
    open_part = body.split("On record")[0]
    # The assessment (June 30) and drill report (July 31) and the plan (October 1) are
    # all overdue: by due date among themselves.
    assert open_part.index("Security and vulnerability") < open_part.index("Annual drills report")
    services.duty_complete(duty=_open(cast.high, DutyKind.ASSESSMENT), by=cast.chair)
    body = _page(cast, "chair", "compliance:calendar", cast.high.pk).content.decode()
    open_part = body.split("On record")[0]
    assert open_part.index("Annual drills report") < open_part.index("Security and vulnerability")


def test_procedures_reviews_show_to_the_cleared_only(cast):
    title = cast.procedures["high"].title
    assert (
        title in _page(cast, "cleared_staff", "compliance:calendar", cast.high.pk).content.decode()
    )
    for role in ("parent", "staff"):
        body = _page(cast, role, "compliance:calendar", cast.high.pk).content.decode()
        assert title not in body and "Procedure review" not in body


def test_the_committee_page_and_my_committees_show_the_next_assessment(cast):
    duty = _open(cast.high, DutyKind.ASSESSMENT)
    shown = date_format(duty.due_on, "DATE_FORMAT")
    body = _page(cast, "parent", "committees:detail", cast.high.pk).content.decode()
    assert "Next assessment due" in body and shown in body
    assert "Compliance calendar" in body
    body = _page(cast, "parent", "portal:mine").content.decode()
    assert "Next assessment due" in body and date_format(duty.due_on, "DATE_FORMAT") in body


def test_the_drill_report_duty_links_to_the_drill_calendar(cast):
    duty = cast.duties["high"]["open"]
    body = _page(cast, "chair", "compliance:duty", duty.pk).content.decode()
    assert f"/drills/committee/{cast.high.pk}/" in body


def test_the_owner_is_told_in_an_email_with_no_note_and_no_receipt(cast, clock):
    _fresh(cast, datetime.date(2027, 9, 1))
    plan = _open(cast.high, DutyKind.PLAN_REVIEW)
    services.duty_assign(duty=plan, owner=cast.staff, by=cast.chair)
    clock.set(at(datetime.date(2027, 12, 1), 9))
    mail.outbox = []
    scans.scan(now=clock.now)
    clock.sweep()
    for message in mail.outbox:
        text = everything(message)
        for canary in cast.canaries:
            assert canary not in text


def test_a_duty_made_restricted_around_the_services_is_never_described(cast, clock):
    """Duties are committee-level; one raised by hand (data from a bug) is told as any
    restricted record: that something needs attention, to those who may see it."""
    _fresh(cast, datetime.date(2027, 9, 1))
    plan = _open(cast.high, DutyKind.PLAN_REVIEW)
    report = _open(cast.high, DutyKind.ASSESSMENT)
    services.duty_assign(duty=plan, owner=cast.cleared_staff, by=None)
    services.duty_assign(duty=report, owner=cast.staff, by=None)
    Duty.objects.filter(pk__in=[plan.pk, report.pk]).update(
        visibility=Level.RESTRICTED, due_on=datetime.date(2027, 9, 20)
    )
    clock.set(at(datetime.date(2027, 9, 5), 9))
    mail.outbox = []
    scans.scan(now=clock.now, district_ids=[cast.district.pk])
    clock.sweep()
    # The owner sees what is assigned to them (the gate's rule for assignees), and hears
    # only that something needs attention.
    for owner in (cast.cleared_staff, cast.staff):
        [message] = mail_to(owner)
        assert "needs your attention" in message.subject
        text = everything(message)
        assert "safety plan" not in text and "assessment" not in text
        assert "Westport High School" not in text
