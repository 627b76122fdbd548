"""The statewide volume of issue 15, written through bulk paths.

At scale 1: 20 districts, 1,000 schools (a building and its committee each), 30,000
people, 200,000 meetings, 1,000,000 action items, with incidents, drills, concerns,
public updates, improvement plans and milestones, assessments with their answers and
findings, compliance duties, emergency procedures, seats, and the guardian rows the
membership services would have written. ``scale`` multiplies every count (at least one
district and one school). Seeded: the same scale gives the same rows, with dates around
the day it runs.

Dates are spread as a state's history would be: meetings over eight years, most action
items done (some this school year), about 1% open and falling due within the reminder
scan's window (overdue, due today or soon), the rest due later. One committee, the
heavy one (``cast.HEAVY_COMMITTEE``), holds 2% of the items: 20,000 at scale 1.

Items come from where the product makes them, so that the gate's chain has rows to walk
(ACCESS.md, "levels follow the chain"): most from a section of a held meeting's minutes
(three sections a meeting, an executive session's and a few others restricted), a few
from an incident, a concern, a drill's problem or an assessment's finding (always
restricted); each at least as strict as what holds it, as the services keep it. Every
table a benchmarked page's gate reads holds rows: an empty one lets PostgreSQL choose
plans that production's data would not (docs/benchmarks.md).
"""

import dataclasses
import datetime
import hashlib
import itertools
import random
import sys
import time
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction

from accounts import services as accounts
from assessments.models import (
    AREA_CATEGORY,
    Answer,
    Area,
    Assessment,
    ChecklistTemplate,
    Finding,
    FindingItem,
    TemplateQuestion,
)
from audit.models import AuditEntry
from benchmarks import bulk, cast
from committees.access import strictest
from committees.gate import Cap
from committees.models import (
    DEFAULT_CLEARED_CATEGORIES,
    Building,
    Category,
    Committee,
    CommitteeUserObjectPermission,
    District,
    Level,
    Membership,
    Position,
    RepresentationRule,
)
from committees.services.membership import ADMIN_CAPS, POSITION_CAPS
from compliance.models import Duty, DutyRule, DutyStatus
from compliance.profiles import PROFILES, missed_on, next_due, on_day
from followups.models import ActionItem, ImprovementPlan, Milestone, WorkCategory
from incidents.models import (
    Concern,
    Drill,
    DrillKind,
    DrillProblem,
    FollowUp,
    Incident,
    SchoolYear,
)
from meetings.models import Meeting, MeetingNotice, MinutesSection, PublicSummary
from notifications.models import Kind, Notification, WebhookDelivery, WebhookEvent
from procedures.models import Procedure, ProcedureVersion
from publishing.models import PublicUpdate
from safety_portal.school_calendar import school_year_of

User = get_user_model()
ZONE = ZoneInfo("America/New_York")
DAY = datetime.timedelta(days=1)
SEED = 15  # the number: the same data every run
# Why a past message failed: one in a thousand.
REFUSED = "SMTPRecipientsRefused: 550 mailbox unavailable"


@dataclasses.dataclass(frozen=True)
class Volume:
    """How many of each at a scale (1 = statewide)."""

    districts: int
    buildings: int
    people: int
    meetings: int
    items: int
    heavy_items: int
    incidents: int
    concerns: int
    due_fraction: float
    # What years of use leave in the tables that only grow.
    past_messages: int
    audit_entries: int
    deliveries: int

    @classmethod
    def at(cls, scale: float, *, items: int | None = None, due_fraction: float = 0.01):
        districts = max(1, round(20 * scale))
        buildings = max(districts, round(1000 * scale))
        items = max(buildings, round(1_000_000 * scale) if items is None else items)
        return cls(
            districts=districts,
            buildings=buildings,
            people=max(8 * buildings, round(30_000 * scale)),
            meetings=max(buildings, round(200_000 * scale)),
            items=items,
            # 20,000 of 1,000,000: the "a committee's action items (20,000)".
            heavy_items=items if buildings == 1 else max(1, items // 50),
            incidents=max(buildings, round(50_000 * scale)),
            concerns=max(buildings, round(10_000 * scale)),
            due_fraction=due_fraction,
            # Three school years: a reminder or two for every item, a change or a
            # restricted read for every other one, and a busy integration's year.
            past_messages=round(2_000_000 * scale),
            audit_entries=round(2_000_000 * scale),
            deliveries=round(500_000 * scale),
        )


@dataclasses.dataclass
class Seat:
    user_id: int
    category: str
    position: str
    cleared: bool
    term_start: datetime.date
    term_end: datetime.date | None
    ended: bool


@dataclasses.dataclass
class School:
    """A building, its committee, and who sits there."""

    district: int
    building: int
    committee: int
    principal: int
    seats: list[Seat] = dataclasses.field(default_factory=list)

    @property
    def current(self) -> list[int]:
        """Members with a seat today, who may be given items."""
        return [s.user_id for s in self.seats if not s.ended and s.term_end is None] or [
            self.principal
        ]

    @property
    def chair(self) -> int:
        return self.seats[0].user_id if self.seats else self.principal


FIRST_NAMES = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jamal",
    "Kim",
    "Luis",
    "Maya",
    "Noor",
    "Omar",
    "Pia",
]
LAST_NAMES = [
    "Alvarez",
    "Brooks",
    "Chen",
    "Diaz",
    "Evans",
    "Fischer",
    "Gupta",
    "Hale",
    "Ito",
    "Jones",
    "Kowalski",
    "Lee",
]
TOWNS = [
    "Ashford",
    "Brookfield",
    "Canton",
    "Derby",
    "Easton",
    "Fairfield",
    "Granby",
    "Hamden",
    "Kent",
    "Lyme",
]
LEVELS = [Building.Level.ELEMENTARY, Building.Level.MIDDLE, Building.Level.HIGH]
# Whom members represent, in proportion.
CATEGORIES = [
    (Category.TEACHER, 20),
    (Category.STAFF, 10),
    (Category.FAMILY, 25),
    (Category.STUDENT, 12),
    (Category.ADMINISTRATOR, 10),
    (Category.POLICE, 5),
    (Category.FIRE, 3),
    (Category.EMS, 2),
    (Category.MENTAL_HEALTH, 7),
    (Category.COMMUNITY, 6),
]
WORK = [
    "Replace the door closer at the {} entrance",
    "Train staff on the reunification procedure ({})",
    "Review camera coverage of the {} lot",
    "Update the visitor sign-in process at the {} office",
    "Fix the PA speaker in the {} wing",
    "Trim hedges blocking sight lines near the {} gate",
    "Post evacuation maps in the {} corridor",
    "Check the radio dead spot by the {} stairs",
]
# A held meeting's minutes: (heading, body) of each section.
SECTIONS = [
    ("Drills and exercises", "The committee reviewed the last fire drill's times."),
    ("Building access", "Visitor sign-in and the side doors were discussed."),
    ("Open action items", "The chair went through the items due this month."),
]
PLACES = ["north", "east", "south", "west", "main", "gym", "library", "cafeteria", "bus", "front"]


