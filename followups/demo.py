"""The demo's follow-ups: each committee's improvement plan, its milestones and its items.

Called by the ``seed_demo`` command for each district once the core's demo has seated its
people on their committees, and before their meetings (as the demo always made them),
finding people and committees by their natural keys. Idempotent: a plan, a milestone or
an item already there (by its title) is left as it is.
"""

import datetime
from dataclasses import dataclass

from auditlog.context import set_actor as acting_as
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from committees import access
from committees import services as committees
from committees.models import Committee, District, Level, Membership, Position
from followups import services
from followups.models import ActionItem, ImprovementPlan, Milestone, WorkCategory
from safety_portal.school_calendar import school_year_of

User = get_user_model()

C, R, S, Source = WorkCategory, Level, ActionItem.Status, ActionItem.Source


@dataclass(frozen=True)
class DemoMilestone:
    key: str  # how the plan's items name it
    title: str
    public_title: str
    category: str
    level: str
    target_in: int  # days from today


@dataclass(frozen=True)
class DemoItem:
    title: str
    milestone: str | None  # a milestone's key, or None
    level: str
    status: str  # reached through the allowed moves (STATUS_PATH)
    assignee: str
    due_in: int  # days from today: negative is overdue
    source: str
    source_detail: str
    description: str


@dataclass(frozen=True)
class SharedItem:
    """A restricted item the chair assigns to himself and shares by name with someone who
    sits on no committee."""

    title: str
    description: str
    assignee: str
    due_in: int
    shared_with: str


@dataclass(frozen=True)
class DemoPlan:
    committee: str  # a school's slug, or "district" for the district committee
    milestones: tuple[DemoMilestone, ...]
    items: tuple[DemoItem, ...]
    shared: SharedItem | None = None


