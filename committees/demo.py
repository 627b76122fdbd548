"""The demo data, modelled on the Westport district pages in shared/seeds.

A fictional Connecticut district whose safety page promises to "meet regularly with
local safety officials to identify areas for continued improvement ... and establish a
timeline for implementing changes", with a committee at each building. Every record is
looked up by a natural key before it is created, so running the seed twice changes
nothing. Writes go through the services, as they would in the product.
"""

import datetime

from auditlog.context import set_actor as acting_as
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile

from committees import access, services, subscriptions
from committees.models import (
    Building,
    Category,
    Committee,
    District,
    Level,
    Membership,
    Position,
    PublicTextChange,
    RepresentationRule,
    SeatProposal,
)
from followups.models import ActionItem, ImprovementPlan, Milestone, WorkCategory
from notifications import services as notifications
from notifications.models import Kind, Mode, Subscription
from publishing.models import PublicUpdate
from safety_portal.school_calendar import school_year_of

User = get_user_model()

DEFAULT_PASSWORD = "westport-demo-2026"  # noqa: S105 - demo only, printed by `make demo`
DISTRICT_NAME = "Westport Public Schools"
EMAIL_DOMAIN = "westportps.example.org"
MILLBROOK_EMAIL_DOMAIN = "millbrookregional.example.org"

S, C, R = ActionItem.Status, WorkCategory, Level


def seed(*, password: str) -> list[tuple[str, str]]:
    """Create what is missing; return the demo sign-ins as (username, who they are)."""
    westport = _district(
        slug="westport",
        name=DISTRICT_NAME,
        state="CT",
        tip_line="Safe School Tip Line, 1-800-555-0142 (call or text, answered by trained staff)",
        contact="Office of School Safety and Security, 110 Myrtle Avenue, Westport",
        forbidden="Code Silver\nRoom B-114\nE-7",
    )
    buildings = _buildings(westport, WESTPORT_BUILDINGS)
    _rules(westport)
    people = _people(westport, WESTPORT_PEOPLE, password, EMAIL_DOMAIN)
    if not people["district.admin"].is_district_admin:
        services.district_admin_set(user=people["district.admin"], is_admin=True)
    for username, slug in PRINCIPALS.items():
        if not buildings[slug].administrators.filter(pk=people[username].pk).exists():
            services.building_admin_set(
                building=buildings[slug], user=people[username], is_admin=True
            )
    _notification_choices(westport, people)
    committees = _committees(westport, buildings)
    _seats(committees, people, WESTPORT_SEATS, westport)
    _proposal(committees, people)
    _follow_ups(committees, people, westport, FOLLOW_UPS)
    _subscribers(westport, buildings)
    _updates(committees, people)

    millbrook = _district(
        slug="millbrook",
        name="Millbrook Regional School District",
        state="MA",
        tip_line="Millbrook Safety Line, 1-800-555-0199",
        contact="Millbrook Regional School District, 12 Depot Street, Millbrook",
        forbidden="Code Yellow\nRoom 214",
    )
    millbrook_buildings = _buildings(millbrook, MILLBROOK_BUILDINGS)
    other = _people(millbrook, MILLBROOK_PEOPLE, password, MILLBROOK_EMAIL_DOMAIN)
    if not other["admin.other"].is_district_admin:
        services.district_admin_set(user=other["admin.other"], is_admin=True)
    millbrook_committees = _committees(millbrook, millbrook_buildings)
    _seats(millbrook_committees, other, MILLBROOK_SEATS, millbrook)
    _follow_ups(millbrook_committees, other, millbrook, MILLBROOK_FOLLOW_UPS)

    return sign_ins()


# --- districts, buildings, rules -------------------------------------------------------


def _district(*, slug, name, state, tip_line, contact, forbidden) -> District:
    district, _ = District.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "state": state,
            "time_zone": "America/New_York",
            "emergency_number": "911",
            "tip_line": tip_line,
            "safety_office_contact": contact,
            "forbidden_public_terms": forbidden,
        },
    )
    return district


WESTPORT_BUILDINGS = [
    ("harbor-view", "Harbor View Elementary School", Building.Level.ELEMENTARY, "45 Bayberry Lane"),
    ("cedar-point", "Cedar Point Middle School", Building.Level.MIDDLE, "160 North Avenue"),
    ("westport-high", "Westport High School", Building.Level.HIGH, "70 North Avenue"),
]
MILLBROOK_BUILDINGS = [
    ("millbrook-high", "Millbrook Regional High School", Building.Level.HIGH, "400 Main Road"),
]


def _buildings(district, rows) -> dict[str, Building]:
    buildings = {}
    for slug, name, level, address in rows:
        buildings[slug], _ = Building.objects.get_or_create(
            district=district,
            slug=slug,
            defaults={"name": name, "level": level, "address": address},
        )
    return buildings


RULES = [
    (
        Category.SAFETY_OFFICIAL,
        2,
        "building",
        "C.G.S. 10-222m: a local police officer and a local first responder (fire or EMS)",
    ),
    (Category.STAFF, 1, "building", "C.G.S. 10-222m: a teacher of the school"),
    (Category.ADMINISTRATOR, 1, "building", "C.G.S. 10-222m: an administrator of the school"),
    (Category.MENTAL_HEALTH, 1, "building", "C.G.S. 10-222m: a mental health professional"),
    (Category.FAMILY, 1, "all", "C.G.S. 10-222m: a parent or guardian"),
    (Category.STUDENT, 1, "high", "Board policy: a student voice on high school committees"),
    (Category.SAFETY_OFFICIAL, 2, "district", "Police and a first responder (fire or EMS)"),
]


