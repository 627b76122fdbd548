"""Names the generator gives and the runner looks up: the benchmark's people, places
and pages.

Plain constants, no Django: the runner (which never loads the product's settings), the
generator and the in-process measures share them.
"""

import dataclasses

# The first district holds the heavy committee and the named people.
DISTRICT_SLUG = "bench-district-01"
HEAVY_BUILDING_SLUG = "central-high"
HEAVY_COMMITTEE = "Central High School Safety Committee"

# A district safety administrator of that district, a parent (family member, never
# cleared) and the chair of the heavy committee.
DISTRICT_ADMIN = "bench.admin"
PARENT = "bench.parent"
CHAIR = "bench.chair"
# Everyone's password (hashed once for all of them).
PASSWORD = "bench-statewide-2026"  # noqa: S105 - benchmark data only


@dataclasses.dataclass(frozen=True)
class Page:
    """A page of the product the runner loads: who reads it (None: the public), and
    whether each request must miss the public cache (a query string its key includes)."""

    name: str
    label: str
    reader: str | None
    bust: bool = False

    @property
    def signed_in(self) -> bool:
        return self.reader is not None


PAGES = [
    Page("public_cached", "public school page, cached", None),
    Page("public_uncached", "public school page, not cached", None, bust=True),
    Page("admin_mine", "district admin: My committees", DISTRICT_ADMIN),
    Page("admin_items", "district admin: heavy committee's action items", DISTRICT_ADMIN),
    Page("admin_overview", "district admin: district overview", DISTRICT_ADMIN),
    Page("parent_items", "parent: heavy committee's action items", PARENT),
    Page("meetings", "meeting list (heavy committee)", DISTRICT_ADMIN),
    Page("incidents", "incident queue (heavy committee)", DISTRICT_ADMIN),
    Page("drills", "drill calendar (heavy committee)", DISTRICT_ADMIN),
    # Every member's way in to a committee: its seats, members and fifty open items.
    Page("committee", "committee page (heavy committee)", DISTRICT_ADMIN),
    # Where everyone lands after signing in: every section over all of the reader's
    # committees (fifty schools for the district administrator).
    Page("admin_today", "district admin: Today", DISTRICT_ADMIN),
    Page("parent_today", "parent: Today", PARENT),
]
