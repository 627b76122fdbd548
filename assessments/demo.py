"""The demo's security assessments: last year's assessment of each Westport school.

Called by the ``seed_demo`` command after the follow-ups' demo, whose action items some
findings are tied to. The built-in checklist is copied for Westport; each school's
assessment has findings in every state (open, in progress through its items, closed),
and public labels written for the school's public page (the high school's show as "7 of
its 10 findings are addressed"). Idempotent: a school with an
assessment already is left as it is.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from assessments import services
from assessments.models import Answer, Area, Assessment, ChecklistTemplate, Finding
from committees import access
from committees.models import Building, District
from followups import services as followups
from followups.models import ActionItem

User = get_user_model()


@dataclass(frozen=True)
class DemoFinding:
    area: str
    question: int  # the question's place in its area
    response: str
    note: str
    severity: str
    category: str
    label: str = ""  # the public label; "" while the committee has not written it
    linked_item: str = ""  # an action item of the follow-ups' demo, by title
    new_items: tuple[tuple[str, str, bool], ...] = ()  # (title, what, done and verified)


@dataclass(frozen=True)
class DemoAssessment:
    school: str
    days_ago: int
    by: str  # who recorded it
    assessors: tuple[tuple[str, str, str], ...]  # (role, name or username, organisation)
    findings: tuple[DemoFinding, ...]


R = Answer.Response
S = Finding.Severity
ASSESSMENTS = [
    DemoAssessment(
        school="westport-high",
        days_ago=330,
        by="chair.high",
        assessors=(
            ("police", "officer.high", "Westport Police Department"),
            ("fire", "Brian Cole", "Westport Fire Department, Fire Marshal's office"),
            ("firm", "Dana Whitfield", "Hudson Valley School Safety Partners"),
        ),
        findings=(
            DemoFinding(
                area=Area.CAMERAS,
                question=0,
                response=R.NOT_MET,
                note="The loading dock door is out of view of both cameras after 3 p.m.",
                severity=S.HIGH,
                category="monitoring",
                label="Camera coverage: improvements under way",
                linked_item="Camera coverage gap at the loading dock",
            ),
            DemoFinding(
                area=Area.ENTRANCES,
                question=1,
                response=R.PARTLY,
                note="Visitors reach the main office counter before anyone checks who they are.",
                severity=S.HIGH,
                category="entrance_security",
                label="Entrance security: visitor screening improved",
                new_items=(
                    (
                        "Move the visitor check to the outer vestibule door",
                        "Intercom and camera at the outer door; the office buzzes visitors in.",
                        True,
                    ),
                ),
            ),
            DemoFinding(
                area=Area.DOORS,
                question=2,
                response=R.NOT_MET,
                note="The key log has not been reconciled with the staff roster since 2023.",
                severity=S.MODERATE,
                category="access_control",
                label="Key control: audit under way",
                linked_item="Audit master key holders against the HR roster",
            ),
            DemoFinding(
                area=Area.COMMUNICATION,
                question=0,
                response=R.PARTLY,
                note="The PA cannot be heard in the gym bleachers or the turf field.",
                severity=S.MODERATE,
                category="communication",
                label="Emergency communication: improvements planned",
            ),
            DemoFinding(
                area=Area.WINDOWS,
                question=0,
                response=R.PARTLY,
                note="Two ground-floor windows in the art room did not lock.",
                severity=S.MODERATE,
                category="building_hardening",
                label="Building hardening: window locks repaired",
                new_items=(
                    (
                        "Replace the window locks in the art room",
                        "New locks fitted and checked by the custodian.",
                        True,
                    ),
                ),
            ),
            DemoFinding(
                area=Area.WINDOWS,
                question=1,
                response=R.PARTLY,
                note="The glass beside the main office door is plain and within reach of the lock.",
                severity=S.MODERATE,
                category="building_hardening",
                label="Building hardening: door glazing film installed",
                new_items=(
                    (
                        "Apply security film to the office door sidelight",
                        "Film applied by the contractor in March.",
                        True,
                    ),
                ),
            ),
            DemoFinding(
                area=Area.PLANS,
                question=2,
                response=R.PARTLY,
                note="The floor plans given to police still showed the old science wing.",
                severity=S.LOW,
                category="planning",
                label="Emergency planning: floor plans updated for responders",
                new_items=(
                    (
                        "Send the updated floor plans to police and fire",
                        "Plans sent and confirmed received by both departments.",
                        True,
                    ),
                ),
            ),
            DemoFinding(
                area=Area.TRAINING,
                question=1,
                response=R.PARTLY,
                note="Substitutes start without the lockdown briefing on busy days.",
                severity=S.MODERATE,
                category="training",
                label="Training: substitute briefing in place",
                new_items=(
                    (
                        "Add the lockdown card to the substitute sign-in packet",
                        "The front office hands the card out with every badge.",
                        True,
                    ),
                ),
            ),
            DemoFinding(
                area=Area.TRANSPORTATION,
                question=0,
                response=R.PARTLY,
                note="Student drivers cut through the bus lane at dismissal.",
                severity=S.MODERATE,
                category="transportation",
                label="Transportation safety: traffic pattern changed",
                new_items=(
                    (
                        "Cone off the bus lane from 2:15 to 2:45",
                        "Cones and a staff member at the lane every afternoon.",
                        True,
                    ),
                ),
            ),
            DemoFinding(
                area=Area.PERIMETER,
                question=1,
                response=R.PARTLY,
                note="Three lamp posts in the north student lot were out.",
                severity=S.LOW,
                category="grounds",
                label="Grounds: lighting repaired",
                new_items=(
                    (
                        "Replace the north lot lamp heads",
                        "Lamp heads replaced by the town's public works crew.",
                        True,
                    ),
                ),
            ),
        ),
    ),
    DemoAssessment(
        school="cedar-point",
        days_ago=320,
        by="chair.middle",
        assessors=(
            ("police", "officer.middle", "Westport Police Department"),
            ("fire", "Brian Cole", "Westport Fire Department, Fire Marshal's office"),
        ),
        findings=(
            DemoFinding(
                area=Area.DOORS,
                question=0,
                response=R.NOT_MET,
                note="Fourteen classrooms in the B wing still lock only from the hallway.",
                severity=S.CRITICAL,
                category="access_control",
                label="Classroom door hardware: upgrades planned",
                new_items=(
                    (
                        "Replace B-wing classroom locks with interior-locking sets",
                        "Fourteen lock sets ordered; the locksmith fits them room by room.",
                        False,
                    ),
                ),
            ),
            DemoFinding(
                area=Area.PLANS,
                question=3,
                response=R.PARTLY,
                note="The reunification site at the town hall was never confirmed with police.",
                severity=S.MODERATE,
                category="planning",
                label="Reunification planning: completed",
                new_items=(
                    (
                        "Confirm the reunification site in writing with police",
                        "Letter of agreement signed by the police chief and the town manager.",
                        True,
                    ),
                ),
            ),
            DemoFinding(
                area=Area.TRAINING,
                question=1,
                response=R.PARTLY,
                note="Two long-term substitutes had no briefing on lockdown before starting.",
                severity=S.LOW,
                category="training",
            ),
        ),
    ),
    DemoAssessment(
        school="harbor-view",
        days_ago=310,
        by="principal.elementary",
        assessors=(
            ("police", "officer.middle", "Westport Police Department"),
            ("district", "district.admin", "Westport Public Schools"),
        ),
        findings=(
            DemoFinding(
                area=Area.DOORS,
                question=1,
                response=R.NOT_MET,
                note="The kindergarten wing's exterior door stays ajar after recess.",
                severity=S.HIGH,
                category="access_control",
                label="Door hardware: repairs under way",
                linked_item="Kindergarten wing exterior door does not latch on its own",
            ),
            DemoFinding(
                area=Area.PERIMETER,
                question=0,
                response=R.PARTLY,
                note="The playground gate onto Bayberry Lane does not close fully.",
                severity=S.MODERATE,
                category="grounds",
                label="Grounds: fencing repaired",
                new_items=(
                    (
                        "Fit a self-closing hinge on the playground gate",
                        "Hinge and latch replaced by the district's maintenance crew.",
                        True,
                    ),
                ),
            ),
            DemoFinding(
                area=Area.TRANSPORTATION,
                question=0,
                response=R.PARTLY,
                note="Parent cars queue through the bus loop at dismissal.",
                severity=S.MODERATE,
                category="transportation",
                label="Arrival and dismissal: traffic changes planned",
            ),
        ),
    ),
]


def seed(*, district_slug: str) -> None:
    district = District.objects.get(slug=district_slug)
    people = {user.username: user for user in User.objects.filter(district=district)}
    template = ChecklistTemplate.objects.filter(district=district, is_current=True).first()
    if template is None:
        template = services.template_start(district=district, by=None)
    today = access.district_today(district)
    for demo in ASSESSMENTS:
        building = Building.objects.get(district=district, slug=demo.school)
        if Assessment.objects.filter(building=building).exists():
            continue
        _assessment(building, template, demo, people, today)


def _assessment(building, template, demo: DemoAssessment, people, today) -> None:
    held_on = today - datetime.timedelta(days=demo.days_ago)
    by = people[demo.by]
    assessment = services.assessment_plan(
        building=building, planned_for=held_on, template=template, by=None
    )
    for role, who, organisation in demo.assessors:
        person = people.get(who)
        services.assessor_add(
            assessment=assessment,
            by=None,
            role=role,
            user=person,
            name="" if person else who,
            organisation=organisation,
        )
    answers = list(assessment.answers.all())
    chosen = {}
    for finding in demo.findings:
        in_area = [a for a in answers if a.area == finding.area]
        chosen[in_area[finding.question].pk] = finding
    services.answers_record(
        assessment=assessment,
        answers={
            a.pk: (chosen[a.pk].response, chosen[a.pk].note) if a.pk in chosen else (R.MET, "")
            for a in answers
        },
        by=by,
    )
    for answer_id, row in chosen.items():
        finding = Finding.objects.get(answer_id=answer_id)
        services.finding_edit(finding=finding, severity=row.severity, description=row.note, by=None)
        services.finding_label_set(
            finding=finding, public_category=row.category, public_label=row.label, by=None
        )
    services.assessment_complete(
        assessment=assessment, by=None, completed_on=held_on + datetime.timedelta(days=6)
    )
    for answer_id, row in chosen.items():
        finding = Finding.objects.get(answer_id=answer_id)
        if row.linked_item:
            item = ActionItem.objects.filter(
                committee=assessment.committee, title=row.linked_item
            ).first()
            if item is not None:
                services.finding_item_link(finding=finding, item=item, by=None)
        for title, description, closed in row.new_items:
            item = services.finding_action_item(
                finding=finding,
                title=title,
                description=description,
                by=None,
                assignee=by,
                due_date=held_on + datetime.timedelta(days=120),
                priority=ActionItem.Priority.HIGH,
            )
            if closed:
                followups.action_item_set_status(item=item, status="done", by=None)
                followups.action_item_verify(item=item, by=None)