def _rules(district) -> None:
    for category, minimum, applies_to, note in RULES:
        RepresentationRule.objects.get_or_create(
            district=district,
            category=category,
            applies_to=applies_to,
            defaults={"minimum": minimum, "note": note},
        )


# --- people ------------------------------------------------------------------------------

# username: (first, last, title, organization)
WESTPORT_PEOPLE = {
    "district.admin": (
        "Maria",
        "Delgado",
        "Director of School Safety and Security",
        "Westport Public Schools",
    ),
    "principal.high": ("James", "Okafor", "Principal", "Westport High School"),
    "chair.high": ("Linda", "Marsh", "Dean of Students", "Westport High School"),
    "secretary.high": ("Thomas", "Brennan", "English Teacher", "Westport High School"),
    "staff.high": ("Kevin", "Walsh", "Head Custodian", "Westport High School"),
    "counselor.high": ("Aisha", "Bello", "School Counselor", "Westport High School"),
    "officer.high": ("Daniel", "Reyes", "School Resource Officer", "Westport Police Department"),
    "parent.high": ("Jennifer", "Hughes", "Parent, PTA safety liaison", "Westport High School PTA"),
    "student.high": ("Marcus", "Chen", "Grade 11 class representative", "Westport High School"),
    "parent.middle": ("Rosa", "Almeida", "Parent of a Grade 7 student", "Cedar Point Middle PTA"),
    "principal.middle": ("Gregory", "Lin", "Principal", "Cedar Point Middle School"),
    "chair.middle": ("Hannah", "Osei", "Assistant Principal", "Cedar Point Middle School"),
    "teacher.middle": ("Paul", "Novak", "Science Teacher", "Cedar Point Middle School"),
    "psychologist.middle": ("Elena", "Vasquez", "School Psychologist", "Cedar Point Middle School"),
    "officer.middle": ("Keisha", "Grant", "Patrol Officer", "Westport Police Department"),
    "principal.elementary": ("Susan", "Park", "Principal", "Harbor View Elementary School"),
    "chair.elementary": ("Robert", "Fiore", "Grade 4 Teacher", "Harbor View Elementary School"),
    "nurse.elementary": ("Laura", "Kim", "School Nurse", "Harbor View Elementary School"),
    "parent.elementary": ("David", "Mensah", "Parent of a kindergartner", "Harbor View PTA"),
    "lt.police": (
        "Michael",
        "Sullivan",
        "Lieutenant, Youth Services",
        "Westport Police Department",
    ),
    "deputy.fire": ("Karen", "Doyle", "Deputy Fire Marshal", "Westport Fire Department"),
    "ems.captain": ("Samuel", "Ortiz", "EMS Captain", "Westport Volunteer EMS"),
    "social.worker": ("Naomi", "Feld", "District Social Worker", "Westport Public Schools"),
    "pta.council": ("Carmen", "Ruiz", "PTA Council Safety Chair", "Westport PTA Council"),
    "bus.contractor": (
        "Denise",
        "Walker",
        "Safety and Training Manager",
        "Saugatuck Student Transportation (school bus contractor)",
    ),
    "fire.marshal": ("Brian", "Cole", "Fire Marshal", "Westport Fire Department"),
    "facilities.director": (
        "Anthony",
        "Russo",
        "Director of Facilities",
        "Westport Public Schools",
    ),
}
MILLBROOK_PEOPLE = {
    "admin.other": (
        "Robert",
        "Kline",
        "Director of Operations and Safety",
        "Millbrook Regional School District",
    ),
    "chair.millbrook": ("Janet", "Price", "Assistant Principal", "Millbrook Regional High School"),
    "nurse.millbrook": ("Ellen", "Murphy", "School Nurse", "Millbrook Regional High School"),
    "officer.millbrook": ("Scott", "Duffy", "Sergeant", "Millbrook Police Department"),
    "parent.millbrook": ("Omar", "Haddad", "Parent", "Millbrook Regional High School PTO"),
}
PRINCIPALS = {
    "principal.high": "westport-high",
    "principal.middle": "cedar-point",
    "principal.elementary": "harbor-view",
}


def _people(district, rows, password, domain) -> dict:
    """The district's people; a password is set only when the person is created."""
    people = {}
    hashed = None
    for username, (first, last, title, organization) in rows.items():
        person = User.objects.filter(username=username).first()
        if person is None:
            hashed = hashed or make_password(password)  # once: hashing is slow on purpose
            person = User.objects.create(
                username=username,
                password=hashed,
                email=f"{username}@{domain}",
                first_name=first,
                last_name=last,
                title=title,
                organization=organization,
                district=district,
            )
        people[username] = person
    return people


# Westport wants assignments and cancellations heard at once; some people read their
# mail in Spanish or Portuguese, and a parent prefers the weekly digest for meetings.
MANDATORY_NOTIFICATIONS = [Kind.ITEM_ASSIGNED, Kind.MEETING_CANCELLED]
LANGUAGES = {"pta.council": "es", "parent.middle": "pt", "bus.contractor": "es"}
DIGEST_ONLY = {"parent.high": [Kind.MEETING_SCHEDULED, Kind.MEETING_CHANGED]}