# Per committee: its plan's milestones and items, in the order the demo makes them.
FOLLOW_UPS = (
    DemoPlan(
        committee="westport-high",
        milestones=(
            DemoMilestone(
                key="entrance",
                title="Main entrance vestibule and visitor management",
                public_title="Entrance security upgrades",
                category=C.ACCESS_CONTROL,
                level=R.COMMITTEE,
                target_in=110,
            ),
            DemoMilestone(
                key="keys",
                title="Rekey exterior doors and audit master key holders",
                public_title="Door and key control improvements",
                category=C.ACCESS_CONTROL,
                level=R.RESTRICTED,
                target_in=60,
            ),
            DemoMilestone(
                key="training",
                title="Staff emergency training refresher",
                public_title="Staff emergency training",
                category=C.TRAINING,
                level=R.COMMITTEE,
                target_in=40,
            ),
            DemoMilestone(
                key="radios",
                title="Two-way radios for lunch duty and the bus loop",
                public_title="Emergency communication equipment",
                category=C.COMMUNICATION,
                level=R.COMMITTEE,
                target_in=95,
            ),
        ),
        items=(
            DemoItem(
                title="Install buzzer-and-camera entry at the main vestibule",
                milestone="entrance",
                level=R.COMMITTEE,
                status=S.IN_PROGRESS,
                assignee="facilities.director",
                due_in=80,
                source=Source.ASSESSMENT,
                source_detail="2026 security and vulnerability assessment",
                description=(
                    "Contractor quote approved by the Board of Finance; install over February "
                    "break."
                ),
            ),
            DemoItem(
                title="Print visitor badges at the front office",
                milestone="entrance",
                level=R.COMMITTEE,
                status=S.DONE,
                assignee="secretary.high",
                due_in=-30,
                source=Source.MEETING,
                source_detail="September meeting",
                description="Badge printer installed and front office staff trained.",
            ),
            DemoItem(
                title="Rekey doors E-3 through E-9 after the lost master key",
                milestone="keys",
                level=R.RESTRICTED,
                status=S.OPEN,
                assignee="facilities.director",
                due_in=-21,
                source=Source.INCIDENT,
                source_detail="Master key reported missing, October 2",
                description=(
                    "Locksmith to rekey the six east-wing exterior doors; collect all old keys."
                ),
            ),
            DemoItem(
                title="Audit master key holders against the HR roster",
                milestone="keys",
                level=R.RESTRICTED,
                status=S.BLOCKED,
                assignee="chair.high",
                due_in=15,
                source=Source.INCIDENT,
                source_detail="",
                description="Waiting for the HR export of current staff.",
            ),
            DemoItem(
                title="Camera coverage gap at the loading dock",
                milestone="keys",
                level=R.RESTRICTED,
                status=S.OPEN,
                assignee="principal.high",
                due_in=45,
                source=Source.ASSESSMENT,
                source_detail="2026 security and vulnerability assessment",
                description="The dock door is out of view of the two existing cameras after 3 p.m.",
            ),
            DemoItem(
                title="Lockdown refresher for all staff on the January PD day",
                milestone="training",
                level=R.COMMITTEE,
                status=S.OPEN,
                assignee="counselor.high",
                due_in=38,
                source=Source.DRILL,
                source_detail="October lockdown drill debrief",
                description="Cover classroom door checks and what to do during passing time.",
            ),
            DemoItem(
                title="Emergency packet for substitute teachers",
                milestone="training",
                level=R.COMMITTEE,
                status=S.DONE,
                assignee="secretary.high",
                due_in=-12,
                source=Source.MEETING,
                source_detail="October meeting",
                description="One-page packet with evacuation routes and the reunification card.",
            ),
            DemoItem(
                title="Order twelve two-way radios",
                milestone="radios",
                level=R.COMMITTEE,
                status=S.OPEN,
                assignee="principal.high",
                due_in=-10,
                source=Source.DRILL,
                source_detail="October evacuation drill",
                description="Lunch duty staff could not reach the main office during the drill.",
            ),
            DemoItem(
                title="Radio channel plan with police dispatch",
                milestone="radios",
                level=R.RESTRICTED,
                status=S.IN_PROGRESS,
                assignee="officer.high",
                due_in=50,
                source=Source.MEETING,
                source_detail="November meeting",
                description="Agree on the channel and call signs for school incidents.",
            ),
            DemoItem(
                title="Replace the gym PA speakers",
                milestone=None,
                level=R.COMMITTEE,
                status=S.CANCELLED,
                assignee="facilities.director",
                due_in=20,
                source=Source.CONCERN,
                source_detail="Concern from a parent",
                description="Covered by the town's capital project instead.",
            ),
            DemoItem(
                title="Replace faded evacuation maps in classrooms",
                milestone=None,
                level=R.COMMITTEE,
                status=S.OPEN,
                assignee="staff.high",
                due_in=-9,
                source=Source.DRILL,
                source_detail="October evacuation drill",
                description=(
                    "Maps in the B and C wings are sun-faded and still show the old library exit."
                ),
            ),
            DemoItem(
                title="Repaint faded crosswalk at the student parking lot",
                milestone=None,
                level=R.COMMITTEE,
                status=S.OPEN,
                assignee="facilities.director",
                due_in=30,
                source=Source.CONCERN,
                source_detail="Community concern",
                description="Public Works agreed to repaint before spring.",
            ),
        ),
        shared=SharedItem(
            title="Fire alarm panel access during evening events",
            description=(
                "Who holds the panel code after 6 p.m. when the custodian has left; the fire "
                "marshal inspects on March 3."
            ),
            assignee="chair.high",
            due_in=35,
            shared_with="fire.marshal",
        ),
    ),
    DemoPlan(
        committee="cedar-point",
        milestones=(
            DemoMilestone(
                key="doors",
                title="Classroom door locks that lock from inside",
                public_title="Classroom door hardware",
                category=C.FACILITIES,
                level=R.COMMITTEE,
                target_in=150,
            ),
            DemoMilestone(
                key="reunify",
                title="Update the family reunification plan",
                public_title="Family reunification planning",
                category=C.COMMUNICATION,
                level=R.RESTRICTED,
                target_in=120,
            ),
        ),
        items=(
            DemoItem(
                title="Survey classroom doors that still lock only from the hallway",
                milestone="doors",
                level=R.RESTRICTED,
                status=S.DONE,
                assignee="teacher.middle",
                due_in=-40,
                source=Source.ASSESSMENT,
                source_detail="Door-hardware survey",
                description="Survey complete: rooms listed in the restricted annex.",
            ),
            DemoItem(
                title="Budget request for interior-locking hardware",
                milestone="doors",
                level=R.COMMITTEE,
                status=S.IN_PROGRESS,
                assignee="principal.middle",
                due_in=25,
                source=Source.MEETING,
                source_detail="October meeting",
                description=(
                    "Quote for 38 classroom locks that lock from inside; goes to the Board of "
                    "Finance in January."
                ),
            ),
            DemoItem(
                title="Choose an alternate reunification site with police",
                milestone="reunify",
                level=R.RESTRICTED,
                status=S.OPEN,
                assignee="officer.middle",
                due_in=-5,
                source=Source.DRILL,
                source_detail="Reunification tabletop",
                description="The current site floods in heavy rain.",
            ),
            DemoItem(
                title="Translate the reunification card into Spanish and Portuguese",
                milestone="reunify",
                level=R.COMMITTEE,
                status=S.OPEN,
                assignee="chair.middle",
                due_in=60,
                source=Source.CONCERN,
                source_detail="Families at the fall open house",
                description=(
                    "Families asked for the card in the languages they read at home; the district "
                    "translators have the English text."
                ),
            ),
        ),
    ),
    DemoPlan(
        committee="harbor-view",
        milestones=(
            DemoMilestone(
                key="pickup",
                title="Safer afternoon pick-up loop",
                public_title="Arrival and dismissal safety",
                category=C.TRANSPORTATION,
                level=R.COMMITTEE,
                target_in=90,
            ),
        ),
        items=(
            DemoItem(
                title="Add a crossing guard at the Bayberry Lane entrance",
                milestone="pickup",
                level=R.COMMITTEE,
                status=S.IN_PROGRESS,
                assignee="principal.elementary",
                due_in=30,
                source=Source.CONCERN,
                source_detail="Concern from the PTA",
                description=(
                    "Cars queue across the crosswalk at 3:10 p.m.; the police traffic unit will "
                    "observe pick-up for a week first."
                ),
            ),
            DemoItem(
                title="Replace the broken playground gate latch",
                milestone=None,
                level=R.COMMITTEE,
                status=S.DONE,
                assignee="facilities.director",
                due_in=-15,
                source=Source.CONCERN,
                source_detail="Community concern",
                description=(
                    "The latch no longer catches, so the gate to the street swings open; parts "
                    "ordered and installed."
                ),
            ),
            DemoItem(
                title="Recruit a mental health professional for the committee",
                milestone=None,
                level=R.COMMITTEE,
                status=S.OPEN,
                assignee="chair.elementary",
                due_in=-3,
                source=Source.NONE,
                source_detail="",
                description="The seat required by C.G.S. 10-222m is empty.",
            ),
            DemoItem(
                title="Shelter-in-place practice with the kindergarten classes",
                milestone=None,
                level=R.COMMITTEE,
                status=S.OPEN,
                assignee="chair.elementary",
                due_in=14,
                source=Source.MEETING,
                source_detail="November meeting",
                description=(
                    "Short, calm practice with the classroom teachers; letter home to families "
                    "first."
                ),
            ),
            DemoItem(
                title="Kindergarten wing exterior door does not latch on its own",
                milestone=None,
                level=R.RESTRICTED,
                status=S.IN_PROGRESS,
                assignee="facilities.director",
                due_in=-8,
                source=Source.ASSESSMENT,
                source_detail="Police walk-through",
                description=(
                    "The closer is worn; the door stays ajar after recess until someone pulls it."
                ),
            ),
            DemoItem(
                title="Pre-assign staff to the student release table for reunification",
                milestone=None,
                level=R.RESTRICTED,
                status=S.OPEN,
                assignee="principal.elementary",
                due_in=40,
                source=Source.DRILL,
                source_detail="Reunification tabletop",
                description=(
                    "Two staff per grade, with a backup list; keep the list off the public plan."
                ),
            ),
        ),
    ),
    DemoPlan(
        committee="district",
        milestones=(
            DemoMilestone(
                key="drills",
                title="Crisis response drills planned with the police at every school",
                public_title="Emergency drills",
                category=C.DRILLS,
                level=R.COMMITTEE,
                target_in=60,
            ),
            DemoMilestone(
                key="threat",
                title="Threat assessment team protocol and roster",
                public_title="Student support and threat assessment",
                category=C.MENTAL_HEALTH,
                level=R.RESTRICTED,
                target_in=75,
            ),
        ),
        items=(
            DemoItem(
                title="File each school's security and safety plan with DESPP",
                milestone=None,
                level=R.COMMITTEE,
                status=S.DONE,
                assignee="district.admin",
                due_in=-25,
                source=Source.NONE,
                source_detail="C.G.S. 10-222m annual filing",
                description="Plans for all three schools reviewed by the committees and filed.",
            ),
            DemoItem(
                title="Schedule this year's crisis response drills with Westport PD",
                milestone="drills",
                level=R.COMMITTEE,
                status=S.IN_PROGRESS,
                assignee="lt.police",
                due_in=-4,
                source=Source.MEETING,
                source_detail="October meeting",
                description=(
                    "Every third month a crisis response drill replaces the fire drill (C.G.S. "
                    "10-231); dates for all three schools, with police evaluators."
                ),
            ),
            DemoItem(
                title="Bus evacuation drill on every route",
                milestone="drills",
                level=R.COMMITTEE,
                status=S.OPEN,
                assignee="bus.contractor",
                due_in=30,
                source=Source.NONE,
                source_detail="",
                description=(
                    "Drivers run the drill at each school during the first bus run of the day."
                ),
            ),
            DemoItem(
                title="Police access to live school camera feeds during an emergency",
                milestone=None,
                level=R.RESTRICTED,
                status=S.BLOCKED,
                assignee="lt.police",
                due_in=20,
                source=Source.ASSESSMENT,
                source_detail="2026 security and vulnerability assessment",
                description=(
                    "Waiting for the town IT department to approve the dispatch connection."
                ),
            ),
            DemoItem(
                title="Update the threat assessment team protocol and roster",
                milestone="threat",
                level=R.RESTRICTED,
                status=S.OPEN,
                assignee="social.worker",
                due_in=45,
                source=Source.NONE,
                source_detail="",
                description=(
                    "Name the team at each school, align with the state model policy, and set how "
                    "reports under C.G.S. 10-222k reach the team."
                ),
            ),
        ),
    ),
)

