"""The demo data, modelled on the Westport district pages in shared/seeds.

A fictional Connecticut district whose safety page promises to "meet regularly with
local safety officials to identify areas for continued improvement ... and establish a
timeline for implementing changes", with a committee at each building. Every record is
looked up by a natural key before it is created, so running the seed twice changes
nothing. Writes go through the services, as they would in the product.
"""

import datetime
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

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
from meetings.models import AgendaTemplateItem, Meeting
from notifications import services as notifications
from notifications.models import Kind, Mode
from safety_portal.school_calendar import school_year_of

User = get_user_model()

DEFAULT_PASSWORD = "westport-demo-2026"  # noqa: S105 - demo only, printed by `make demo`
DISTRICT_NAME = "Westport Public Schools"
EMAIL_DOMAIN = "westportps.example.org"
MILLBROOK_EMAIL_DOMAIN = "millbrookregional.example.org"

R = Level


def seed(
    *, password: str, before_meetings: Sequence[Callable[..., None]] = ()
) -> list[tuple[str, str]]:
    """Create what is missing; return the demo sign-ins as (username, who they are).

    ``before_meetings``: each feature's demo that needs a district's people on their seats
    and comes before its meetings (the follow-ups), called with the district's slug.
    """
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
    for feature in before_meetings:
        feature(district_slug=westport.slug)
    _meetings(committees, people, westport)

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
    for feature in before_meetings:
        feature(district_slug=millbrook.slug)
    today = access.district_today(millbrook)
    for days, title, kind, sections in MILLBROOK_MEETINGS:
        _meeting(
            millbrook_committees["millbrook-high"], other, today, days, title, kind, "", sections
        )

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


# --- meetings -----------------------------------------------------------------------------

STANDING_AGENDA = [
    ("Review of the safety and security plan", 15),
    ("Drill results", 15),
    ("Open action items", 20),
    ("Concerns from the community", 10),
]

# (days from today, title, kind, purpose, [(heading, level, body, vote or None)])
HIGH_MEETINGS = [
    (
        -70,
        "September meeting",
        Meeting.Kind.REGULAR,
        "",
        [
            (
                "Welcome and roles",
                R.COMMITTEE,
                "The committee welcomed its new student representative and reviewed its charge "
                "under the district's safety policy.",
                None,
            ),
            (
                "Front office visitor badges",
                R.COMMITTEE,
                "Visitors are signed in by hand and badges are not always returned.",
                (
                    "Adopt printed visitor badges at the front office",
                    "Linda Marsh",
                    "James Okafor",
                    7,
                ),
            ),
        ],
    ),
    (
        -40,
        "Lockdown drill debrief",
        Meeting.Kind.DRILL_DEBRIEF,
        "",
        [
            (
                "How the drill went",
                R.COMMITTEE,
                "The drill took **6 minutes** to clear. Lunch duty staff could not reach the main "
                "office by radio; substitutes did not know the procedure.",
                None,
            ),
            (
                "Police evaluation",
                R.RESTRICTED,
                "Officer Reyes found doors E-3 and E-5 unlocked during the sweep, and the "
                "loading dock is out of camera view after 3 p.m.",
                (
                    "Ask the district to rekey the east-wing exterior doors",
                    "Daniel Reyes",
                    "Aisha Bello",
                    7,
                ),
            ),
        ],
    ),
    (
        -12,
        "Executive session: security measures",
        Meeting.Kind.EXECUTIVE,
        "To discuss security measures and the vulnerability assessment",
        [
            (
                "Door-hardware survey",
                R.RESTRICTED,
                "The master key for the east wing was reported missing on October 2. Six exterior "
                "doors need rekeying; the key holder list does not match the HR roster.",
                (
                    "Rekey doors E-3 through E-9 before winter break",
                    "James Okafor",
                    "Linda Marsh",
                    6,
                    "Approve repairs to door hardware before winter break",
                ),
            ),
        ],
    ),
    (17, "December meeting", Meeting.Kind.REGULAR, "", []),
]

SUMMARIES = [
    (
        "September meeting",
        "The committee welcomed its new student representative, reviewed its charge, and "
        "agreed to print visitor badges at the front office. Work on entrance security "
        "continues this year.",
        True,
    ),
    (
        "Lockdown drill debrief",
        "The committee reviewed October's lockdown drill with the police department. "
        "Staff will receive a refresher on the January professional development day, and "
        "new two-way radios are being ordered for lunch duty.",
        False,
    ),
    (
        "Executive session: security measures",
        "The committee met in executive session to discuss security measures and approved "
        "repairs to door hardware before winter break. The details stay confidential.",
        True,
    ),
]

