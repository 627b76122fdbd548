"""The demo's compliance calendars: Westport on Connecticut's profile with this year's
duties, one overdue, some done with receipts; Millbrook on Massachusetts' with its
evacuation-plan review with the police and fire chiefs and the medical emergency
response plan's three-year submission by September 1."""

import io

import pytest
from django.core.management import call_command

from committees import access
from committees.models import District, Level
from compliance.models import ComplianceProfile, Duty, DutyKind, DutyReceipt, DutyStatus
from compliance.selectors import status_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def test_westport_follows_connecticut_with_one_duty_overdue_and_receipts(seeded):
    westport = District.objects.get(slug="westport")
    today = access.district_today(westport)
    assert westport.compliance_profile.profile == "CT"
    duties = Duty.objects.filter(committee__district=westport)
    schools = {d.committee.building.slug for d in duties.select_related("committee__building")}
    assert schools == {"westport-high", "cedar-point", "harbor-view"}
    open_ = duties.filter(status=DutyStatus.OPEN)
    assert open_.count() == 9  # three duties at each of three schools
    overdue = [d for d in open_ if status_of(d, today) == "overdue"]
    assert [(d.committee.building.slug, d.kind) for d in overdue] == [
        ("cedar-point", DutyKind.PLAN_REVIEW)
    ]
    assert all(d.owner is not None for d in open_)
    done = duties.filter(status=DutyStatus.DONE)
    assert done.count() == 6
    assert not duties.filter(status=DutyStatus.MISSED).exists()
    receipts = DutyReceipt.objects.filter(duty__in=done)
    assert receipts.count() == 6
    assert set(receipts.values_list("visibility", flat=True)) == {Level.COMMITTEE, Level.RESTRICTED}
    assert all(r.file.read(4) == b"%PDF" for r in receipts)
    # Done duties carry who did them and when; the next ones are in the future.
    assert all(d.done_by and d.done_on <= today for d in done)
    assert all(d.due_on > today for d in open_ if d.kind != DutyKind.PLAN_REVIEW)


def test_millbrook_follows_massachusetts_with_the_chiefs_and_the_three_year_plan(seeded):
    millbrook = District.objects.get(slug="millbrook")
    today = access.district_today(millbrook)
    assert ComplianceProfile.objects.get(district=millbrook).profile == "MA"
    duties = Duty.objects.filter(committee__district=millbrook)
    evacuation = duties.filter(kind=DutyKind.EVACUATION_REVIEW)
    assert set(evacuation.values_list("status", flat=True)) == {"done", "open"}
    for duty in evacuation:
        assert {r.role for r in duty.reviewers.all()} == {"police_chief", "fire_chief"}
    medical = duties.filter(kind=DutyKind.MEDICAL_PLAN).order_by("due_on")
    last, upcoming = medical
    assert (last.status, upcoming.status) == ("done", "open")
    assert (upcoming.due_on.month, upcoming.due_on.day) == (9, 1)
    assert upcoming.due_on.year - last.due_on.year == 3
    assert upcoming.due_on > today


def test_a_second_seed_changes_nothing(seeded):
    before = Duty.objects.count(), DutyReceipt.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert (Duty.objects.count(), DutyReceipt.objects.count()) == before