MILLBROOK_FOLLOW_UPS = (
    DemoPlan(
        committee="millbrook-high",
        milestones=(
            DemoMilestone(
                key="evacuation",
                title="Multi-hazard evacuation plan reviewed with the fire and police chiefs",
                public_title="Annual emergency plan review",
                category=C.DRILLS,
                level=R.COMMITTEE,
                target_in=50,
            ),
        ),
        items=(
            DemoItem(
                title="Review the evacuation plan with the fire and police chiefs",
                milestone="evacuation",
                level=R.COMMITTEE,
                status=S.IN_PROGRESS,
                assignee="chair.millbrook",
                due_in=30,
                source=Source.NONE,
                source_detail="MGL c.69 §8A annual review",
                description="Meeting with both chiefs set; bring last year's drill reports.",
            ),
            DemoItem(
                title="Update the medical emergency response plan and AED map",
                milestone=None,
                level=R.COMMITTEE,
                status=S.OPEN,
                assignee="nurse.millbrook",
                due_in=-10,
                source=Source.DRILL,
                source_detail="Cardiac emergency drill",
                description=(
                    "The AED by the gym moved during the renovation; the map still shows the old "
                    "spot."
                ),
            ),
            DemoItem(
                title="Replace the fire door closer in the science wing",
                milestone=None,
                level=R.RESTRICTED,
                status=S.OPEN,
                assignee="chair.millbrook",
                due_in=21,
                source=Source.ASSESSMENT,
                source_detail="Annual fire inspection",
                description="The door no longer closes on its own; noted at the fire inspection.",
            ),
            DemoItem(
                title="Athletic entrance propped open during after-school practices",
                milestone=None,
                level=R.RESTRICTED,
                status=S.OPEN,
                assignee="officer.millbrook",
                due_in=14,
                source=Source.CONCERN,
                source_detail="Evening patrol check",
                description=(
                    "Found propped open twice in October; coaches to be reminded and a door alarm "
                    "quoted."
                ),
            ),
        ),
    ),
)

