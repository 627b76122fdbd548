"""The demo's compliance calendars: Westport on the Connecticut profile, Millbrook on
Massachusetts'.

Westport: this year's duties at each school; last year's plan reviews filed with the
state and drill reports sent, with their receipts; the high school's assessment of the last
cycle done (its report restricted); Cedar Point's plan review overdue. Millbrook: the
yearly evacuation-plan review with the police and fire chiefs, done and due again, and
the medical emergency response plan's three-year submission by September 1.

Called by ``seed_demo`` after the core's demo, whose people and schools it finds by
their natural keys. Dates are relative to the district's today. Idempotent: a district
that already follows a profile is left as it is.
"""

import datetime
from dataclasses import dataclass

from auditlog.context import set_actor as acting_as
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from committees import access
from committees.models import Committee, District
from compliance import profiles, services
from compliance.models import ComplianceProfile, Duty, DutyKind, DutyStatus
from safety_portal import documents

User = get_user_model()

WESTPORT_POLICE_CHIEF = "Chief Andrea Kowalski, Westport Police Department"
WESTPORT_FIRE_CHIEF = "Chief Raymond Ochoa, Westport Fire Department"
MILLBROOK_POLICE_CHIEF = "Chief Paula Grady, Millbrook Police Department"
MILLBROOK_FIRE_CHIEF = "Chief Thomas Reilly, Millbrook Fire Department"


@dataclass(frozen=True)
class Filed:
    """A duty of last period, done with its receipt."""

    school: str
    kind: str
    by: str
    receipt: str  # the file's name
    says: str  # what the receipt says
    note: str = ""
    restricted: bool = False
    early_days: int = 5  # done this many days before it was due


WESTPORT_OWNERS = {
    "westport-high": "principal.high",
    "cedar-point": "principal.middle",
    "harbor-view": "principal.elementary",
}
WESTPORT_FILED = [
    Filed(
        school=school,
        kind=DutyKind.DRILL_REPORT,
        by=owner,
        receipt=f"{school}-annual-drill-report.pdf",
        says="Annual report of fire and crisis response drills, with the police's scores, "
        "sent to the superintendent and the Department of Emergency Services and Public "
        "Protection.",
        note="Sent with the police lieutenant's scoring sheets.",
    )
    for school, owner in WESTPORT_OWNERS.items()
] + [
    Filed(
        school="westport-high",
        kind=DutyKind.PLAN_REVIEW,
        by="principal.high",
        receipt="DESPP-filing-confirmation-westport-high.pdf",
        says="Confirmation: the school security and safety plan of Westport High School was "
        "received by the Division of Emergency Management and Homeland Security.",
        note="Reviewed at the September meeting; filed online the next day.",
    ),
    Filed(
        school="harbor-view",
        kind=DutyKind.PLAN_REVIEW,
        by="principal.elementary",
        receipt="DESPP-filing-confirmation-harbor-view.pdf",
        says="Confirmation: the school security and safety plan of Harbor View Elementary "
        "School was received by the Division of Emergency Management and Homeland Security.",
    ),
    Filed(
        school="westport-high",
        kind=DutyKind.ASSESSMENT,
        by="district.admin",
        receipt="westport-high-security-assessment-report.pdf",
        says="Security and vulnerability assessment report: findings by area, for cleared "
        "members only.",
        note="Walk-through with the police and the fire marshal; the report is restricted.",
        restricted=True,
        early_days=60,
    ),
]


def seed() -> None:
    westport = District.objects.filter(slug="westport").first()
    if westport is not None and not ComplianceProfile.objects.filter(district=westport).exists():
        _westport(westport)
    millbrook = District.objects.filter(slug="millbrook").first()
    if millbrook is not None and not ComplianceProfile.objects.filter(district=millbrook).exists():
        _millbrook(millbrook)


def _people(district: District) -> dict:
    return {user.username: user for user in User.objects.filter(district=district)}


def _school(district: District, slug: str) -> Committee:
    return Committee.objects.get(district=district, building__slug=slug)


def _open(committee: Committee, kind: str) -> Duty:
    return Duty.objects.get(committee=committee, kind=kind, status=DutyStatus.OPEN)


def _last(rule, today: datetime.date) -> datetime.date:
    """The rule's day this last year: the period that ended most recently."""
    day = profiles.on_day(today.year, rule.due_month, rule.due_day)
    return day if day <= today else profiles.on_day(today.year - 1, rule.due_month, rule.due_day)