def _notification_choices(district, people) -> None:
    if not district.mandatory_notifications:
        district.mandatory_notifications = [str(kind) for kind in MANDATORY_NOTIFICATIONS]
        district.save(update_fields=["mandatory_notifications"])
    for username, language in LANGUAGES.items():
        if not people[username].language:
            notifications.preferences_save(user=people[username], modes={}, language=language)
    for username, kinds in DIGEST_ONLY.items():
        notifications.preferences_save(
            user=people[username], modes={str(kind): Mode.DIGEST for kind in kinds}
        )


# --- committees and seats -------------------------------------------------------------------

COMMITTEE_PURPOSE = (
    "Reviews the building's safety and security plan, drills and concerns from the "
    "community, and sets a timeline for improvements."
)


def _committees(district, buildings) -> dict[str, Committee]:
    committees = {}
    for slug, building in buildings.items():
        committee = Committee.objects.filter(
            building=building
        ).first() or services.committee_create(
            district=district,
            building=building,
            name=f"{building.name} Safety Committee",
            purpose=COMMITTEE_PURPOSE,
        )
        committees[slug] = committee
    if district.slug == "westport":
        committees["district"] = Committee.objects.filter(
            district=district, building__isnull=True
        ).first() or services.committee_create(
            district=district,
            name="District Safety Committee",
            purpose="Meets with the police and fire departments to coordinate safety across "
            "all buildings and keep the community informed.",
        )
    return committees


def _term_start(district) -> datetime.date:
    """The first day of school in late August, far enough back for the oldest meeting.

    Early in the school year (or in summer) the seats date from the year before, so
    that every past demo meeting has its members in force.
    """
    today = access.district_today(district)
    start = datetime.date(school_year_of(today), 8, 25)
    if (today - start).days < 75:
        start = start.replace(year=start.year - 1)
    return start


# committee: [(username, category, position, cleared, term end in days from today or None)]
# Each building seats a police officer and a first responder (C.G.S. 10-222m).
WESTPORT_SEATS = {
    "westport-high": [
        ("chair.high", Category.STAFF, Position.CHAIR, True, None),
        ("principal.high", Category.ADMINISTRATOR, Position.MEMBER, True, None),
        ("secretary.high", Category.STAFF, Position.SECRETARY, True, None),
        ("staff.high", Category.STAFF, Position.MEMBER, False, None),
        ("counselor.high", Category.MENTAL_HEALTH, Position.MEMBER, True, None),
        ("officer.high", Category.SAFETY_OFFICIAL, Position.MEMBER, True, None),
        ("deputy.fire", Category.SAFETY_OFFICIAL, Position.MEMBER, True, None),
        ("parent.high", Category.FAMILY, Position.MEMBER, False, None),
        ("student.high", Category.STUDENT, Position.MEMBER, False, None),
    ],
    # Officer Grant's term ends within 30 days: the roster flags the seat.
    "cedar-point": [
        ("chair.middle", Category.ADMINISTRATOR, Position.CHAIR, True, None),
        ("principal.middle", Category.ADMINISTRATOR, Position.MEMBER, True, None),
        ("teacher.middle", Category.STAFF, Position.SECRETARY, False, None),
        ("psychologist.middle", Category.MENTAL_HEALTH, Position.MEMBER, True, None),
        ("officer.middle", Category.SAFETY_OFFICIAL, Position.MEMBER, True, 20),
        ("ems.captain", Category.SAFETY_OFFICIAL, Position.MEMBER, True, None),
        ("parent.middle", Category.FAMILY, Position.MEMBER, False, None),
    ],
    # The elementary committee has no mental health professional yet: an empty seat.
    "harbor-view": [
        ("chair.elementary", Category.STAFF, Position.CHAIR, True, None),
        ("principal.elementary", Category.ADMINISTRATOR, Position.MEMBER, True, None),
        ("nurse.elementary", Category.STAFF, Position.MEMBER, True, None),
        ("officer.middle", Category.SAFETY_OFFICIAL, Position.MEMBER, True, None),
        ("deputy.fire", Category.SAFETY_OFFICIAL, Position.MEMBER, True, None),
        ("parent.elementary", Category.FAMILY, Position.MEMBER, False, None),
    ],
    "district": [
        ("district.admin", Category.ADMINISTRATOR, Position.CHAIR, True, None),
        ("lt.police", Category.SAFETY_OFFICIAL, Position.MEMBER, True, None),
        ("deputy.fire", Category.SAFETY_OFFICIAL, Position.MEMBER, True, None),
        ("ems.captain", Category.SAFETY_OFFICIAL, Position.MEMBER, True, None),
        ("principal.high", Category.ADMINISTRATOR, Position.MEMBER, True, None),
        ("principal.middle", Category.ADMINISTRATOR, Position.MEMBER, True, None),
        ("principal.elementary", Category.ADMINISTRATOR, Position.MEMBER, True, None),
        ("social.worker", Category.MENTAL_HEALTH, Position.SECRETARY, True, None),
        ("pta.council", Category.FAMILY, Position.MEMBER, False, None),
        ("student.high", Category.STUDENT, Position.MEMBER, False, None),
        ("bus.contractor", Category.COMMUNITY, Position.MEMBER, False, None),
    ],
}
MILLBROOK_SEATS = {
    "millbrook-high": [
        ("chair.millbrook", Category.ADMINISTRATOR, Position.CHAIR, True, None),
        ("nurse.millbrook", Category.STAFF, Position.SECRETARY, True, None),
        ("officer.millbrook", Category.SAFETY_OFFICIAL, Position.MEMBER, True, None),
        ("parent.millbrook", Category.FAMILY, Position.MEMBER, False, None),
    ],
}