PLANS = {"westport": FOLLOW_UPS, "millbrook": MILLBROOK_FOLLOW_UPS}
PLAN_TITLE = "Safety improvement plan"

STATUS_PATH = {
    S.OPEN: [],
    S.IN_PROGRESS: [S.IN_PROGRESS],
    S.BLOCKED: [S.BLOCKED],
    S.DONE: [S.IN_PROGRESS, S.DONE],
    S.CANCELLED: [S.CANCELLED],
}


def seed(*, district_slug: str) -> None:
    """Each committee's plan, milestones and items, for the district's people."""
    district = District.objects.get(slug=district_slug)
    people = {user.username: user for user in User.objects.filter(district=district)}
    today = access.district_today(district)
    for demo in PLANS[district_slug]:
        _follow_ups(_committee(district, demo.committee), people, today, demo)


def _committee(district: District, slug: str) -> Committee:
    if slug == "district":
        return Committee.objects.get(district=district, building__isnull=True)
    return Committee.objects.get(district=district, building__slug=slug)


def _on(today: datetime.date, days: int) -> datetime.date:
    return today + datetime.timedelta(days=days)


def _follow_ups(committee: Committee, people: dict, today: datetime.date, demo: DemoPlan) -> None:
    chair = (
        Membership.objects.filter(
            committee=committee, position=Position.CHAIR, ended_at__isnull=True
        )
        .first()
        .user
    )
    # The plan the demo made, whatever year it was made in: a later run adds nothing.
    plan = (
        ImprovementPlan.objects.filter(committee=committee, title=PLAN_TITLE)
        .order_by("-school_year")
        .first()
    )
    if plan is None:
        plan = services.plan_create(
            committee=committee,
            school_year=school_year_of(today),
            title=PLAN_TITLE,
            by=None,
        )
    milestones = {}
    for milestone in demo.milestones:
        milestones[milestone.key] = Milestone.objects.filter(
            plan=plan, title=milestone.title
        ).first() or (
            services.milestone_create(
                plan=plan,
                title=milestone.title,
                public_title=milestone.public_title,
                category=milestone.category,
                target_date=_on(today, milestone.target_in),
                visibility=milestone.level,
                by=None,
            )
        )
    for item in demo.items:
        _item(committee, chair, people, milestones, today, item)
    if demo.shared is not None:
        _shared(committee, chair, people, today, demo.shared)


