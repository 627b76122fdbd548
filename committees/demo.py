"""The demo data, modelled on the Westport district pages in shared/seeds.

Each capability adds its records here. Everything is looked up by a natural key
before it is created, so running the seed twice changes nothing.
"""

from committees.models import Building, District

DEFAULT_PASSWORD = "westport-demo-2026"  # noqa: S105 - demo only, printed by `make demo`
DISTRICT_NAME = "Westport Public Schools"


def seed(*, password: str) -> list[tuple[str, str]]:
    """Create what is missing; return the demo sign-ins as (username, who they are)."""
    district = _district()
    _buildings(district)
    return []


def _district() -> District:
    district, _ = District.objects.get_or_create(
        slug="westport",
        defaults={
            "name": DISTRICT_NAME,
            "state": "CT",
            "time_zone": "America/New_York",
            "emergency_number": "911",
            "tip_line": "Safe School Tip Line, 1-800-555-0142 (text or call)",
            "safety_office_contact": "Office of School Safety, 110 Myrtle Avenue, Westport",
        },
    )
    return district


BUILDINGS = [
    ("harbor-view", "Harbor View Elementary School", Building.Level.ELEMENTARY, "45 Bayberry Lane"),
    ("cedar-point", "Cedar Point Middle School", Building.Level.MIDDLE, "160 North Avenue"),
    ("westport-high", "Westport High School", Building.Level.HIGH, "70 North Avenue"),
]


def _buildings(district: District) -> dict[str, Building]:
    buildings = {}
    for slug, name, level, address in BUILDINGS:
        buildings[slug], _ = Building.objects.get_or_create(
            district=district,
            slug=slug,
            defaults={"name": name, "level": level, "address": address},
        )
    return buildings