def _seats(committees, people, seats, district) -> None:
    start = _term_start(district)
    today = access.district_today(district)
    for slug, rows in seats.items():
        committee = committees[slug]
        for username, category, position, cleared, ends_in in rows:
            person = people[username]
            if Membership.objects.filter(
                committee=committee, user=person, ended_at__isnull=True
            ).exists():
                continue
            services.membership_add(
                committee=committee,
                user=person,
                category=category,
                position=position,
                restricted_clearance=cleared,
                term_start=start,
                term_end=today + datetime.timedelta(days=ends_in) if ends_in else None,
            )


def _proposal(committees, people) -> None:
    """Separation of duties: the chair asks for the head custodian's clearance (he holds
    the keys and the door schedules); it waits for the principal to confirm or decline."""
    seat = Membership.objects.get(
        committee=committees["westport-high"], user=people["staff.high"], ended_at__isnull=True
    )
    if SeatProposal.objects.filter(membership=seat).exists() or seat.restricted_clearance:
        return
    services.membership_change(membership=seat, restricted_clearance=True, by=people["chair.high"])


# --- follow-ups: plans, milestones, action items ------------------------------------------


def _on(today: datetime.date, days: int) -> datetime.date:
    return today + datetime.timedelta(days=days)


# Per building: milestones (key, title, public title, category, level, days from today)
# and items (title, milestone key, level, status, assignee, days due, source, detail, text).
FOLLOW_UPS = {
    "westport-high": {
        "milestones": [
            (
                "entrance",
                "Main entrance vestibule and visitor management",
                "Entrance security upgrades",
                C.ACCESS_CONTROL,
                R.COMMITTEE,
                110,
            ),
            (
                "keys",
                "Rekey exterior doors and audit master key holders",
                "Door and key control improvements",
                C.ACCESS_CONTROL,
                R.RESTRICTED,
                60,
            ),
            (
                "training",
                "Staff emergency training refresher",
                "Staff emergency training",
                C.TRAINING,
                R.COMMITTEE,
                40,
            ),
            (
                "radios",
                "Two-way radios for lunch duty and the bus loop",
                "Emergency communication equipment",
                C.COMMUNICATION,
                R.COMMITTEE,
                95,
            ),
        ],
        "items": [
            (
                "Install buzzer-and-camera entry at the main vestibule",
                "entrance",
                R.COMMITTEE,
                S.IN_PROGRESS,
                "facilities.director",
                80,
                ActionItem.Source.ASSESSMENT,
                "2026 security and vulnerability assessment",
                "Contractor quote approved by the Board of Finance; install over February break.",
            ),
            (
                "Print visitor badges at the front office",
                "entrance",
                R.COMMITTEE,
                S.DONE,
                "secretary.high",
                -30,
                ActionItem.Source.MEETING,
                "September meeting",
                "Badge printer installed and front office staff trained.",
            ),
            (
                "Rekey doors E-3 through E-9 after the lost master key",
                "keys",
                R.RESTRICTED,
                S.OPEN,
                "facilities.director",
                -21,
                ActionItem.Source.INCIDENT,
                "Master key reported missing, October 2",
                "Locksmith to rekey the six east-wing exterior doors; collect all old keys.",
            ),
            (
                "Audit master key holders against the HR roster",
                "keys",
                R.RESTRICTED,
                S.BLOCKED,
                "chair.high",
                15,
                ActionItem.Source.INCIDENT,
                "",
                "Waiting for the HR export of current staff.",
            ),
            (
                "Camera coverage gap at the loading dock",
                "keys",
                R.RESTRICTED,
                S.OPEN,
                "principal.high",
                45,
                ActionItem.Source.ASSESSMENT,
                "2026 security and vulnerability assessment",
                "The dock door is out of view of the two existing cameras after 3 p.m.",
            ),
            (
                "Lockdown refresher for all staff on the January PD day",
                "training",
                R.COMMITTEE,
                S.OPEN,
                "counselor.high",
                38,
                ActionItem.Source.DRILL,
                "October lockdown drill debrief",
                "Cover classroom door checks and what to do during passing time.",
            ),
            (
                "Emergency packet for substitute teachers",
                "training",
                R.COMMITTEE,
                S.DONE,
                "secretary.high",
                -12,
                ActionItem.Source.MEETING,
                "October meeting",
                "One-page packet with evacuation routes and the reunification card.",
            ),
            (
                "Order twelve two-way radios",
                "radios",
                R.COMMITTEE,
                S.OPEN,
                "principal.high",
                -10,
                ActionItem.Source.DRILL,
                "October evacuation drill",
                "Lunch duty staff could not reach the main office during the drill.",
            ),
            (
                "Radio channel plan with police dispatch",
                "radios",
                R.RESTRICTED,
                S.IN_PROGRESS,
                "officer.high",
                50,
                ActionItem.Source.MEETING,
                "November meeting",
                "Agree on the channel and call signs for school incidents.",
            ),
            (
                "Replace the gym PA speakers",
                None,
                R.COMMITTEE,
                S.CANCELLED,
                "facilities.director",
                20,
                ActionItem.Source.CONCERN,
                "Concern from a parent",
                "Covered by the town's capital project instead.",
            ),
            (
                "Replace faded evacuation maps in classrooms",
                None,
                R.COMMITTEE,
                S.OPEN,
                "staff.high",
                -9,
                ActionItem.Source.DRILL,
                "October evacuation drill",
                "Maps in the B and C wings are sun-faded and still show the old library exit.",
            ),
            (
                "Repaint faded crosswalk at the student parking lot",
                None,
                R.COMMITTEE,
                S.OPEN,
                "facilities.director",
                30,
                ActionItem.Source.CONCERN,
                "Community concern",
                "Public Works agreed to repaint before spring.",
            ),
        ],
        "shared": ("Fire alarm panel access during evening events", "fire.marshal"),
    },
    "cedar-point": {
        "milestones": [
            (
                "doors",
                "Classroom door locks that lock from inside",
                "Classroom door hardware",
                C.FACILITIES,
                R.COMMITTEE,
                150,
            ),
            (
                "reunify",
                "Update the family reunification plan",
                "Family reunification planning",
                C.COMMUNICATION,
                R.RESTRICTED,
                120,
            ),
        ],
        "items": [
            (
                "Survey classroom doors that still lock only from the hallway",
                "doors",
                R.RESTRICTED,
                S.DONE,
                "teacher.middle",
                -40,
                ActionItem.Source.ASSESSMENT,
                "Door-hardware survey",
                "Survey complete: rooms listed in the restricted annex.",
            ),
            (
                "Budget request for interior-locking hardware",
                "doors",
                R.COMMITTEE,
                S.IN_PROGRESS,
                "principal.middle",
                25,
                ActionItem.Source.MEETING,
                "October meeting",
                "Quote for 38 classroom locks that lock from inside; goes to the Board of Finance "
                "in January.",
            ),
            (
                "Choose an alternate reunification site with police",
                "reunify",
                R.RESTRICTED,
                S.OPEN,
                "officer.middle",
                -5,
                ActionItem.Source.DRILL,
                "Reunification tabletop",
                "The current site floods in heavy rain.",
            ),
            (
                "Translate the reunification card into Spanish and Portuguese",
                "reunify",
                R.COMMITTEE,
                S.OPEN,
                "chair.middle",
                60,
                ActionItem.Source.CONCERN,
                "Families at the fall open house",
                "Families asked for the card in the languages they read at home; the district "
                "translators have the English text.",
            ),
        ],
    },
    "harbor-view": {
        "milestones": [
            (
                "pickup",
                "Safer afternoon pick-up loop",
                "Arrival and dismissal safety",
                C.TRANSPORTATION,
                R.COMMITTEE,
                90,
            ),
        ],
        "items": [
            (
                "Add a crossing guard at the Bayberry Lane entrance",
                "pickup",
                R.COMMITTEE,
                S.IN_PROGRESS,
                "principal.elementary",
                30,
                ActionItem.Source.CONCERN,
                "Concern from the PTA",
                "Cars queue across the crosswalk at 3:10 p.m.; the police traffic unit will "
                "observe pick-up for a week first.",
            ),
            (
                "Replace the broken playground gate latch",
                None,
                R.COMMITTEE,
                S.DONE,
                "facilities.director",
                -15,
                ActionItem.Source.CONCERN,
                "Community concern",
                "The latch no longer catches, so the gate to the street swings open; parts ordered "
                "and installed.",
            ),
            (
                "Recruit a mental health professional for the committee",
                None,
                R.COMMITTEE,
                S.OPEN,
                "chair.elementary",
                -3,
                ActionItem.Source.NONE,
                "",
                "The seat required by C.G.S. 10-222m is empty.",
            ),
            (
                "Shelter-in-place practice with the kindergarten classes",
                None,
                R.COMMITTEE,
                S.OPEN,
                "chair.elementary",
                14,
                ActionItem.Source.MEETING,
                "November meeting",
                "Short, calm practice with the classroom teachers; letter home to families first.",
            ),
            (
                "Kindergarten wing exterior door does not latch on its own",
                None,
                R.RESTRICTED,
                S.IN_PROGRESS,
                "facilities.director",
                -8,
                ActionItem.Source.ASSESSMENT,
                "Police walk-through",
                "The closer is worn; the door stays ajar after recess until someone pulls it.",
            ),
            (
                "Pre-assign staff to the student release table for reunification",
                None,
                R.RESTRICTED,
                S.OPEN,
                "principal.elementary",
                40,
                ActionItem.Source.DRILL,
                "Reunification tabletop",
                "Two staff per grade, with a backup list; keep the list off the public plan.",
            ),
        ],
    },
    "district": {
        "milestones": [
            (
                "drills",
                "Crisis response drills planned with the police at every school",
                "Emergency drills",
                C.DRILLS,
                R.COMMITTEE,
                60,
            ),
            (
                "threat",
                "Threat assessment team protocol and roster",
                "Student support and threat assessment",
                C.MENTAL_HEALTH,
                R.RESTRICTED,
                75,
            ),
        ],
        "items": [
            (
                "File each school's security and safety plan with DESPP",
                None,
                R.COMMITTEE,
                S.DONE,
                "district.admin",
                -25,
                ActionItem.Source.NONE,
                "C.G.S. 10-222m annual filing",
                "Plans for all three schools reviewed by the committees and filed.",
            ),
            (
                "Schedule this year's crisis response drills with Westport PD",
                "drills",
                R.COMMITTEE,
                S.IN_PROGRESS,
                "lt.police",
                -4,
                ActionItem.Source.MEETING,
                "October meeting",
                "Every third month a crisis response drill replaces the fire drill (C.G.S. "
                "10-231); dates for all three schools, with police evaluators.",
            ),
            (
                "Bus evacuation drill on every route",
                "drills",
                R.COMMITTEE,
                S.OPEN,
                "bus.contractor",
                30,
                ActionItem.Source.NONE,
                "",
                "Drivers run the drill at each school during the first bus run of the day.",
            ),
            (
                "Police access to live school camera feeds during an emergency",
                None,
                R.RESTRICTED,
                S.BLOCKED,
                "lt.police",
                20,
                ActionItem.Source.ASSESSMENT,
                "2026 security and vulnerability assessment",
                "Waiting for the town IT department to approve the dispatch connection.",
            ),
            (
                "Update the threat assessment team protocol and roster",
                "threat",
                R.RESTRICTED,
                S.OPEN,
                "social.worker",
                45,
                ActionItem.Source.NONE,
                "",
                "Name the team at each school, align with the state model policy, and set how "
                "reports under C.G.S. 10-222k reach the team.",
            ),
        ],
    },
}

