"""The cast's incidents, community concerns and drills."""

import datetime

from committees.models import Level
from tests.cast_base import Cast, canary
from tests.factories import UserFactory


def add_incidents(cast: Cast, committee_name: str) -> None:
    """A school's incidents: a hazard a member reported, and a threat a parent reported."""
    from incidents import services as incidents

    committee = getattr(cast, committee_name)
    if committee.building is None:
        return
    reporters = {"high": (cast.staff, cast.parent)}
    fallback = UserFactory(district=committee.district)
    member, parent = reporters.get(committee_name, (fallback, fallback))
    for level, kind, reporter in (
        (Level.COMMITTEE, "facility_hazard", member),
        (Level.RESTRICTED, "threat", parent),
    ):
        incident = incidents.incident_report(
            building=committee.building,
            occurred_at=datetime.datetime(2026, 10, 20, 14, 0, tzinfo=datetime.UTC),
            area=canary(f"INCIDENT-AREA-{level.upper()}", committee_name),
            kind=kind,
            severity="moderate",
            description=canary(f"INCIDENT-{level.upper()}", committee_name),
            people_involved=canary(f"INCIDENT-PEOPLE-{level.upper()}", committee_name),
            immediate_actions=canary(f"INCIDENT-ACTIONS-{level.upper()}", committee_name),
            by=reporter,
        )
        assert incident.visibility == level
        texts = (incident.area, incident.description, incident.people_involved)
        for text in (*texts, incident.immediate_actions):
            cast.canaries[text] = (committee_name, level)
        cast.incidents[(committee_name, level)] = incident


def add_concerns(cast: Cast, committee_name: str) -> None:
    """A school's community concern, sent without signing in: the sender's words and
    contact are the committee's; the public sees only its status by reference number."""
    from incidents import concerns

    committee = getattr(cast, committee_name)
    if committee.building is None:
        return
    concern = concerns.concern_submit(
        building=committee.building,
        location=canary("CONCERN-LOCATION", committee_name),
        description=canary("CONCERN-DESCRIPTION", committee_name),
        name=canary("CONCERN-NAME", committee_name),
        contact=canary("CONCERN-CONTACT", committee_name),
        address=f"192.0.2.{len(cast.concerns) + 1}",
    )
    for text in (concern.location, concern.description):
        cast.canaries[text] = (committee_name, Level.COMMITTEE)
    # The sender is for those who triage the concern (cleared members, the chair, the
    # school's and the district's administrators): the readers of restricted records.
    for text in (concern.name, concern.contact):
        cast.canaries[text] = (committee_name, Level.RESTRICTED)
    cast.concerns[committee_name] = concern


def add_drills(cast: Cast, committee_name: str) -> None:
    """A school's drills: a fire drill scored by the police, and a restricted crisis drill,
    each with canaries in its notes, the evaluator's remarks and the problem found."""
    from incidents import drills

    committee = getattr(cast, committee_name)
    if committee.building is None:
        return
    for level, kind, day in (
        (Level.COMMITTEE, "fire", 10),
        (Level.RESTRICTED, "crisis_response", 12),
    ):
        drill = drills.drill_plan(
            building=committee.building,
            kind=kind,
            held_at=datetime.datetime(2026, 11, day, 15, 0, tzinfo=datetime.UTC),
            duration_minutes=14,
            participants=800,
            notes=canary(f"DRILL-{level.upper()}", committee_name),
            visibility=level,
            by=None,
        )
        observer = drills.drill_observer_add(
            drill=drill,
            name="Off. Dana Ruiz",
            role=canary(f"DRILL-OBSERVER-{level.upper()}", committee_name),
            score=4,
            remarks=canary(f"DRILL-REMARKS-{level.upper()}", committee_name),
            by=None,
        )
        problem = drills.drill_problem_add(
            drill=drill,
            description=canary(f"DRILL-PROBLEM-{level.upper()}", committee_name),
            by=None,
        )
        for text in (drill.notes, observer.role, observer.remarks, problem.description):
            cast.canaries[text] = (committee_name, level)
        cast.drills[(committee_name, level)] = drill
