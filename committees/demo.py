"""The demo data, modelled on the Westport district pages in shared/seeds.

A fictional Connecticut district whose safety page promises to "meet regularly with
local safety officials to identify areas for continued improvement ... and establish a
timeline for implementing changes", with a committee at each building. Every record is
looked up by a natural key before it is created, so running the seed twice changes
nothing. Writes go through the services, as they would in the product.
"""

import datetime
from dataclasses import dataclass

from auditlog.context import set_actor as acting_as
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from committees import access, services
from committees.models import (
    Building,
    Category,
    Committee,
    District,
    Level,
    Membership,
    Position,
    RepresentationRule,
    SeatProposal,
)
from notifications import services as notifications
from notifications.models import Kind, Mode
from safety_portal.school_calendar import school_year_of

User = get_user_model()

DEFAULT_PASSWORD = "westport-demo-2026"  # noqa: S105 - demo only, printed by `make demo`
DISTRICT_NAME = "Westport Public Schools"
EMAIL_DOMAIN = "westportps.example.org"
MILLBROOK_EMAIL_DOMAIN = "millbrookregional.example.org"


@dataclass(frozen=True)
class DemoBuilding:
    slug: str
    name: str
    level: str
    address: str


@dataclass(frozen=True)
class DemoRule:
    category: str
    minimum: int
    applies_to: str
    note: str
    or_categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoPerson:
    first_name: str
    last_name: str
    title: str
    organization: str


@dataclass(frozen=True)
class DemoSeat:
    username: str
    category: str
    position: str
    cleared: bool = False
    term_ends_in_days: int | None = None


R = Level


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
    _rules(westport, RULES)
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

    millbrook = _district(
        slug="millbrook",
        name="Millbrook Regional School District",
        state="MA",
        tip_line="Millbrook Safety Line, 1-800-555-0199",
        contact="Millbrook Regional School District, 12 Depot Street, Millbrook",
        forbidden="Code Yellow\nRoom 214",
    )
    millbrook_buildings = _buildings(millbrook, MILLBROOK_BUILDINGS)
    _rules(millbrook, MILLBROOK_RULES)
    other = _people(millbrook, MILLBROOK_PEOPLE, password, MILLBROOK_EMAIL_DOMAIN)
    if not other["admin.other"].is_district_admin:
        services.district_admin_set(user=other["admin.other"], is_admin=True)
    millbrook_committees = _committees(millbrook, millbrook_buildings)
    _seats(millbrook_committees, other, MILLBROOK_SEATS, millbrook)

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
    DemoBuilding(
        slug="harbor-view",
        name="Harbor View Elementary School",
        level=Building.Level.ELEMENTARY,
        address="45 Bayberry Lane",
    ),
    DemoBuilding(
        slug="cedar-point",
        name="Cedar Point Middle School",
        level=Building.Level.MIDDLE,
        address="160 North Avenue",
    ),
    DemoBuilding(
        slug="westport-high",
        name="Westport High School",
        level=Building.Level.HIGH,
        address="70 North Avenue",
    ),
]
MILLBROOK_BUILDINGS = [
    DemoBuilding(
        slug="millbrook-high",
        name="Millbrook Regional High School",
        level=Building.Level.HIGH,
        address="400 Main Road",
    ),
]


def _buildings(district, rows) -> dict[str, Building]:
    buildings = {}
    for row in rows:
        buildings[row.slug], _ = Building.objects.get_or_create(
            district=district,
            slug=row.slug,
            defaults={"name": row.name, "level": row.level, "address": row.address},
        )
    return buildings