MILLBROOK_FOLLOW_UPS = {
    "millbrook-high": {
        "milestones": [
            (
                "evacuation",
                "Multi-hazard evacuation plan reviewed with the fire and police chiefs",
                "Annual emergency plan review",
                C.DRILLS,
                R.COMMITTEE,
                50,
            ),
        ],
        "items": [
            (
                "Review the evacuation plan with the fire and police chiefs",
                "evacuation",
                R.COMMITTEE,
                S.IN_PROGRESS,
                "chair.millbrook",
                30,
                ActionItem.Source.NONE,
                "MGL c.69 §8A annual review",
                "Meeting with both chiefs set; bring last year's drill reports.",
            ),
            (
                "Update the medical emergency response plan and AED map",
                None,
                R.COMMITTEE,
                S.OPEN,
                "nurse.millbrook",
                -10,
                ActionItem.Source.DRILL,
                "Cardiac emergency drill",
                "The AED by the gym moved during the renovation; the map still shows the old spot.",
            ),
            (
                "Replace the fire door closer in the science wing",
                None,
                R.RESTRICTED,
                S.OPEN,
                "chair.millbrook",
                21,
                ActionItem.Source.ASSESSMENT,
                "Annual fire inspection",
                "The door no longer closes on its own; noted at the fire inspection.",
            ),
            (
                "Athletic entrance propped open during after-school practices",
                None,
                R.RESTRICTED,
                S.OPEN,
                "officer.millbrook",
                14,
                ActionItem.Source.CONCERN,
                "Evening patrol check",
                "Found propped open twice in October; coaches to be reminded and a door alarm "
                "quoted.",
            ),
        ],
    },
}

