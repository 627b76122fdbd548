"""The demo's incidents, drills and community concerns (run by ``seed_demo`` after the core's).

Drills follow the Connecticut cadence from the first day of this school year up to
today, scored by the police on the crisis drills, with one fire drill missed at Cedar
Point so that the calendar shows what a gap looks like. Concerns come in every status.
"""

import datetime
from zoneinfo import ZoneInfo

from auditlog.context import set_actor as acting_as

from accounts.models import User
from committees import access
from committees.models import Building, Committee, District, Level
from incidents import cadence, concerns, drills, services
from incidents.models import Concern, Drill, Incident, SchoolYear
from safety_portal.school_calendar import school_year_of

MISSED = ("cedar-point", 2)  # Cedar Point's October fire drill never happened
RECORDERS = {
    "westport-high": "secretary.high",
    "cedar-point": "chair.middle",
    "harbor-view": "chair.elementary",
}
ASSIGNERS = {
    "westport-high": "chair.high",
    "cedar-point": "chair.middle",
    "harbor-view": "chair.elementary",
}
PARTICIPANTS = {"westport-high": 1180, "cedar-point": 840, "harbor-view": 410}
# (school, period, observer, role, score, remarks, problem or None, follow-up or None)
EVALUATIONS = {
    ("westport-high", 1): (
        "fire.marshal",
        4,
        "Building emptied in 6 minutes 40 seconds. Two classes in the science wing waited "
        "for a teacher's signal instead of leaving at the alarm.",
        "Science wing classes waited for a signal before leaving.",
        "Remind science wing teachers: leave at the alarm, do not wait",
    ),
    ("westport-high", 3): (
        "lt.police",
        3,
        "Classrooms locked and dark within 90 seconds. The library's east doors could be "
        "opened from the hallway side; the staff inside did not know how to lock them.",
        "Library staff could not lock the east doors during the crisis drill.",
        "Train library staff to lock the east doors; check the hardware",
    ),
    ("cedar-point", 3): (
        "officer.middle",
        4,
        "A good drill. Hallway sweep found one student in the restroom who was brought "
        "into the nearest classroom in under a minute.",
        None,
        None,
    ),
    ("harbor-view", 1): (
        "deputy.fire",
        5,
        "Calm, quick and quiet. Kindergarten lines were out first. Attendance reported to "
        "the incident commander in 4 minutes.",
        None,
        None,
    ),
    ("harbor-view", 3): (
        "lt.police",
        4,
        "The public address announcement was not heard on the playground; two recess "
        "classes learned of the drill from a runner.",
        "The PA announcement cannot be heard on the playground.",
        "Add an outdoor speaker or a radio call for the playground during drills",
    ),
}


def seed(*, district_slug: str = "westport") -> None:
    """Incidents, the school calendar, drills and concerns, for the district's people and
    schools (found by their natural keys: the core's demo made them)."""
    district = District.objects.get(slug=district_slug)
    buildings = {b.slug: b for b in Building.objects.filter(district=district)}
    committees = {
        slug: Committee.objects.get(building=building) for slug, building in buildings.items()
    }
    people = {user.username: user for user in User.objects.filter(district=district)}
    _incidents(district, buildings, people)
    _school_year(district, people)
    _drills(district, buildings, committees, people)
    _concerns(district, buildings, people)


def _school_year(district, people) -> None:
    year = school_year_of(access.district_today(district))
    for y in (year - 1, year):
        if not SchoolYear.objects.filter(district=district, year=y).exists():
            drills.school_year_set(
                district=district,
                year=y,
                first_day=_weekday(datetime.date(y, 8, 26)),
                last_day=_weekday(datetime.date(y + 1, 6, 14)),
                by=people["district.admin"],
            )