def _receipt(name: str, title: str, says: str) -> ContentFile:
    doc = documents.Document(title=title, filename=name, footer="Filing receipt")
    doc.add("title", title)
    doc.add("text", says)
    return ContentFile(documents.render_pdf(doc), name=name)


def _file(committee: Committee, people: dict, filed: Filed, due: datetime.date, today) -> None:
    """Last period's duty, due on ``due`` and done with its receipt; the next one opens."""
    duty = _open(committee, filed.kind)
    services.duty_reschedule(duty=duty, due_on=due, by=None)
    by = people[filed.by]
    with acting_as(by):
        services.duty_complete(
            duty=duty,
            by=None,
            note=filed.note,
            files=[_receipt(filed.receipt, duty.title, filed.says)],
            restricted=filed.restricted,
            done_on=min(today, due - datetime.timedelta(days=filed.early_days)),
        )
    Duty.objects.filter(pk=duty.pk).update(done_by=by)


def _westport(district: District) -> None:
    people = _people(district)
    today = access.district_today(district)
    with acting_as(people["district.admin"]):
        services.profile_set(district=district, profile="CT", by=None)
    for school, owner in WESTPORT_OWNERS.items():
        committee = _school(district, school)
        for duty in Duty.objects.filter(committee=committee, status=DutyStatus.OPEN):
            services.duty_assign(duty=duty, owner=people[owner], by=None)
        assessment = _open(committee, DutyKind.ASSESSMENT)
        for role, name in (
            ("police_chief", WESTPORT_POLICE_CHIEF),
            ("fire_chief", WESTPORT_FIRE_CHIEF),
        ):
            services.duty_reviewer_add(duty=assessment, role=role, name=name, by=None)
    for filed in WESTPORT_FILED:
        committee = _school(district, filed.school)
        rule = _open(committee, filed.kind).rule
        due = _last(rule, today)
        if filed.kind == DutyKind.ASSESSMENT:
            due = profiles.add_months(profiles.first_due(rule, today), -rule.every_months)
        _file(committee, people, filed, due, today)
    # Cedar Point's plan review: moved to a date just past, and not filed yet.
    late = _open(_school(district, "cedar-point"), DutyKind.PLAN_REVIEW)
    services.duty_reschedule(duty=late, due_on=today - datetime.timedelta(days=12), by=None)


def _millbrook(district: District) -> None:
    people = _people(district)
    today = access.district_today(district)
    with acting_as(people["admin.other"]):
        services.profile_set(district=district, profile="MA", by=None)
    committee = _school(district, "millbrook-high")
    for duty in Duty.objects.filter(committee=committee, status=DutyStatus.OPEN):
        services.duty_assign(duty=duty, owner=people["chair.millbrook"], by=None)
        if duty.kind in (DutyKind.EVACUATION_REVIEW, DutyKind.MEDICAL_PLAN):
            for role, name in (
                ("police_chief", MILLBROOK_POLICE_CHIEF),
                ("fire_chief", MILLBROOK_FIRE_CHIEF),
            ):
                services.duty_reviewer_add(duty=duty, role=role, name=name, by=None)
    evacuation = _open(committee, DutyKind.EVACUATION_REVIEW)
    _file(
        committee,
        people,
        Filed(
            school="millbrook-high",
            kind=DutyKind.EVACUATION_REVIEW,
            by="chair.millbrook",
            receipt="evacuation-plan-review-sign-off.pdf",
            says="Multi-hazard evacuation plan of Millbrook Regional High School reviewed "
            "with the chief of police and the fire chief; signed by both.",
            note="Reviewed with both chiefs at the August walk-through.",
            early_days=10,
        ),
        _last(evacuation.rule, today),
        today,
    )
    # The medical emergency response plan: last submitted three years before the next
    # September 1, which is when it is due again.
    medical = _open(committee, DutyKind.MEDICAL_PLAN)
    upcoming = profiles.first_due(medical.rule, today)
    _file(
        committee,
        people,
        Filed(
            school="millbrook-high",
            kind=DutyKind.MEDICAL_PLAN,
            by="nurse.millbrook",
            receipt="medical-emergency-response-plan-submission.pdf",
            says="Medical emergency response plan of Millbrook Regional High School, reviewed "
            "with police and fire, submitted to the Department of Elementary and Secondary "
            "Education.",
            early_days=20,
        ),
        profiles.add_months(upcoming, -medical.rule.every_months),
        today,
    )