PLAN_TITLE = "Safety improvement plan"

STATUS_PATH = {
    S.OPEN: [],
    S.IN_PROGRESS: [S.IN_PROGRESS],
    S.BLOCKED: [S.BLOCKED],
    S.DONE: [S.IN_PROGRESS, S.DONE],
    S.CANCELLED: [S.CANCELLED],
}


def _follow_ups(committees, people, district, follow_ups) -> None:
    today = access.district_today(district)
    year = school_year_of(today)
    for slug, spec in follow_ups.items():
        committee = committees[slug]
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
                school_year=year,
                title=PLAN_TITLE,
                by=None,
            )
        milestones = {}
        for key, title, public_title, category, level, days in spec["milestones"]:
            milestones[key] = Milestone.objects.filter(plan=plan, title=title).first() or (
                services.milestone_create(
                    plan=plan,
                    title=title,
                    public_title=public_title,
                    category=category,
                    target_date=_on(today, days),
                    visibility=level,
                    by=None,
                )
            )
        for row in spec["items"]:
            _item(committee, chair, people, milestones, today, *row)
        if "shared" in spec:
            title, username = spec["shared"]
            item = ActionItem.objects.filter(committee=committee, title=title).first()
            if item is None:
                with acting_as(chair):
                    item = services.action_item_create(
                        committee=committee,
                        title=title,
                        description="Who holds the panel code after 6 p.m. when the custodian "
                        "has left; the fire marshal inspects on March 3.",
                        visibility=Level.RESTRICTED,
                        category=C.FACILITIES,
                        assignee=people["chair.high"],
                        due_date=_on(today, 35),
                        by=chair,
                    )
                    services.named_grant_add(record=item, user=people[username], by=chair)
                # The fire marshal opened it: a read of a restricted record, on record.
                access.record_reads(people[username], [item], via="page")


def _item(
    committee,
    chair,
    people,
    milestones,
    today,
    title,
    milestone,
    level,
    status,
    assignee,
    due_in,
    source,
    detail,
    text,
) -> None:
    if ActionItem.objects.filter(committee=committee, title=title).exists():
        return
    # The audit trail names whoever did each step, as it would have on the pages.
    with acting_as(chair):
        item = services.action_item_create(
            committee=committee,
            title=title,
            description=text,
            visibility=level,
            source=source,
            source_detail=detail,
            category=milestones[milestone].category if milestone else C.OTHER,
            priority=ActionItem.Priority.HIGH if due_in < 0 else ActionItem.Priority.MEDIUM,
            assignee=people[assignee],
            due_date=_on(today, due_in),
            milestone=milestones.get(milestone),
            by=chair,
        )
    who = people[assignee]
    with acting_as(who):
        for step in STATUS_PATH[status]:
            note = "Waiting on another department." if step == S.BLOCKED else ""
            # Cancelling is the chair's decision, never the assignee's alone.
            by = chair if step == S.CANCELLED else who
            with acting_as(by):
                services.action_item_set_status(item=item, status=step, by=by, note=note)
        if status == S.IN_PROGRESS:
            services.action_item_add_progress(item=item, by=who, note="Work has started.")
        if status == S.DONE:
            services.action_item_add_evidence(
                item=item,
                by=who,
                note="Completed; sign-off sheet attached.",
                files=[ContentFile(f"Sign-off: {title}\n".encode(), name="sign-off.txt")],
            )
    if status == S.DONE and due_in < -20:
        with acting_as(chair):
            services.action_item_verify(item=item, by=chair)