def _weekday(day: datetime.date) -> datetime.date:
    """The school day on or after ``day``."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _drills(district, buildings, committees, people) -> None:
    today = access.district_today(district)
    year = SchoolYear.objects.get(district=district, year=school_year_of(today))
    year.district = district
    rule = cadence.cadence_of(district)
    zone = ZoneInfo(district.time_zone)
    for school, recorder in RECORDERS.items():
        if Drill.objects.filter(building=buildings[school]).exists():
            continue
        by = people[recorder]
        # The audit trail names the recorder of each drill, as the pages would.
        with acting_as(by):
            for number, kind, starts, ends in cadence.periods(rule, year):
                day = _weekday(starts + datetime.timedelta(days=8 + len(school)))
                if day > ends:
                    day = _weekday(starts)
                if (school, number) == MISSED:
                    continue
                if day >= today:
                    if starts <= today:  # the period under way: planned, not yet held
                        drills.drill_plan(
                            building=buildings[school],
                            kind=kind,
                            planned_for=max(day, today + datetime.timedelta(days=3)),
                            by=by,
                        )
                    break
                drill = drills.drill_plan(
                    building=buildings[school],
                    kind=kind,
                    held_at=datetime.datetime.combine(day, datetime.time(10, 15), zone),
                    duration_minutes=12 if kind == "fire" else 25,
                    participants=PARTICIPANTS[school],
                    visibility=Level.RESTRICTED if kind == "crisis_response" else Level.COMMITTEE,
                    by=by,
                )
                _evaluate(drill, school, number, people)
            _bus_drill(buildings[school], year, today, zone, people[recorder])


def _evaluate(drill, school, number, people) -> None:
    evaluation = EVALUATIONS.get((school, number))
    if evaluation is None:
        return
    observer, score, remarks, problem, follow_up = evaluation
    person = people[observer]
    drills.drill_observer_add(
        drill=drill,
        name=person.display_name,
        role=f"{person.title}, {person.organization}",
        score=score,
        remarks=remarks,
        by=None,
    )
    if problem:
        found = drills.drill_problem_add(drill=drill, description=problem, by=None)
        drills.drill_problem_action_item(
            problem=found,
            title=follow_up,
            description=remarks,
            assignee=people[ASSIGNERS[school]],
            due_date=drill.held_at.date() + datetime.timedelta(days=30),
            by=people[ASSIGNERS[school]],
        )


def _bus_drill(building, year, today, zone, by) -> None:
    """The fall bus evacuation drill, outside the fire cadence."""
    day = _weekday(year.first_day + datetime.timedelta(days=21))
    if day >= today:
        return
    drills.drill_plan(
        building=building,
        kind=Drill.Kind.BUS,
        held_at=datetime.datetime.combine(day, datetime.time(7, 50), zone),
        duration_minutes=20,
        participants=60,
        notes="Two buses on the morning route, with the contractor's safety manager.",
        by=by,
    )


# (school, days ago, location, description, name, contact, [(status, by, note)])
CONCERNS = [
    (
        "cedar-point",
        41,
        "North gate by the car line",
        "The north gate latch is broken and the gate swings open onto North Avenue during "
        "drop-off. Little ones run through it.",
        "Priya Shah",
        "priya.shah@example.net",
        [
            ("under_review", "chair.middle", "Facilities asked to look at the latch"),
            ("addressed", "chair.middle", "Latch replaced on the 14th; gate now self-closes"),
        ],
    ),
    (
        "westport-high",
        19,
        "Crosswalk on North Avenue at the student lot",
        "Cars do not stop for students at the crosswalk after school. The crossing guard "
        "leaves at 3:00 but practices let out at 5:30 when it is getting dark.",
        "",
        "",
        [("under_review", "chair.high", "Asked the police for a traffic study")],
    ),
    (
        "harbor-view",
        6,
        "Playground fence behind the kindergarten wing",
        "There is a gap under the fence near the woods big enough for a child to crawl through.",
        "Tom Becker",
        "203-555-0187",
        [],
    ),
    (
        "westport-high",
        2,
        "Stadium lights",
        "Half of the lights in the path from the stadium to the east lot are out; it is "
        "very dark after evening games.",
        "",
        "",
        [],
    ),
]


def _concerns(district, buildings, people) -> None:
    now = datetime.datetime.now(datetime.UTC)
    for number, (school, days_ago, location, description, name, contact, steps) in enumerate(
        CONCERNS, start=1
    ):
        if Concern.objects.filter(building=buildings[school], location=location).exists():
            continue
        concern = concerns.concern_submit(
            building=buildings[school],
            location=location,
            description=description,
            name=name,
            contact=contact,
            address=f"198.51.100.{number}",  # a documentation address per sender
        )
        # The demo dates them back over the fall; a real concern is dated when it arrives.
        Concern.objects.filter(pk=concern.pk).update(
            created_at=now - datetime.timedelta(days=days_ago)
        )
        for status, by, note in steps:
            with acting_as(people[by]):
                concerns.concern_set_status(
                    concern=concern, status=status, by=people[by], note=note
                )


# --- incidents ---------------------------------------------------------------------------

# (school, days ago, area, kind, severity, description, people involved, actions, reporter,
#  [(status, by, why)], follow-up title or None)
INCIDENTS = [
    (
        "westport-high",
        88,
        "Whole campus",
        "weather",
        "moderate",
        "A severe thunderstorm warning came during dismissal; buses were held and students "
        "sheltered in the gym and the auditorium for 40 minutes.",
        "About 600 students waiting for buses; bus drivers.",
        "Dismissal was paused by the principal; families were told by text.",
        "principal.high",
        [
            ("triaged", "chair.high", "Review the shelter plan for dismissal time"),
            ("closed", "chair.high", "Sheltering worked; plan confirmed at the October meeting"),
        ],
        None,
    ),
    (
        "cedar-point",
        75,
        "Side door by the music room",
        "security_breach",
        "moderate",
        "A delivery driver came in through the propped side door by the music room and "
        "walked to the main office without signing in.",
        "A delivery driver; a music teacher had propped the door for an instrument drop-off.",
        "The office signed the driver in and the door was closed.",
        "teacher.middle",
        [
            ("triaged", "chair.middle", "Door propping reminder and an alarm check"),
            ("under_review", "chair.middle", "Door alarm quote requested from facilities"),
        ],
        ("Fit a propped-door alarm to the music room side door", "chair.middle", 21),
    ),
    (
        "harbor-view",
        66,
        "Cafeteria",
        "medical",
        "high",
        "A grade 2 student had an allergic reaction at lunch; the nurse gave epinephrine and "
        "EMS took the student to the hospital as a precaution.",
        "A grade 2 student; the lunch aide; the school nurse.",
        "Epinephrine given, 911 called, parent reached; the student returned the next day.",
        "nurse.elementary",
        [
            ("triaged", "chair.elementary", "Check the allergy-free table procedure"),
            ("closed", "chair.elementary", "Lunch aides retrained on the allergy table"),
        ],
        None,
    ),
    (
        "cedar-point",
        11,
        "Online, reported to the counselor",
        "threat",
        "high",
        "A student told the school psychologist about a message in a group chat that "
        "threatened violence at the school dance.",
        "A grade 8 student who reported it; the student who posted was identified by the "
        "police and is not named here.",
        "The police were called at once; the threat assessment team met that afternoon.",
        "psychologist.middle",
        [("triaged", "principal.middle", "Threat assessment under way")],
        None,
    ),
    (
        "westport-high",
        52,
        "Gym lobby",
        "facility_hazard",
        "moderate",
        "The gym lobby exterior door does not latch when it closes on its own; it stayed "
        "ajar during the evening basketball game.",
        "The night custodian found it.",
        "The custodian latched it by hand and put up a sign.",
        "staff.high",
        [("triaged", "chair.high", "Facilities to replace the closer")],
        ("Replace the gym lobby door closer", "staff.high", 14),
    ),
    (
        "westport-high",
        30,
        "Cafeteria",
        "threat",
        "high",
        "A student reported a written threat on a cafeteria table naming the school; the "
        "school resource officer took a photo and opened a report.",
        "A grade 10 student reported it; a grade 11 student was interviewed by the officer "
        "with a parent present.",
        "The officer and the principal followed the threat assessment procedure the same "
        "afternoon.",
        "officer.high",
        [
            ("triaged", "principal.high", "Threat assessment team convened"),
            ("under_review", "principal.high", "Assessment under way with the police"),
        ],
        None,
    ),
    (
        "cedar-point",
        18,
        "Car line at the north gate",
        "transportation",
        "low",
        "A car drove through the car line against the flow during morning drop-off.",
        "A parent driver; no one was hurt.",
        "The staff member at the curb stopped the line until the car had left.",
        "teacher.middle",
        [("triaged", "chair.middle", ""), ("closed", "chair.middle", "North-gate-only entry")],
        None,
    ),
    (
        "harbor-view",
        4,
        "Playground",
        "injury",
        "low",
        "A kindergartner fell from the low climbing wall at recess and bumped their head.",
        "A kindergarten student; two recess aides.",
        "The nurse checked the student and called home.",
        "nurse.elementary",
        [],
        None,
    ),
]


def _incidents(district, buildings, people) -> None:
    """A fall of incidents in every status, a restricted threat report among them."""
    now = datetime.datetime.now(datetime.UTC)
    for (
        school,
        days_ago,
        area,
        kind,
        severity,
        description,
        involved,
        actions,
        reporter,
        steps,
        follow_up,
    ) in INCIDENTS:
        if Incident.objects.filter(building=buildings[school], description=description).exists():
            continue
        with acting_as(people[reporter]):
            incident = services.incident_report(
                building=buildings[school],
                occurred_at=now - datetime.timedelta(days=days_ago, hours=3),
                area=area,
                kind=kind,
                severity=severity,
                description=description,
                people_involved=involved,
                immediate_actions=actions,
                by=people[reporter],
            )
        for status, by, why in steps:
            with acting_as(people[by]):
                services.incident_set_status(
                    incident=incident, status=status, by=people[by], note=why or "Reviewed"
                )
        if follow_up:
            title, assignee, due_in = follow_up
            with acting_as(people[steps[0][1]]):
                services.incident_action_item(
                    incident=incident,
                    title=title,
                    description=f"From the {incident.get_kind_display().lower()} reported in the "
                    f"{area.lower()}: {description}",
                    assignee=people[assignee],
                    due_date=access.district_today(district) + datetime.timedelta(days=due_in),
                    by=people[steps[0][1]],
                )