# Documents a minutes section refers to, by its heading.
DOCUMENTS = {
    "Police evaluation": "Westport Police Department drill evaluation, October",
    "Door-hardware survey": "Door hardware survey of exterior doors, October 2026\n"
    "Key holder list, reconciled with the HR roster",
    "Evacuation times": "Fire drill log, Cedar Point Middle School",
    "Reunification practice": "Standard Reunification Method, family handout "
    "https://iloveuguys.org/The-Standard-Reunification-Method.html",
    "Bus evacuation drills": "Saugatuck Student Transportation drill schedule, fall term",
}

# The district committee's year so far: (days from today, title, kind, sections).
DISTRICT_MEETINGS = [
    (
        -60,
        "Fall coordination meeting",
        Meeting.Kind.REGULAR,
        [
            (
                "Bus evacuation drills",
                R.COMMITTEE,
                "Every route will run its two bus evacuation drills by the end of October; the "
                "contractor will report completion per route.",
                None,
            ),
            (
                "Radio interoperability",
                R.RESTRICTED,
                "School radios cannot reach the police dispatch channel from the high school "
                "gym or the middle school basement; a repeater is being quoted.",
                (
                    "Ask the town to fund a radio repeater for the two buildings",
                    "Maria Delgado",
                    "Michael Sullivan",
                    9,
                ),
            ),
        ],
    ),
    (24, "Winter coordination meeting", Meeting.Kind.REGULAR, []),
]

MILLBROOK_MEETINGS = [
    (
        -30,
        "October meeting",
        Meeting.Kind.REGULAR,
        [
            (
                "Visitor management",
                R.COMMITTEE,
                "The committee reviewed sign-in at the main office and asked for a second "
                "camera view of the lobby.",
                None,
            ),
        ],
    ),
]

# (committee, meeting title, public title, public place): announced on the public calendar.
NOTICES = [
    (
        "westport-high",
        "September meeting",
        "High school safety committee: September meeting",
        "Westport High School",
    ),
    (
        "westport-high",
        "Executive session: security measures",
        "High school safety committee: executive session",
        "",
    ),
    (
        "westport-high",
        "December meeting",
        "High school safety committee: December meeting",
        "Westport High School",
    ),
    (
        "district",
        "Winter coordination meeting",
        "District safety committee: winter coordination meeting",
        "Westport Town Hall",
    ),
    (
        "cedar-point",
        "January meeting",
        "Middle school safety committee: January meeting",
        "Cedar Point Middle School",
    ),
    (
        "harbor-view",
        "December meeting",
        "Elementary school safety committee: December meeting",
        "Harbor View Elementary School",
    ),
]

# More of each school's year: (committee, days from today, title, kind, sections).
OTHER_MEETINGS = [
    (
        "cedar-point",
        -75,
        "September meeting",
        Meeting.Kind.REGULAR,
        [
            (
                "Arrival and dismissal",
                R.COMMITTEE,
                "Car-line traffic backs onto Cedar Point Road at 7:50. The town traffic officer "
                "will observe two mornings and suggest changes.",
                None,
            ),
        ],
    ),
    (
        "cedar-point",
        -48,
        "Fire drill debrief",
        Meeting.Kind.DRILL_DEBRIEF,
        [
            (
                "Evacuation times",
                R.COMMITTEE,
                "The building cleared in 3 minutes 40 seconds. The gym exit alarm was not heard "
                "in the music wing.",
                (
                    "Ask facilities to test the music wing alarm horn",
                    "Hannah Osei",
                    "Paul Novak",
                    8,
                    "",
                ),
            ),
        ],
    ),
    ("cedar-point", 45, "January meeting", Meeting.Kind.REGULAR, []),
    (
        "harbor-view",
        -35,
        "October meeting",
        Meeting.Kind.REGULAR,
        [
            (
                "Reunification practice",
                R.COMMITTEE,
                "Families asked how they would be told where to pick up children after an "
                "evacuation. The committee will draft a plain-language family guide.",
                None,
            ),
            (
                "Reunification site",
                R.RESTRICTED,
                "The alternate reunification site is the Saugatuck church hall; the key is held "
                "by the custodian and the pastor.",
                None,
            ),
        ],
    ),
]