# --- sign-ins -------------------------------------------------------------------------------

# The cast the issue asks for, printed first; the rest of the cast follows as extras.
REQUIRED_SIGN_INS = (
    "district.admin",
    "principal.high",
    "chair.high",
    "secretary.high",
    "staff.high",
    "counselor.high",
    "officer.high",
    "parent.high",
    "student.high",
    "parent.middle",
    "admin.other",
)

SIGN_INS = {
    "district.admin": "Maria Delgado, Director of School Safety and Security, district "
    "administrator: everything in Westport, restricted included, and the admin",
    "principal.high": "James Okafor, principal of Westport High (building administrator): all "
    "of the high school's work, restricted included, and the district committee's; confirms "
    "or declines the chair's proposal to clear the head custodian",
    "chair.high": "Linda Marsh, dean of students, chair at Westport High (cleared): committee "
    "and restricted work; manages the roster and assigns follow-ups",
    "secretary.high": "Thomas Brennan, English teacher, secretary at Westport High (cleared): "
    "committee and restricted work; records meetings and minutes",
    "staff.high": "Kevin Walsh, head custodian at Westport High (not cleared): committee work, "
    "never restricted",
    "counselor.high": "Aisha Bello, school counselor at Westport High (cleared): committee and "
    "restricted work",
    "officer.high": "Officer Daniel Reyes, school resource officer, Westport Police (cleared): "
    "the high school's committee and restricted work",
    "parent.high": "Jennifer Hughes, parent member at Westport High: committee work, never "
    "restricted (C.G.S. 10-222m)",
    "student.high": "Marcus Chen, Grade 11 class representative at Westport High and on the "
    "district committee: committee work, never restricted",
    "parent.middle": "Rosa Almeida, parent member at Cedar Point Middle: that committee's work, "
    "never restricted",
    "admin.other": "Robert Kline, district administrator of Millbrook Regional (MA): all of "
    "Millbrook, nothing of Westport",
    # extras
    "fire.marshal": "Brian Cole, Fire Marshal, on no committee: the one restricted item shared "
    "with him by name (the high school's fire alarm panel)",
    "facilities.director": "Anthony Russo, Director of Facilities, on no committee: only the "
    "items assigned to him, restricted ones included",
    "principal.middle": "Gregory Lin, principal of Cedar Point Middle (building administrator): "
    "all of the middle school's work",
    "chair.middle": "Hannah Osei, assistant principal, chair at Cedar Point Middle (cleared); "
    "a police officer's term there ends within 30 days",
    "teacher.middle": "Paul Novak, science teacher, secretary at Cedar Point Middle (not "
    "cleared): committee work, and the one restricted item assigned to him",
    "psychologist.middle": "Elena Vasquez, school psychologist at Cedar Point Middle (cleared): "
    "committee and restricted work",
    "officer.middle": "Officer Keisha Grant, Westport Police, at Cedar Point (term ending soon) "
    "and Harbor View (cleared)",
    "principal.elementary": "Susan Park, principal of Harbor View Elementary (building "
    "administrator): all of that school's work",
    "chair.elementary": "Robert Fiore, Grade 4 teacher, chair at Harbor View Elementary "
    "(cleared); the committee's mental health seat is empty",
    "nurse.elementary": "Laura Kim, school nurse at Harbor View Elementary (cleared): committee "
    "and restricted work",
    "parent.elementary": "David Mensah, parent member at Harbor View Elementary: committee work, "
    "never restricted",
    "lt.police": "Lt. Michael Sullivan, Westport Police, on the district committee (cleared)",
    "deputy.fire": "Karen Doyle, Deputy Fire Marshal, on the district, high school and "
    "elementary committees (cleared)",
    "ems.captain": "Samuel Ortiz, EMS captain, on the district and middle school committees "
    "(cleared)",
    "social.worker": "Naomi Feld, district social worker, secretary of the district committee "
    "(cleared)",
    "pta.council": "Carmen Ruiz, PTA Council safety chair on the district committee: committee "
    "work, never restricted",
    "bus.contractor": "Denise Walker, school bus contractor, community partner on the district "
    "committee (not cleared): committee work",
    "chair.millbrook": "Janet Price, assistant principal, chair at Millbrook Regional High "
    "(cleared)",
    "nurse.millbrook": "Ellen Murphy, school nurse, secretary at Millbrook Regional High (cleared)",
    "officer.millbrook": "Sgt. Scott Duffy, Millbrook Police, at Millbrook Regional High (cleared)",
    "parent.millbrook": "Omar Haddad, parent member at Millbrook Regional High: committee work, "
    "never restricted",
}


def sign_ins() -> list[tuple[str, str]]:
    """The required sign-ins first, in the issue's order, then the extras."""
    extras = [username for username in SIGN_INS if username not in REQUIRED_SIGN_INS]
    return [(username, SIGN_INS[username]) for username in (*REQUIRED_SIGN_INS, *extras)]


# --- four eyes ----------------------------------------------------------------------------


def second_eyes(change, people, *usernames) -> None:
    """Approve a proposed public text by the first of these who may and did not propose it."""
    if change is None:
        return
    for name in usernames:
        person = people[name]
        if person.pk != change.proposed_by_id and access.can(
            person, access.Cap.PUBLISH_PUBLIC_UPDATE, change
        ):
            with acting_as(person):
                services.public_text_approve(change=change, by=person)
            return