def _shared(committee, chair, people, today, shared: SharedItem) -> None:
    item = ActionItem.objects.filter(committee=committee, title=shared.title).first()
    if item is None:
        with acting_as(chair):
            item = services.action_item_create(
                committee=committee,
                title=shared.title,
                description=shared.description,
                visibility=Level.RESTRICTED,
                category=C.FACILITIES,
                assignee=people[shared.assignee],
                due_date=_on(today, shared.due_in),
                by=chair,
            )
            committees.named_grant_add(record=item, user=people[shared.shared_with], by=chair)
    # The person it was shared with opened it: a read of a restricted record, on record.
    access.record_reads(people[shared.shared_with], [item], via="page")


def _item(committee, chair, people, milestones, today, demo: DemoItem) -> None:
    if ActionItem.objects.filter(committee=committee, title=demo.title).exists():
        return
    # The audit trail names whoever did each step, as it would have on the pages.
    with acting_as(chair):
        item = services.action_item_create(
            committee=committee,
            title=demo.title,
            description=demo.description,
            visibility=demo.level,
            source=demo.source,
            source_detail=demo.source_detail,
            category=milestones[demo.milestone].category if demo.milestone else C.OTHER,
            priority=ActionItem.Priority.HIGH if demo.due_in < 0 else ActionItem.Priority.MEDIUM,
            assignee=people[demo.assignee],
            due_date=_on(today, demo.due_in),
            milestone=milestones.get(demo.milestone),
            by=chair,
        )
    who = people[demo.assignee]
    with acting_as(who):
        for step in STATUS_PATH[demo.status]:
            note = "Waiting on another department." if step == S.BLOCKED else ""
            # Cancelling is the chair's decision, never the assignee's alone.
            by = chair if step == S.CANCELLED else who
            with acting_as(by):
                services.action_item_set_status(item=item, status=step, by=by, note=note)
        if demo.status == S.IN_PROGRESS:
            services.action_item_add_progress(item=item, by=who, note="Work has started.")
        if demo.status == S.DONE:
            services.action_item_add_evidence(
                item=item,
                by=who,
                note="Completed; sign-off sheet attached.",
                files=[ContentFile(f"Sign-off: {demo.title}\n".encode(), name="sign-off.txt")],
            )
    if demo.status == S.DONE and demo.due_in < -20:
        with acting_as(chair):
            services.action_item_verify(item=item, by=chair)