def generate(scale: float, *, items: int | None = None, due_fraction: float = 0.01) -> dict:
    """Write the volume at ``scale`` into the default database; what was written."""
    volume = Volume.at(scale, items=items, due_fraction=due_fraction)
    with transaction.atomic():
        counts = Writer(volume).run()
    return {"scale": scale, "volume": dataclasses.asdict(volume), "rows": counts}


class Writer:
    """One pass over the tables, parents first, each by COPY."""

    def __init__(self, volume: Volume):
        self.volume = volume
        self.rng = random.Random(SEED)
        self.now = datetime.datetime.now(datetime.UTC)
        self.today = self.now.astimezone(ZONE).date()
        self.year = school_year_of(self.today)
        self.counts: dict[str, int] = {}
        self.started = time.monotonic()

    def run(self) -> dict[str, int]:
        self.districts = self._districts()
        self.schools = self._schools()
        self._people()
        self._seats()
        self._permissions()
        self._rules_and_years()
        milestones = self._plans()
        # What items are made from, written before them: the items point at them.
        self._meetings()
        self._incidents()
        self._drills()
        self._concerns()
        self._assessments()
        self._items(milestones)
        self._updates()
        self._duties()
        self._procedures()
        self._history()
        return self.counts

    # --- helpers ---------------------------------------------------------------------

    def _copy(self, model: type[models.Model], rows) -> None:
        written = bulk.copy(model, rows)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + written
        elapsed = time.monotonic() - self.started
        print(f"  {elapsed:7.1f}s  {label}: {written:,}", file=sys.stderr, flush=True)

    def _copy_numbered(self, model: type[models.Model], rows, n: int | None = None) -> range:
        """Copy ``rows`` (a list, or ``n`` rows given one at a time) with ids taken from the
        model's sequence, in order: their ids."""
        ids = self._ids(model, len(rows) if n is None else n)
        self._copy(model, ({"id": i, **row} for i, row in zip(ids, rows, strict=True)))
        return ids

    def _ids(self, model: type[models.Model], n: int) -> range:
        return bulk.reserve_ids(model, n)

    def _at(self, day: datetime.date, hour: int = 15) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour), ZONE)

    def _name(self, n: int) -> tuple[str, str]:
        return FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[(n // 7) % len(LAST_NAMES)]

    # --- districts, schools, people ----------------------------------------------------

    def _districts(self) -> list[int]:
        ids = self._ids(District, self.volume.districts)
        self._copy(
            District,
            (
                {
                    "id": pk,
                    "name": f"Bench District {n + 1:02d}",
                    "slug": f"bench-district-{n + 1:02d}",
                    "state": "CT",
                    "time_zone": "America/New_York",
                    "tip_line": "Safe School Tip Line, 1-800-555-0100",
                    "safety_office_contact": "Office of School Safety",
                    # Swept yesterday, as the hourly sweep would have: today's run has
                    # only the terms that began or ended since.
                    "permissions_swept_on": self.today - DAY,
                }
                for n, pk in enumerate(ids)
            ),
        )
        return list(ids)

    def _schools(self) -> list[School]:
        n = self.volume.buildings
        buildings = self._ids(Building, n)
        committees = self._ids(Committee, n)
        schools = [
            School(
                district=self.districts[i % len(self.districts)],
                building=b,
                committee=c,
                principal=0,
            )
            for i, (b, c) in enumerate(zip(buildings, committees, strict=True))
        ]
        names = [self._school_name(i) for i in range(n)]
        self._copy(
            Building,
            (
                {
                    "id": s.building,
                    "district_id": s.district,
                    "name": name,
                    "slug": slug,
                    "level": level,
                    "address": f"{i + 1} School Street",
                }
                for i, (s, (name, slug, level)) in enumerate(zip(schools, names, strict=True))
            ),
        )
        self._copy(
            Committee,
            (
                {
                    "id": s.committee,
                    "district_id": s.district,
                    "building_id": s.building,
                    "name": f"{name} Safety Committee",
                    "purpose": "Meets monthly with local safety officials.",
                }
                for s, (name, _slug, _level) in zip(schools, names, strict=True)
            ),
        )
        return schools

    def _school_name(self, i: int) -> tuple[str, str, str]:
        if i == 0:
            return (
                cast.HEAVY_COMMITTEE.removesuffix(" Safety Committee"),
                cast.HEAVY_BUILDING_SLUG,
                Building.Level.HIGH,
            )
        level = LEVELS[i % 3]
        town = TOWNS[(i // 3) % len(TOWNS)]
        label = {"elementary": "Elementary", "middle": "Middle", "high": "High"}[level]
        return f"{town} {label} School {i:04d}", f"{town.lower()}-{level}-{i:04d}", level

    def _people(self) -> None:
        """District administrators, a principal per school, and the members."""
        volume = self.volume
        admins = 2 * len(self.districts)
        members = max(0, volume.people - admins - len(self.schools))
        ids = iter(self._ids(User, admins + len(self.schools) + members))
        password = make_password(cast.PASSWORD)
        rows = []
        self.district_admins: dict[int, list[int]] = {}
        for n, district in enumerate(self.districts):
            for k in range(2):
                pk = next(ids)
                self.district_admins.setdefault(district, []).append(pk)
                name = cast.DISTRICT_ADMIN if (n, k) == (0, 0) else f"admin{pk}"
                rows.append(self._person(pk, name, district, password, admin=True))
        for school in self.schools:
            school.principal = next(ids)
            rows.append(
                self._person(
                    school.principal, f"principal{school.principal}", school.district, password
                )
            )
        self.member_ids = [next(ids) for _ in range(members)]
        # The heavy committee's first plain member (after chair, secretary, co-chair).
        self._parent_index = 3 * len(self.schools)
        for i, pk in enumerate(self.member_ids):
            school = self.schools[i % len(self.schools)]
            rows.append(self._person(pk, self._username(i, pk), school.district, password))
        self._copy(User, rows)
        self._copy(
            Building.administrators.through,
            (
                {"id": pk, "building_id": s.building, "user_id": s.principal}
                for pk, s in zip(
                    self._ids(Building.administrators.through, len(self.schools)),
                    self.schools,
                    strict=True,
                )
            ),
        )

    def _username(self, i: int, pk: int) -> str:
        """The heavy committee's first members are the named chair and parent."""
        if i == 0:
            return cast.CHAIR
        if i == self._parent_index:
            return cast.PARENT
        return f"member{pk}"

    def _person(self, pk: int, username: str, district: int, password: str, admin=False) -> dict:
        first, last = self._name(pk)
        return {
            "id": pk,
            "username": username,
            "email": f"{username}@bench.example.org",
            "first_name": first,
            "last_name": last,
            "password": password,
            "district_id": district,
            "is_district_admin": admin,
            "is_staff": admin,
            "is_active": True,
        }

    def _seats(self) -> None:
        """Each member's seat (a few hold a second one in their district), and the
        principals' own."""
        rng = self.rng
        categories, weights = zip(*CATEGORIES, strict=True)
        by_district: dict[int, list[School]] = {}
        for school in self.schools:
            by_district.setdefault(school.district, []).append(school)
            school.seats.append(self._seat(school.principal, Category.ADMINISTRATOR, cleared=True))
        for i, pk in enumerate(self.member_ids):
            school = self.schools[i % len(self.schools)]
            order = i // len(self.schools)
            position = (
                [Position.CHAIR, Position.SECRETARY, Position.CO_CHAIR][order]
                if order < 3
                else Position.MEMBER
            )
            if i == 0:
                category = Category.STAFF
            elif i == self._parent_index:
                category = Category.FAMILY
            else:
                category = rng.choices(categories, weights)[0]
            named = i in (0, self._parent_index)
            seat = self._seat(
                pk,
                category,
                cleared=category in DEFAULT_CLEARED_CATEGORIES and (named or rng.random() < 0.5),
                steady=named or order < 3,
            )
            # The chair opens the committee's list of seats: it assigns the items.
            if position != Position.MEMBER:
                seat.position = position
                school.seats.insert(order, seat)
            else:
                school.seats.append(seat)
            neighbours = by_district[school.district]
            if rng.random() < 0.03 and len(neighbours) > 1:
                other = rng.choice([s for s in neighbours[:20] if s is not school] or neighbours)
                if other is not school:
                    other.seats.append(self._seat(pk, Category.COMMUNITY, cleared=False))
        ids = iter(self._ids(Membership, sum(len(s.seats) for s in self.schools)))
        self._copy(
            Membership,
            (
                {
                    "id": next(ids),
                    "committee_id": school.committee,
                    "user_id": seat.user_id,
                    "category": seat.category,
                    "position": seat.position,
                    "term_start": seat.term_start,
                    "term_end": seat.term_end,
                    "restricted_clearance": seat.cleared,
                    "ended_at": self._at(seat.term_start + 30 * DAY) if seat.ended else None,
                }
                for school in self.schools
                for seat in school.seats
            ),
        )

    def _seat(self, user_id: int, category: str, *, cleared: bool, steady: bool = True) -> Seat:
        """A seat; unless ``steady``, some have ended, ended yesterday or were removed."""
        rng = self.rng
        start = self.today - rng.randrange(0, 1000) * DAY
        seat = Seat(user_id, category, Position.MEMBER, cleared, start, None, False)
        if steady:
            return seat
        roll = rng.random()
        if roll < 0.02:
            seat.ended = True  # removed from the committee
        elif roll < 0.03:
            seat.term_end = self.today - DAY  # ended yesterday: the sweep's work today
        elif roll < 0.07:
            seat.term_end = self.today - rng.randrange(2, 400) * DAY  # long over
        elif roll < 0.4:
            seat.term_end = self.today + rng.randrange(1, 900) * DAY
        if seat.term_end is not None and seat.term_end < seat.term_start:
            seat.term_start = seat.term_end - 730 * DAY
        return seat

    def _permissions(self) -> None:
        """guardian's rows as the membership services leave them, as of yesterday's sweep
        (so terms that ended yesterday still hold theirs: today's sweep removes them)."""
        self.counts["stale permission pairs"] = 0
        perms = dict(
            Permission.objects.filter(
                content_type=ContentType.objects.get_for_model(Committee),
                codename__in=[cap.value for cap in Cap],
            ).values_list("codename", "pk")
        )
        yesterday = self.today - DAY
        caps: dict[tuple[int, int], set[Cap]] = {}
        turned: set[tuple[int, int]] = set()
        for school in self.schools:
            for seat in school.seats:
                if seat.term_end == yesterday or seat.term_start == self.today:
                    turned.add((seat.user_id, school.committee))
                if seat.ended or (seat.term_end is not None and seat.term_end < yesterday):
                    continue
                held = caps.setdefault((seat.user_id, school.committee), set())
                held |= POSITION_CAPS[seat.position]
                if seat.cleared and seat.category in DEFAULT_CLEARED_CATEGORIES:
                    held.add(Cap.VIEW_RESTRICTED)
                if seat.term_end == yesterday:
                    self.counts["stale permission pairs"] += 1
            caps[(school.principal, school.committee)] = set(ADMIN_CAPS)
            for admin in self.district_admins[school.district]:
                caps[(admin, school.committee)] = set(ADMIN_CAPS)
        self.counts["pairs whose term turned since the last sweep"] = len(turned)
        rows = [
            (user, committee, perms[cap.value])
            for (user, committee), held in sorted(caps.items())
            for cap in sorted(held)
        ]
        ids = self._ids(CommitteeUserObjectPermission, len(rows))
        self._copy(
            CommitteeUserObjectPermission,
            (
                {"id": pk, "user_id": u, "content_object_id": c, "permission_id": p}
                for pk, (u, c, p) in zip(ids, rows, strict=True)
            ),
        )

    def _rules_and_years(self) -> None:
        rules = [
            (Category.FAMILY, [], 1, RepresentationRule.AppliesTo.BUILDING),
            (Category.TEACHER, [], 1, RepresentationRule.AppliesTo.ALL),
            (Category.POLICE, [], 1, RepresentationRule.AppliesTo.ALL),
            (Category.FIRE, [Category.EMS], 1, RepresentationRule.AppliesTo.ALL),
            (Category.STUDENT, [], 1, RepresentationRule.AppliesTo.HIGH_SCHOOL),
        ]
        ids = iter(self._ids(RepresentationRule, len(rules) * len(self.districts)))
        self._copy(
            RepresentationRule,
            (
                {
                    "id": next(ids),
                    "district_id": d,
                    "category": c,
                    "or_categories": o,
                    "minimum": m,
                    "applies_to": a,
                }
                for d in self.districts
                for c, o, m, a in rules
            ),
        )
        ids = iter(self._ids(SchoolYear, 2 * len(self.districts)))
        self._copy(
            SchoolYear,
            (
                {
                    "id": next(ids),
                    "district_id": d,
                    "year": y,
                    "first_day": datetime.date(y, 8, 27),
                    "last_day": datetime.date(y + 1, 6, 14),
                }
                for d in self.districts
                for y in (self.year - 1, self.year)
            ),
        )

    # --- plans and items ----------------------------------------------------------------

    def _plans(self) -> dict[int, list[int]]:
        """Three school years of plans per committee, five milestones each; the
        current year's milestones by committee, for items to point at."""
        years = (self.year - 2, self.year - 1, self.year)
        plan_ids = iter(self._ids(ImprovementPlan, len(years) * len(self.schools)))
        plans = [(next(plan_ids), s.committee, y) for s in self.schools for y in years]
        self._copy(
            ImprovementPlan,
            (
                {"id": pk, "committee_id": c, "school_year": y, "title": f"Safety plan {y}"}
                for pk, c, y in plans
            ),
        )
        categories = [c for c, _label in WorkCategory.choices]
        milestone_ids = iter(self._ids(Milestone, 5 * len(plans)))
        current: dict[int, list[int]] = {}
        rows = []
        for plan, committee, year in plans:
            for k in range(5):
                pk = next(milestone_ids)
                if year == self.year:
                    current.setdefault(committee, []).append(pk)
                category = categories[(plan + k) % len(categories)]
                rows.append(
                    {
                        "id": pk,
                        "plan_id": plan,
                        "title": f"Milestone {k + 1}: {category} work at the east wing",
                        "public_title": f"{category.replace('_', ' ').capitalize()} improvements",
                        "category": category,
                        "target_date": datetime.date(year, 9, 1) + (60 * k) * DAY,
                        "visibility": Level.PUBLIC if k < 3 else Level.COMMITTEE,
                    }
                )
        self._copy(Milestone, rows)
        return current

    def _items(self, milestones: dict[int, list[int]]) -> None:
        volume = self.volume
        rest = len(self.schools) - 1
        per = [volume.heavy_items] + [
            (volume.items - volume.heavy_items) // rest
            + (1 if i < (volume.items - volume.heavy_items) % rest else 0)
            for i in range(rest)
        ]
        first = bulk.reserve_ids(ActionItem, sum(per)).start
        # Each school's items, by id (in the schools' order): what the history is about.
        starts = itertools.accumulate(per[:-1], initial=first)
        self.items_of = [range(start, start + n) for start, n in zip(starts, per, strict=True)]
        # The rows that tie items to what holds them, gathered as the items are made.
        links: dict[type[models.Model], list[dict]] = {
            FollowUp: [],
            DrillProblem: [],
            FindingItem: [],
        }
        self._copy(ActionItem, self._item_rows(first, per, milestones, links))
        for model, rows in links.items():
            self._copy_numbered(model, rows)

    def _item_rows(
        self, first: int, per: list[int], milestones, links: dict[type[models.Model], list[dict]]
    ) -> Iterator[dict]:
        rng = self.rng
        due_fraction = self.volume.due_fraction
        categories = [c for c, _label in WorkCategory.choices]
        pk = first
        for school, count in zip(self.schools, per, strict=True):
            members = school.current
            chair = school.chair
            marks = milestones.get(school.committee, [])
            for _ in range(count):
                roll = rng.random()
                status, due, assignee = self._item_state(roll, due_fraction, members)
                done = status == ActionItem.Status.DONE
                completed = self._at(due + rng.randrange(-10, 5) * DAY) if done else None
                if completed is not None and completed > self.now:
                    completed = self.now - DAY
                created = self._at((due or self.today) - rng.randrange(14, 120) * DAY, 10)
                visibility_roll = rng.random()
                own = (
                    Level.RESTRICTED
                    if visibility_roll < 0.1
                    else (Level.PUBLIC if visibility_roll > 0.95 else Level.COMMITTEE)
                )
                source, section, holder_level = self._origin(school, pk, links)
                yield {
                    "id": pk,
                    "committee_id": school.committee,
                    "title": rng.choice(WORK).format(rng.choice(PLACES)),
                    "description": "Raised at the monthly walk-through.",
                    "source": source,
                    "minutes_section_id": section,
                    "category": rng.choice(categories),
                    "visibility": strictest([own, holder_level]),
                    "priority": rng.choice(ActionItem.Priority.values),
                    "status": status,
                    "assignee_id": assignee,
                    "assigned_by_id": chair if assignee else None,
                    "due_date": due,
                    "milestone_id": rng.choice(marks) if marks and rng.random() < 0.05 else None,
                    "completion_note": "Done and checked." if done else "",
                    "completed_at": completed,
                    "created_at": created,
                    "updated_at": completed or created,
                }
                pk += 1

    def _origin(self, school: School, item: int, links: dict[type[models.Model], list[dict]]):
        """(source, minutes section, the level of what holds it) of a new item: most
        from a section of the committee's minutes, a few from an incident, a concern, an
        assessment's finding or a drill (their links gathered in ``links``), the rest
        made by hand."""
        rng, roll = self.rng, self.rng.random()
        sections = self.sections.get(school.committee)
        if roll < 0.45 and sections:
            section = rng.randrange(*sections)
            level = Level.RESTRICTED if section in self.restricted_sections else Level.COMMITTEE
            return ActionItem.Source.MEETING, section, level
        incidents = self.incidents_of.get(school.committee)
        if roll < 0.47 and incidents:
            incident, level = rng.choice(incidents)
            links[FollowUp].append({"item_id": item, "incident_id": incident})
            return ActionItem.Source.INCIDENT, None, level
        concerns = self.concerns_of.get(school.committee)
        if roll < 0.48 and concerns:
            links[FollowUp].append({"item_id": item, "concern_id": rng.choice(concerns)})
            return ActionItem.Source.CONCERN, None, Level.COMMITTEE
        drills = self.drills_of.get(school.committee)
        if roll < 0.49 and drills:
            links[DrillProblem].append(
                {
                    "drill_id": rng.choice(drills),
                    "action_item_id": item,
                    "description": "Two classrooms did not hear the announcement.",
                }
            )
            return ActionItem.Source.DRILL, None, Level.COMMITTEE
        findings = self.findings_of.get(school.committee)
        if roll < 0.5 and findings:
            links[FindingItem].append({"finding_id": rng.choice(findings), "item_id": item})
            return ActionItem.Source.ASSESSMENT, None, Level.RESTRICTED
        return ActionItem.Source.NONE, None, Level.PUBLIC

    def _item_state(self, roll: float, due_fraction: float, members: list[int]):
        """(status, due date, assignee): ``due_fraction`` of the items open and assigned
        within the reminder scan's window, the others due later, done or cancelled."""
        rng = self.rng
        today = self.today
        open_statuses = [
            ActionItem.Status.OPEN,
            ActionItem.Status.IN_PROGRESS,
            ActionItem.Status.BLOCKED,
        ]
        if roll < due_fraction:
            spot = rng.random()
            if spot < 0.25:
                due = today - rng.randrange(1, 45) * DAY  # overdue; the older ones escalate
            elif spot < 0.3:
                due = today
            else:
                due = today + rng.randrange(1, 31) * DAY
            return rng.choice(open_statuses), due, rng.choice(members)
        assignee = rng.choice(members) if rng.random() < 0.9 else None
        if roll < due_fraction + 0.12:
            due = today + rng.randrange(31, 365) * DAY if rng.random() < 0.8 else None
            return rng.choice(open_statuses), due, assignee
        due = today - rng.randrange(1, 8 * 365) * DAY
        if roll < due_fraction + 0.16:
            return ActionItem.Status.CANCELLED, due, assignee
        return ActionItem.Status.DONE, due, assignee

    # --- meetings, incidents, drills, concerns, updates --------------------------------

    def _meetings(self) -> None:
        """Each committee's meetings, monthly-ish over eight years, two ahead; notices of
        the ones ahead and public summaries of a third of those held."""
        n = self.volume.meetings
        per = [
            n // len(self.schools) + (1 if i < n % len(self.schools) else 0)
            for i in range(len(self.schools))
        ]
        notices: list[dict] = []
        summaries: list[dict] = []
        held: list[tuple[int, int, bool]] = []
        # Streamed: the notices and summaries are gathered as the meetings go by.
        # Not during the COPY: it holds the connection.
        first = bulk.reserve_ids(Meeting, sum(per)).start
        self._copy(Meeting, self._meeting_rows(first, per, notices, summaries, held))
        for model, rows in ((MeetingNotice, notices), (PublicSummary, summaries)):
            self._copy_numbered(model, rows)
        self._minutes(held)

    def _minutes(self, held: list[tuple[int, int, bool]]) -> None:
        """Three sections of minutes per held meeting, each committee's in one run of
        ids (``self.sections``: committee -> its range). An executive session's sections
        are restricted, as are a few others (``self.restricted_sections``)."""
        self.sections: dict[int, tuple[int, int]] = {}
        self.restricted_sections: set[int] = set()
        ids = self._ids(MinutesSection, len(SECTIONS) * len(held))
        self._copy(MinutesSection, self._section_rows(ids.start, held))

    def _section_rows(self, pk: int, held: list[tuple[int, int, bool]]) -> Iterator[dict]:
        # Streamed, as the meetings are: half a million rows at scale 1.
        for meeting, committee, executive in held:
            start = self.sections.get(committee, (pk, pk))[0]
            for order, (heading, body) in enumerate(SECTIONS, start=1):
                restricted = executive or self.rng.random() < 0.08
                if restricted:
                    self.restricted_sections.add(pk)
                yield {
                    "id": pk,
                    "meeting_id": meeting,
                    "order": order,
                    "heading": heading,
                    "body": body,
                    "visibility": Level.RESTRICTED if restricted else Level.COMMITTEE,
                }
                pk += 1
            self.sections[committee] = (start, pk)

    def _meeting_rows(self, pk: int, per: list[int], notices, summaries, held) -> Iterator[dict]:
        rng = self.rng
        for school, count in zip(self.schools, per, strict=True):
            step = max(1, (8 * 365) // max(1, count))
            for k in range(count):
                ahead = k < min(2, count - 1)
                day = (
                    self.today + (14 + 21 * k) * DAY if ahead else self.today - (step * k + 3) * DAY
                )
                kind_roll = rng.random()
                executive = kind_roll < 0.03
                status = (
                    Meeting.Status.SCHEDULED
                    if ahead
                    else (Meeting.Status.CANCELLED if rng.random() < 0.05 else Meeting.Status.HELD)
                )
                yield {
                    "id": pk,
                    "committee_id": school.committee,
                    "title": "Executive session"
                    if executive
                    else "Monthly safety committee meeting",
                    "kind": Meeting.Kind.EXECUTIVE
                    if executive
                    else (Meeting.Kind.SPECIAL if kind_roll > 0.9 else Meeting.Kind.REGULAR),
                    "starts_at": self._at(day, 16),
                    "ends_at": self._at(day, 17),
                    "location": "Library",
                    "status": status,
                    "visibility": Level.RESTRICTED if executive else Level.COMMITTEE,
                    "created_by_id": school.chair,
                }
                if status == Meeting.Status.HELD:
                    held.append((pk, school.committee, executive))
                if ahead:
                    notices.append(
                        {
                            "meeting_id": pk,
                            "title": "Safety committee meeting",
                            "place": "School library",
                            "published_by_id": school.principal,
                            "published_at": self.now,
                        }
                    )
                elif status == Meeting.Status.HELD and not executive and rng.random() < 0.3:
                    summaries.append(
                        {
                            "meeting_id": pk,
                            "text": "The committee reviewed drills and entrance procedures.",
                            "written_by_id": school.chair,
                            "published_by_id": school.principal,
                            "published_at": self._at(day + 7 * DAY),
                        }
                    )
                pk += 1

    def _incidents(self) -> None:
        rng = self.rng
        n = self.volume.incidents
        kinds = Incident.Kind.values
        ids = iter(self._ids(Incident, n))
        rows = []
        for i in range(n):
            school = self.schools[i % len(self.schools)]
            kind = rng.choice(kinds)
            age = rng.randrange(0, 3 * 365)
            status = Incident.Status.CLOSED if age > 60 else rng.choice(Incident.Status.values)
            rows.append(
                {
                    "id": next(ids),
                    "building_id": school.building,
                    "committee_id": school.committee,
                    "occurred_at": self.now - age * DAY,
                    "area": "east parking lot",
                    "kind": kind,
                    "severity": rng.choice(Incident.Severity.values),
                    "description": "Reported by staff on duty.",
                    "reporter_id": rng.choice(school.current),
                    "status": status,
                    "visibility": Level.RESTRICTED
                    if kind == Incident.Kind.THREAT
                    else Level.COMMITTEE,
                    "created_at": self.now - age * DAY,
                }
            )
        self._copy(Incident, rows)
        self.incidents_of: dict[int, list[tuple[int, str]]] = {}
        for row in rows:
            self.incidents_of.setdefault(row["committee_id"], []).append(
                (row["id"], row["visibility"])
            )

    def _drills(self) -> None:
        """A drill a month of the school year so far and last year, one planned ahead."""
        rows = []
        for year in (self.year - 1, self.year):
            for month in range(10):
                day = datetime.date(year, 9, 10) + (30 * month) * DAY
                for school in self.schools:
                    kind = DrillKind.CRISIS_RESPONSE if month % 3 == 2 else DrillKind.FIRE
                    held = day < self.today
                    if not held and day > self.today + 40 * DAY:
                        continue
                    rows.append(
                        {
                            "building_id": school.building,
                            "committee_id": school.committee,
                            "kind": kind,
                            "planned_for": day,
                            "held_at": self._at(day, 10) if held else None,
                            "duration_minutes": 12 if held else None,
                            "participants": 450 if held else None,
                            "visibility": Level.COMMITTEE,
                            "recorded_by_id": school.chair,
                        }
                    )
        ids = self._copy_numbered(Drill, rows)
        self.drills_of: dict[int, list[int]] = {}
        for pk, row in zip(ids, rows, strict=True):
            if row["held_at"] is not None:
                self.drills_of.setdefault(row["committee_id"], []).append(pk)

    def _concerns(self) -> None:
        rng = self.rng
        n = self.volume.concerns
        ids = self._ids(Concern, n)
        rows = []
        for i, pk in enumerate(ids):
            school = self.schools[i % len(self.schools)]
            at = self.now - rng.randrange(0, 2 * 365) * DAY
            rows.append(
                {
                    "id": pk,
                    "reference": f"BENCH{pk:09d}",
                    "building_id": school.building,
                    "committee_id": school.committee,
                    "location": "the gate by the bus loop",
                    "description": "The gate does not latch.",
                    "status": rng.choice(Concern.Status.values),
                    "status_changed_at": at,
                    "visibility": Level.COMMITTEE,
                    "source_key": hashlib.sha256(str(pk).encode()).hexdigest(),
                    "created_at": at,
                }
            )
        self._copy(Concern, rows)
        self.concerns_of: dict[int, list[int]] = {}
        for row in rows:
            self.concerns_of.setdefault(row["committee_id"], []).append(row["id"])

    def _assessments(self) -> None:
        """A checklist per district (two questions an area), and each school assessed
        every two years over eight: the past ones completed, with their answers and a
        finding for each answer partly met or not met (``self.findings_of``: committee
        -> its findings, for items to come from); this year's assessment planned."""
        template_ids = self._ids(ChecklistTemplate, len(self.districts))
        templates = dict(zip(self.districts, template_ids, strict=True))
        self._copy(
            ChecklistTemplate,
            (
                {"id": t, "district_id": d, "name": "School safety checklist"}
                for d, t in templates.items()
            ),
        )
        questions = [
            (area, f"Is the {area.label.lower()} as the plan says?")
            for area in Area
            for _ in (1, 2)
        ]
        self._copy_numbered(
            TemplateQuestion,
            [
                {"template_id": t, "area": area, "order": order, "text": text}
                for t in template_ids
                for order, (area, text) in enumerate(questions, start=1)
            ],
        )
        assessments = []
        for school in self.schools:
            for year in range(self.year - 6, self.year + 1, 2):
                past = year < self.year
                planned = datetime.date(year + 1, 3, 15)
                assessments.append(
                    {
                        "building_id": school.building,
                        "committee_id": school.committee,
                        "template_id": templates[school.district],
                        "planned_for": planned,
                        "completed_on": planned if past else None,
                        "status": Assessment.Status.COMPLETED
                        if past
                        else Assessment.Status.PLANNED,
                        "visibility": Level.COMMITTEE,
                        "created_by_id": school.principal,
                    }
                )
        ids = self._copy_numbered(Assessment, assessments)
        completed = [
            (pk, row) for pk, row in zip(ids, assessments, strict=True) if row["completed_on"]
        ]
        answer_ids = iter(self._ids(Answer, len(completed) * len(questions)))
        answers, findings = [], []
        for assessment, row in completed:
            for order, (area, text) in enumerate(questions, start=1):
                roll, pk = self.rng.random(), next(answer_ids)
                response = (
                    Answer.Response.NOT_MET
                    if roll < 0.05
                    else (Answer.Response.PARTLY if roll < 0.15 else Answer.Response.MET)
                )
                answers.append(
                    {
                        "id": pk,
                        "assessment_id": assessment,
                        "area": area,
                        "order": order,
                        "question_text": text,
                        "response": response,
                        "note": "Checked with the head custodian.",
                        "answered_by_id": row["created_by_id"],
                        "answered_at": self._at(row["completed_on"], 11),
                        "visibility": Level.RESTRICTED,
                    }
                )
                if response in Answer.FINDS:
                    findings.append(
                        {
                            "assessment_id": assessment,
                            "answer_id": pk,
                            "severity": self.rng.choice(Finding.Severity.values),
                            "description": f"The {area.label.lower()} fall short at the east wing.",
                            "public_category": AREA_CATEGORY[area],
                            "public_label": f"{AREA_CATEGORY[area].label} improvements",
                            "visibility": Level.RESTRICTED,
                        }
                    )
        self._copy(Answer, answers)
        committee_of = {pk: row["committee_id"] for pk, row in completed}
        self.findings_of: dict[int, list[int]] = {}
        for pk, row in zip(self._copy_numbered(Finding, findings), findings, strict=True):
            self.findings_of.setdefault(committee_of[row["assessment_id"]], []).append(pk)

    def _duties(self) -> None:
        """The Connecticut duties of each district, and each school's periods of them
        over eight years: done (a few missed) up to the one that falls due about now,
        which is open and the principal's."""
        specs = PROFILES["CT"]
        rule_ids = iter(self._ids(DutyRule, len(specs) * len(self.districts)))
        rules = {(d, spec.kind): next(rule_ids) for d in self.districts for spec in specs}
        self._copy(
            DutyRule,
            (
                {"id": rules[(d, spec.kind)], "district_id": d, "kind": spec.kind}
                | spec.rule_values()
                for d in self.districts
                for spec in specs
            ),
        )
        rows = []
        for school in self.schools:
            for spec in specs:
                rule = rules[(school.district, spec.kind)]
                due = on_day(self.today.year - 8, spec.due_month, spec.due_day)
                while True:
                    row = {
                        "rule_id": rule,
                        "committee_id": school.committee,
                        "kind": spec.kind,
                        "title": spec.title,
                        "due_on": due,
                        "owner_id": school.principal,
                        "visibility": Level.COMMITTEE,
                    }
                    if due >= self.today - 30 * DAY:  # about now: open, perhaps overdue
                        rows.append(row | {"status": DutyStatus.OPEN})
                        break
                    if self.rng.random() < 0.1:
                        rows.append(
                            row | {"status": DutyStatus.MISSED, "missed_on": missed_on(spec, due)}
                        )
                    else:
                        done = due - self.rng.randrange(0, 20) * DAY
                        rows.append(
                            row
                            | {
                                "status": DutyStatus.DONE,
                                "done_on": done,
                                "done_by_id": school.principal,
                                "done_at": self._at(done),
                                "note": "Filed with the district office.",
                            }
                        )
                    due = next_due(spec, due)
        self._copy_numbered(Duty, rows)

    def _procedures(self) -> None:
        """Each school's emergency procedures (restricted, as they always are), the
        principal's, reviewed within the last year, each with its first version, as
        ``procedure_create`` writes them."""
        kinds = [kind for kind in Procedure.Kind if kind != Procedure.Kind.OTHER]
        rows = [
            {
                "committee_id": school.committee,
                "kind": kind,
                "title": f"{kind.label} procedure",
                "public_title": f"{kind.label} procedure"
                if kind != Procedure.Kind.LOCKDOWN
                else "",
                "owner_id": school.principal,
                "last_reviewed_on": self.today - self.rng.randrange(1, 365) * DAY,
                "visibility": Level.RESTRICTED,
            }
            for school in self.schools
            for kind in kinds
        ]
        ids = self._copy_numbered(Procedure, rows)
        self._copy_numbered(
            ProcedureVersion,
            [
                {
                    "procedure_id": pk,
                    "number": 1,
                    "body": "1. Announce it on the PA.\n2. Staff take their rooms' rosters.",
                    "note": "First version",
                    "created_by_id": row["owner_id"],
                }
                for pk, row in zip(ids, rows, strict=True)
            ],
        )

    def _updates(self) -> None:
        rows = []
        for school in self.schools:
            for k in range(5):
                at = self.now - (40 * k + 3) * DAY
                rows.append(
                    {
                        "committee_id": school.committee,
                        "title": f"Safety update {k + 1}",
                        "body": "New door hardware is scheduled for the spring.",
                        "written_by_id": school.chair,
                        "created_at": at,
                        "published_by_id": school.principal,
                        "published_at": at,
                        "first_published_at": at,
                    }
                )
        self._copy_numbered(PublicUpdate, rows)

    # --- what years of use leave: the tables that only grow -----------------------------

    def _history(self) -> None:
        """The outbox's sent messages, the audit trail (changes and restricted reads) and
        an integration's webhook deliveries, over three school years: no benchmarked page
        reads them, but the audit page, the admin's outbox and a service account's page do
        (the crawl, benchmarks/crawl.py, meets them)."""
        self._past_messages()
        self._audit_trail()
        self._deliveries()

    def _history_at(self, k: int, n: int, days: int) -> datetime.datetime:
        """The ``k``-th of ``n`` moments spread over the last ``days``, newest first."""
        return self.now - datetime.timedelta(seconds=(k + 1) * days * 86_400 / max(1, n))

    def _subject(self, k: int) -> tuple[School, int]:
        """A school and one of its items: the heavy committee's for even ``k``, every
        school in turn for odd ones (what else a row draws from ``k`` goes by ``k // 2``,
        so that each school gets every kind and every member)."""
        index = 0 if k % 2 == 0 else (k // 2) % len(self.schools)
        items = self.items_of[index]
        return self.schools[index], items[(k * 7919) % len(items)]

    def _past_messages(self) -> None:
        kinds = [Kind.ITEM_DUE_SOON, Kind.ITEM_DUE_TODAY, Kind.ITEM_OVERDUE, Kind.ITEM_ASSIGNED]
        n = self.volume.past_messages

        def rows():
            for k in range(n):
                school, item = self._subject(k)
                members = school.current
                at = self._history_at(k, n, 3 * 365)
                failed = k % 1000 == 999
                yield {
                    "recipient_id": members[(k // 2) % len(members)],
                    "district_id": school.district,
                    "kind": kinds[(k // 2) % len(kinds)],  # every kind in every school
                    "subject_type": "followups.actionitem",
                    "subject_id": item,
                    "period": f"past-{k}",  # never one a scan writes
                    "status": Notification.Status.FAILED if failed else Notification.Status.SENT,
                    "attempts": 5 if failed else 1,
                    "next_attempt_at": at,
                    "last_error": REFUSED if failed else "",
                    "created_at": at,
                    "sent_at": None if failed else at + datetime.timedelta(minutes=1),
                }

        self._copy_numbered(Notification, rows(), n)

    def _audit_trail(self) -> None:
        item_type = ContentType.objects.get_for_model(ActionItem).pk
        n = self.volume.audit_entries

        def rows():
            for k in range(n):
                school, item = self._subject(k)
                members = school.current
                actor = members[(k // 2) % len(members)]
                read = k % 5 < 3  # three reads of a restricted item to two changes
                change = {"status": ["open", "in_progress"]} if k % 5 == 3 else {}
                yield {
                    "content_type_id": item_type,
                    "object_id": item,
                    "object_pk": str(item),
                    "object_repr": f"Action item {item}",
                    "action": AuditEntry.Action.ACCESS if read else AuditEntry.Action.UPDATE,
                    "changes": None if read else change or {"due_date": ["2026-01-10", None]},
                    "changes_text": "",
                    "actor_id": actor,
                    "actor_email": f"user{actor}@bench.example.org",
                    "timestamp": self._history_at(k, n, 3 * 365),
                    "district_id": school.district,
                    "via": AuditEntry.Via.PAGE if read else "",
                    # An entry is never below its record (ACCESS.md): the generator does
                    # not keep each item's level, so every entry takes the strictest.
                    "level": Level.RESTRICTED,
                }

        self._copy_numbered(AuditEntry, rows(), n)

    def _deliveries(self) -> None:
        """The heavy district's work-order integration, made by its services, told of its
        items' changes at two addresses over a year (a third, removed, before them)."""
        n = self.volume.deliveries
        if not n:
            return
        admin = User.objects.get(username=cast.DISTRICT_ADMIN)
        account = accounts.service_account_create(
            district=admin.district, name="Work orders", role=accounts.DISTRICT_ROLE, by=admin
        )
        events = [WebhookEvent.ACTION_ITEM_CREATED, WebhookEvent.ACTION_ITEM_STATUS_CHANGED]
        hooks = [
            accounts.webhook_register(
                account=account, url=f"https://orders.example.org/{name}", events=events, by=admin
            )[0]
            for name in ("old", "maintenance", "custodians")
        ]
        accounts.webhook_remove(webhook=hooks[0], by=admin)
        heavy = self.items_of[0]

        def rows():
            for k in range(n):
                at = self._history_at(k, n, 365)
                # The removed address had the oldest tenth; the two others share the rest.
                hook = hooks[0] if k >= n * 9 // 10 else hooks[1 + k % 2]
                yield {
                    "webhook_id": hook.pk,
                    "event": events[k % 2],
                    "subject_type": "followups.actionitem",
                    "subject_id": heavy[(k * 7919) % len(heavy)],
                    "occurred_at": at,
                    "status": WebhookDelivery.Status.SENT,
                    "attempts": 1,
                    "next_attempt_at": at,
                    "response_status": 200,
                    "sent_at": at,
                }

        self._copy_numbered(WebhookDelivery, rows(), n)


def vacuum() -> None:
    """VACUUM ANALYZE, as autovacuum would have by the time anyone reads the data: the
    planner's statistics, and the visibility map that index-only scans need."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