# --- public updates ----------------------------------------------------------------------

# (committee, title, body, written by, published by or None, translations, withdrawn reason)
UPDATES = [
    (
        "westport-high",
        "Printed visitor badges at the front office",
        "Every visitor to Westport High School now signs in at the front office and wears a "
        "printed badge with their photo and the date. Please bring a photo ID when you visit. "
        "Thank you for helping us know who is in the building.",
        "secretary.high",
        "chair.high",
        {
            "es": (
                "Credenciales impresas para visitantes en la oficina principal",
                "Todas las personas que visitan Westport High School se registran ahora en la "
                "oficina principal y llevan una credencial impresa con su foto y la fecha. "
                "Traiga una identificación con foto cuando nos visite. Gracias por ayudarnos a "
                "saber quién está en el edificio.",
            ),
            "pt": (
                "Crachás impressos para visitantes na secretaria",
                "Todos os visitantes da Westport High School agora se registram na secretaria e "
                "usam um crachá impresso com foto e data. Traga um documento com foto quando "
                "nos visitar. Obrigado por nos ajudar a saber quem está no prédio.",
            ),
        },
        "",
    ),
    (
        "westport-high",
        "Lockdown drill in October",
        "Students and staff practised a lockdown drill with the Westport Police Department in "
        "October. The committee reviewed the drill and staff will receive a refresher on the "
        "January professional development day. Families do not need to do anything.",
        "secretary.high",
        "principal.high",
        {},
        "",
    ),
    (
        "cedar-point",
        "Safer mornings in the car line",
        "The town traffic officer observed arrival on two mornings. From December, the car line "
        "enters from the north gate only and a second staff member helps at the curb.",
        "teacher.middle",
        "chair.middle",
        {
            "es": (
                "Mañanas más seguras en la fila de autos",
                "El agente de tráfico observó la llegada durante dos mañanas. A partir de "
                "diciembre, la fila de autos entra solo por la puerta norte y un segundo miembro "
                "del personal ayuda en la acera.",
            )
        },
        "",
    ),
    (
        "harbor-view",
        "A family guide to reunification",
        "If the school ever has to move students to another site, families will be told where "
        "and how to pick up their children by text, e-mail and on this page. A plain-language "
        "guide is being written with parents and will be shared this winter.",
        "chair.elementary",
        "principal.elementary",
        {},
        "",
    ),
    (
        "district",
        "Bus evacuation drills on every route",
        "Every school bus route ran its two fall evacuation drills with our transportation "
        "contractor. Students practised leaving by the front and rear doors.",
        "social.worker",
        "district.admin",
        {},
        "",
    ),
    (
        "westport-high",
        "New doors for the east wing",
        "The east wing doors will be replaced during winter break.",
        "secretary.high",
        "chair.high",
        {},
        "Posted before the work was scheduled; a corrected update will follow.",
    ),
    (
        "westport-high",
        "Spring drill schedule",
        "Drills this spring will include an evacuation to the athletic fields and a shelter in "
        "place drill. Dates will be shared with families a week ahead.",
        "secretary.high",
        None,
        {},
        "",
    ),
]


def _updates(committees, people) -> None:
    """Published updates for each building, one in three languages, drafts, a withdrawn one."""
    for slug, title, body, author, publisher, translations, withdrawn in UPDATES:
        committee = committees[slug]
        if PublicUpdate.objects.filter(committee=committee, title=title).exists():
            continue
        with acting_as(people[author]):
            update, _ = services.update_save(
                committee=committee, title=title, body=body, by=people[author]
            )
            for language, (t_title, t_body) in translations.items():
                services.update_translation_save(
                    update=update, language=language, title=t_title, body=t_body, by=people[author]
                )
        if publisher:
            with acting_as(people[publisher]):
                services.update_publish(update=update, by=people[publisher])
                if withdrawn:
                    services.update_withdraw(update=update, by=people[publisher], reason=withdrawn)
    # Four eyes on corrections too: the secretary's correction of a published update
    # waits for the chair, and the public still reads the first text.
    drill = PublicUpdate.objects.get(committee=committees["westport-high"], title=DRILL_UPDATE)
    if not PublicTextChange.objects.filter(
        kind=PublicTextChange.Kind.UPDATE, record_id=drill.pk
    ).exists():
        with acting_as(people["secretary.high"]):
            services.update_correct(
                update=drill,
                title=DRILL_UPDATE,
                body=drill.body.replace(
                    "the January professional development day",
                    "the January 19 professional development day",
                ),
                by=people["secretary.high"],
            )


DRILL_UPDATE = "Lockdown drill in October"


# People of the public who follow the updates by e-mail: (address, school or None,
# language, confirmed).
SUBSCRIBERS = [
    ("r.okonkwo@example.net", "westport-high", "en", True),
    ("familia.garcia@example.net", "cedar-point", "es", True),
    ("ana.souza@example.net", None, "pt", True),
    ("pat.lindqvist@example.net", "harbor-view", "en", False),  # never confirmed
]


def _subscribers(district, buildings) -> None:
    for email, school, language, confirmed in SUBSCRIBERS:
        building = buildings[school] if school else None
        if Subscription.objects.filter(email=email, district=district).exists():
            continue
        subscription = subscriptions.subscription_request(
            email=email, district=district, building=building, language=language
        )
        if confirmed:
            subscriptions.subscription_confirm(token=subscription.token)
