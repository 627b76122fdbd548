"""The demo's drills and community concerns (called by ``committees.demo.seed``).

Drills follow the Connecticut cadence from the first day of this school year up to
today, scored by the police on the crisis drills, with one fire drill missed at Cedar
Point so that the calendar shows what a gap looks like. Concerns come in every status.
"""

import datetime
from zoneinfo import ZoneInfo

from auditlog.context import set_actor as acting_as

from committees import access
from committees.models import Level
from incidents import cadence, concerns, drills
from incidents.models import Concern, Drill, SchoolYear
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


def seed(district, buildings, committees, people) -> None:
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