# Connecticut (C.G.S. 10-222m): the seats as the statute names them. "A local police
# officer and a local first responder" is one officer and one firefighter or EMT.
RULES = [
    DemoRule(
        category=Category.POLICE,
        minimum=1,
        applies_to="building",
        note="C.G.S. 10-222m: a local police officer",
    ),
    DemoRule(
        category=Category.FIRE,
        or_categories=(Category.EMS,),
        minimum=1,
        applies_to="building",
        note="C.G.S. 10-222m: a local first responder (fire or EMS)",
    ),
    DemoRule(
        category=Category.TEACHER,
        minimum=1,
        applies_to="building",
        note="C.G.S. 10-222m: a teacher of the school",
    ),
    DemoRule(
        category=Category.ADMINISTRATOR,
        minimum=1,
        applies_to="building",
        note="C.G.S. 10-222m: an administrator of the school",
    ),
    DemoRule(
        category=Category.MENTAL_HEALTH,
        minimum=1,
        applies_to="building",
        note="C.G.S. 10-222m: a mental health professional",
    ),
    DemoRule(
        category=Category.FAMILY,
        minimum=1,
        applies_to="all",
        note="C.G.S. 10-222m: a parent or guardian",
    ),
    DemoRule(
        category=Category.STUDENT,
        minimum=1,
        applies_to="high",
        note="Board policy: a student voice on high school committees",
    ),
    DemoRule(
        category=Category.POLICE,
        minimum=1,
        applies_to="district",
        note="Board policy: the police department",
    ),
    DemoRule(
        category=Category.FIRE,
        or_categories=(Category.EMS,),
        minimum=1,
        applies_to="district",
        note="Board policy: a first responder (fire or EMS)",
    ),
]
# Massachusetts (M.G.L. c. 69, s. 8A): the school's plans are made with the police and
# fire chiefs, who sit on Millbrook's committee.
MILLBROOK_RULES = [
    DemoRule(
        category=Category.POLICE,
        minimum=1,
        applies_to="building",
        note="M.G.L. c. 69, s. 8A: the police chief or a designee",
    ),
    DemoRule(
        category=Category.FIRE,
        minimum=1,
        applies_to="building",
        note="M.G.L. c. 69, s. 8A: the fire chief or a designee",
    ),
]


def _rules(district, rules) -> None:
    for rule in rules:
        RepresentationRule.objects.get_or_create(
            district=district,
            category=rule.category,
            applies_to=rule.applies_to,
            defaults={
                "minimum": rule.minimum,
                "note": rule.note,
                "or_categories": list(rule.or_categories),
            },
        )


# --- people ------------------------------------------------------------------------------