def _meetings(committees, people, district) -> None:
    today = access.district_today(district)
    for slug in ("westport-high", "cedar-point", "harbor-view"):
        committee = committees[slug]
        if not AgendaTemplateItem.objects.filter(committee=committee).exists():
            for title, minutes in STANDING_AGENDA:
                services.agenda_template_item_add(
                    committee=committee, title=title, minutes=minutes, by=None
                )
    high = committees["westport-high"]
    for days, title, kind, purpose, sections in HIGH_MEETINGS:
        _meeting(high, people, today, days, title, kind, purpose, sections)
    for days, title, *_ in HIGH_MEETINGS:
        if days < -30:  # the committee has approved the older minutes
            with acting_as(people["chair.high"]):
                services.minutes_approve(
                    meeting=Meeting.objects.get(committee=high, title=title),
                    by=people["chair.high"],
                )
    for title, text, publish in SUMMARIES:
        meeting = Meeting.objects.get(committee=high, title=title)
        if not hasattr(meeting, "summary"):
            with acting_as(people["secretary.high"]):
                summary, _ = services.summary_save(
                    meeting=meeting, text=text, by=people["secretary.high"]
                )
            if publish:
                with acting_as(people["chair.high"]):
                    services.summary_publish(summary=summary, by=people["chair.high"])
    _meeting(
        committees["cedar-point"],
        people,
        today,
        -20,
        "November meeting",
        Meeting.Kind.REGULAR,
        "",
        [
            (
                "Classroom door locks",
                R.COMMITTEE,
                "The survey of classroom doors is complete; a budget request follows.",
                None,
            ),
        ],
    )
    _meeting(
        committees["harbor-view"],
        people,
        today,
        10,
        "December meeting",
        Meeting.Kind.REGULAR,
        "",
        [],
    )
    for slug, days, title, kind, sections in OTHER_MEETINGS:
        _meeting(committees[slug], people, today, days, title, kind, "", sections)
    for days, title, kind, sections in DISTRICT_MEETINGS:
        _meeting(committees["district"], people, today, days, title, kind, "", sections)
    for slug, title, public_title, place in NOTICES:
        meeting = Meeting.objects.get(committee=committees[slug], title=title)
        if not hasattr(meeting, "notice"):
            # The committee's secretary proposes; Maria Delgado approves (four eyes).
            with acting_as(people[SECRETARIES[slug]]):
                proposed = services.meeting_notice_propose(
                    meeting=meeting,
                    title=public_title,
                    place=place,
                    purpose=meeting.public_purpose,
                    by=people[SECRETARIES[slug]],
                )
            second_eyes(proposed, people, "district.admin")


# Who drafts each committee's public texts: its secretary, or its chair where it has none.
SECRETARIES = {
    "westport-high": "secretary.high",
    "cedar-point": "teacher.middle",
    "harbor-view": "chair.elementary",
    "district": "social.worker",
}


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


def _meeting(committee, people, today, days, title, kind, purpose, sections) -> None:
    if Meeting.objects.filter(committee=committee, title=title).exists():
        return
    day = today + datetime.timedelta(days=days)
    local = datetime.datetime.combine(
        day, datetime.time(15, 30), ZoneInfo(committee.district.time_zone)
    )
    meeting = services.meeting_schedule(
        committee=committee,
        title=title,
        kind=kind,
        public_purpose=purpose,
        starts_at=local,
        ends_at=local + datetime.timedelta(hours=1, minutes=15),
        location="Library conference room"
        if kind != Meeting.Kind.EXECUTIVE
        else "Principal's office",
        by=None,
    )
    if days > 0:
        return  # upcoming: no attendance or minutes yet
    members = list(services.members_in_force(meeting).select_related("user"))
    statuses = {m.pk: "present" for m in members}
    notes = {}
    for m in members:
        if kind == Meeting.Kind.EXECUTIVE and m.category in (Category.STUDENT, Category.FAMILY):
            statuses[m.pk] = "excused"
            notes[m.pk] = "Executive session: student and parent members excused"
    services.attendance_record(
        meeting=meeting,
        by=None,
        statuses=statuses,
        notes=notes,
        guests=[("Brian Cole", "Westport Fire Department")] if days < -30 else [],
    )
    for heading, level, body, vote in sections:
        section = services.minutes_section_add(
            meeting=meeting,
            heading=heading,
            body=body,
            documents=DOCUMENTS.get(heading, ""),
            visibility=level,
            by=None,
        )
        if vote:
            motion, mover, seconder, yes, *public = vote
            services.vote_record(
                section=section,
                motion=motion,
                mover=mover,
                seconder=seconder,
                result="carried",
                yes=yes,
                public_motion=public[0] if public else "",
                by=None,
            )