# username: who they are
WESTPORT_PEOPLE = {
    "district.admin": DemoPerson(
        first_name="Maria",
        last_name="Delgado",
        title="Director of School Safety and Security",
        organization="Westport Public Schools",
    ),
    "principal.high": DemoPerson(
        first_name="James",
        last_name="Okafor",
        title="Principal",
        organization="Westport High School",
    ),
    "chair.high": DemoPerson(
        first_name="Linda",
        last_name="Marsh",
        title="Dean of Students",
        organization="Westport High School",
    ),
    "secretary.high": DemoPerson(
        first_name="Thomas",
        last_name="Brennan",
        title="English Teacher",
        organization="Westport High School",
    ),
    "staff.high": DemoPerson(
        first_name="Kevin",
        last_name="Walsh",
        title="Head Custodian",
        organization="Westport High School",
    ),
    "counselor.high": DemoPerson(
        first_name="Aisha",
        last_name="Bello",
        title="School Counselor",
        organization="Westport High School",
    ),
    "officer.high": DemoPerson(
        first_name="Daniel",
        last_name="Reyes",
        title="School Resource Officer",
        organization="Westport Police Department",
    ),
    "parent.high": DemoPerson(
        first_name="Jennifer",
        last_name="Hughes",
        title="Parent, PTA safety liaison",
        organization="Westport High School PTA",
    ),
    "student.high": DemoPerson(
        first_name="Marcus",
        last_name="Chen",
        title="Grade 11 class representative",
        organization="Westport High School",
    ),
    "parent.middle": DemoPerson(
        first_name="Rosa",
        last_name="Almeida",
        title="Parent of a Grade 7 student",
        organization="Cedar Point Middle PTA",
    ),
    "principal.middle": DemoPerson(
        first_name="Gregory",
        last_name="Lin",
        title="Principal",
        organization="Cedar Point Middle School",
    ),
    "chair.middle": DemoPerson(
        first_name="Hannah",
        last_name="Osei",
        title="Assistant Principal",
        organization="Cedar Point Middle School",
    ),
    "teacher.middle": DemoPerson(
        first_name="Paul",
        last_name="Novak",
        title="Science Teacher",
        organization="Cedar Point Middle School",
    ),
    "psychologist.middle": DemoPerson(
        first_name="Elena",
        last_name="Vasquez",
        title="School Psychologist",
        organization="Cedar Point Middle School",
    ),
    "officer.middle": DemoPerson(
        first_name="Keisha",
        last_name="Grant",
        title="Patrol Officer",
        organization="Westport Police Department",
    ),
    "principal.elementary": DemoPerson(
        first_name="Susan",
        last_name="Park",
        title="Principal",
        organization="Harbor View Elementary School",
    ),
    "chair.elementary": DemoPerson(
        first_name="Robert",
        last_name="Fiore",
        title="Grade 4 Teacher",
        organization="Harbor View Elementary School",
    ),
    "nurse.elementary": DemoPerson(
        first_name="Laura",
        last_name="Kim",
        title="School Nurse",
        organization="Harbor View Elementary School",
    ),
    "parent.elementary": DemoPerson(
        first_name="David",
        last_name="Mensah",
        title="Parent of a kindergartner",
        organization="Harbor View PTA",
    ),
    "lt.police": DemoPerson(
        first_name="Michael",
        last_name="Sullivan",
        title="Lieutenant, Youth Services",
        organization="Westport Police Department",
    ),
    "deputy.fire": DemoPerson(
        first_name="Karen",
        last_name="Doyle",
        title="Deputy Fire Marshal",
        organization="Westport Fire Department",
    ),
    "ems.captain": DemoPerson(
        first_name="Samuel",
        last_name="Ortiz",
        title="EMS Captain",
        organization="Westport Volunteer EMS",
    ),
    "social.worker": DemoPerson(
        first_name="Naomi",
        last_name="Feld",
        title="District Social Worker",
        organization="Westport Public Schools",
    ),
    "pta.council": DemoPerson(
        first_name="Carmen",
        last_name="Ruiz",
        title="PTA Council Safety Chair",
        organization="Westport PTA Council",
    ),
    "bus.contractor": DemoPerson(
        first_name="Denise",
        last_name="Walker",
        title="Safety and Training Manager",
        organization="Saugatuck Student Transportation (school bus contractor)",
    ),
    "fire.marshal": DemoPerson(
        first_name="Brian",
        last_name="Cole",
        title="Fire Marshal",
        organization="Westport Fire Department",
    ),
    "facilities.director": DemoPerson(
        first_name="Anthony",
        last_name="Russo",
        title="Director of Facilities",
        organization="Westport Public Schools",
    ),
}
MILLBROOK_PEOPLE = {
    "admin.other": DemoPerson(
        first_name="Robert",
        last_name="Kline",
        title="Director of Operations and Safety",
        organization="Millbrook Regional School District",
    ),
    "chair.millbrook": DemoPerson(
        first_name="Janet",
        last_name="Price",
        title="Assistant Principal",
        organization="Millbrook Regional High School",
    ),
    "nurse.millbrook": DemoPerson(
        first_name="Ellen",
        last_name="Murphy",
        title="School Nurse",
        organization="Millbrook Regional High School",
    ),
    "officer.millbrook": DemoPerson(
        first_name="Scott",
        last_name="Duffy",
        title="Sergeant",
        organization="Millbrook Police Department",
    ),
    "police.chief.millbrook": DemoPerson(
        first_name="Paula",
        last_name="Grady",
        title="Chief of Police",
        organization="Millbrook Police Department",
    ),
    "fire.chief.millbrook": DemoPerson(
        first_name="Thomas",
        last_name="Reilly",
        title="Fire Chief",
        organization="Millbrook Fire Department",
    ),
    "parent.millbrook": DemoPerson(
        first_name="Omar",
        last_name="Haddad",
        title="Parent",
        organization="Millbrook Regional High School PTO",
    ),
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
    for username, row in rows.items():
        person = User.objects.filter(username=username).first()
        if person is None:
            hashed = hashed or make_password(password)  # once: hashing is slow on purpose
            person = User.objects.create(
                username=username,
                password=hashed,
                email=f"{username}@{domain}",
                first_name=row.first_name,
                last_name=row.last_name,
                title=row.title,
                organization=row.organization,
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


# committee: its seats (cleared: restricted clearance; a term that ends in N days)
# Each building seats a police officer and a first responder (C.G.S. 10-222m).
WESTPORT_SEATS = {
    "westport-high": [
        DemoSeat(
            username="chair.high", category=Category.STAFF, position=Position.CHAIR, cleared=True
        ),
        DemoSeat(
            username="principal.high",
            category=Category.ADMINISTRATOR,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(
            username="secretary.high",
            category=Category.TEACHER,
            position=Position.SECRETARY,
            cleared=True,
        ),
        DemoSeat(username="staff.high", category=Category.STAFF, position=Position.MEMBER),
        DemoSeat(
            username="counselor.high",
            category=Category.MENTAL_HEALTH,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(
            username="officer.high",
            category=Category.POLICE,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(
            username="deputy.fire",
            category=Category.FIRE,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(username="parent.high", category=Category.FAMILY, position=Position.MEMBER),
        DemoSeat(username="student.high", category=Category.STUDENT, position=Position.MEMBER),
    ],
    # Officer Grant's term ends within 30 days: the roster flags the seat.
    "cedar-point": [
        DemoSeat(
            username="chair.middle",
            category=Category.ADMINISTRATOR,
            position=Position.CHAIR,
            cleared=True,
        ),
        DemoSeat(
            username="principal.middle",
            category=Category.ADMINISTRATOR,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(username="teacher.middle", category=Category.TEACHER, position=Position.SECRETARY),
        DemoSeat(
            username="psychologist.middle",
            category=Category.MENTAL_HEALTH,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(
            username="officer.middle",
            category=Category.POLICE,
            position=Position.MEMBER,
            cleared=True,
            term_ends_in_days=20,
        ),
        DemoSeat(
            username="ems.captain",
            category=Category.EMS,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(username="parent.middle", category=Category.FAMILY, position=Position.MEMBER),
    ],
    # The elementary committee has no mental health professional yet: an empty seat.
    "harbor-view": [
        DemoSeat(
            username="chair.elementary",
            category=Category.TEACHER,
            position=Position.CHAIR,
            cleared=True,
        ),
        DemoSeat(
            username="principal.elementary",
            category=Category.ADMINISTRATOR,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(
            username="nurse.elementary",
            category=Category.STAFF,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(
            username="officer.middle",
            category=Category.POLICE,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(
            username="deputy.fire",
            category=Category.FIRE,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(username="parent.elementary", category=Category.FAMILY, position=Position.MEMBER),
    ],
    "district": [
        DemoSeat(
            username="district.admin",
            category=Category.ADMINISTRATOR,
            position=Position.CHAIR,
            cleared=True,
        ),
        DemoSeat(
            username="lt.police",
            category=Category.POLICE,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(
            username="deputy.fire",
            category=Category.FIRE,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(
            username="ems.captain",
            category=Category.EMS,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(
            username="principal.high",
            category=Category.ADMINISTRATOR,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(
            username="principal.middle",
            category=Category.ADMINISTRATOR,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(
            username="principal.elementary",
            category=Category.ADMINISTRATOR,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(
            username="social.worker",
            category=Category.MENTAL_HEALTH,
            position=Position.SECRETARY,
            cleared=True,
        ),
        DemoSeat(username="pta.council", category=Category.FAMILY, position=Position.MEMBER),
        DemoSeat(username="student.high", category=Category.STUDENT, position=Position.MEMBER),
        DemoSeat(username="bus.contractor", category=Category.COMMUNITY, position=Position.MEMBER),
    ],
}
MILLBROOK_SEATS = {
    "millbrook-high": [
        DemoSeat(
            username="chair.millbrook",
            category=Category.ADMINISTRATOR,
            position=Position.CHAIR,
            cleared=True,
        ),
        DemoSeat(
            username="nurse.millbrook",
            category=Category.STAFF,
            position=Position.SECRETARY,
            cleared=True,
        ),
        DemoSeat(
            username="officer.millbrook",
            category=Category.POLICE,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(
            username="police.chief.millbrook",
            category=Category.POLICE,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(
            username="fire.chief.millbrook",
            category=Category.FIRE,
            position=Position.MEMBER,
            cleared=True,
        ),
        DemoSeat(username="parent.millbrook", category=Category.FAMILY, position=Position.MEMBER),
    ],
}


def _seats(committees, people, seats, district) -> None:
    start = _term_start(district)
    today = access.district_today(district)
    for slug, rows in seats.items():
        committee = committees[slug]
        for seat in rows:
            person = people[seat.username]
            if Membership.objects.filter(
                committee=committee, user=person, ended_at__isnull=True
            ).exists():
                continue
            services.membership_add(
                committee=committee,
                user=person,
                category=seat.category,
                position=seat.position,
                restricted_clearance=seat.cleared,
                term_start=start,
                term_end=(
                    today + datetime.timedelta(days=seat.term_ends_in_days)
                    if seat.term_ends_in_days
                    else None
                ),
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
    "police.chief.millbrook": "Chief Paula Grady, Millbrook Police, in the police seat at "
    "Millbrook Regional High (cleared)",
    "fire.chief.millbrook": "Chief Thomas Reilly, Millbrook Fire, in the fire seat at Millbrook "
    "Regional High (cleared)",
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
