"""The reads of the pages that look across features: "My committees" and the district
overview. Querysets already narrowed by the access gate; each function issues a fixed
number of queries, however many committees, members or items there are.
"""

import dataclasses
import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q

from committees import access
from committees.access import Cap
from committees.models import Committee, Membership
from committees.selectors import Seat, committees_for, seats_of
from compliance.models import Duty
from compliance.selectors import next_assessments
from followups.models import OPEN_STATUSES, ActionItem
from incidents.selectors import BuildingWork, building_work
from meetings.models import Meeting
from meetings.selectors import draft_minutes_late_counts, upcoming_by_committee
from safety_portal import figures
from safety_portal.paging import Page, page_of
from safety_portal.school_calendar import school_year_of, school_year_window


@dataclass
class CommitteeCard:
    committee: Committee
    seat: Membership | None
    assigned_open: int
    overdue: int
    empty_seats: list[Seat]
    ending_seats: list[Seat]
    can_manage: bool
    upcoming: list[Meeting]
    work: BuildingWork
    next_assessment: Duty | None = None


# Cards on one page of "My committees": a district administrator oversees every school
# of the district, and the district overview ranks them all on one page.
CARDS_PER_PAGE = 12


def my_committees(user, page_number=None) -> tuple[Page, list[CommitteeCard]]:
    """'My committees', a page of them: each committee, my seat, and what needs me."""
    ordered = committees_for(user).order_by("building__name", "name", "pk")
    page = page_of(ordered, CARDS_PER_PAGE, page_number)
    return page, _cards(user, list(page.object_list))


def _cards(user, committees: list[Committee]) -> list[CommitteeCard]:
    scope = access.scope_for(user)
    today = scope.today or datetime.date.today()  # noqa: DTZ011 - no district: nothing shown
    ids = [c.pk for c in committees]
    if not ids:
        return []
    seats = {
        m.committee_id: m
        for m in Membership.objects.current(today).filter(user=user, committee_id__any=ids)
    }
    mine = (
        access.visible(user, ActionItem.objects.filter(assignee=user), committees=ids)
        .filter(status__in=OPEN_STATUSES)
        .values("committee_id")
        .annotate(n=Count("id"), late=Count("id", filter=Q(due_date__lt=today)))
    )
    assigned = {row["committee_id"]: (row["n"], row["late"]) for row in mine}
    managed = set(scope.committees(Cap.MANAGE_MEMBERSHIP))
    seats_of_managed = seats_of([c for c in committees if c.pk in managed], today)
    upcoming = upcoming_by_committee(user, ids)
    # A district administrator's schools' work from their stored rows; anyone else's
    # counted through the gate.
    stored = stored_counts(user, committees)
    work = {pk: work_of(row) for pk, row in stored.items()}
    work |= building_work(user, [c for c in committees if c.pk not in stored], today)
    assessments = next_assessments(user, ids)
    cards = []
    for committee in committees:
        can_manage = committee.pk in managed
        seats_status = seats_of_managed.get(committee.pk, [])
        n, late = assigned.get(committee.pk, (0, 0))
        cards.append(
            CommitteeCard(
                committee=committee,
                seat=seats.get(committee.pk),
                assigned_open=n,
                overdue=late,
                empty_seats=[s for s in seats_status if s.state == "empty"],
                ending_seats=[s for s in seats_status if s.state == "ending"],
                can_manage=can_manage,
                upcoming=upcoming.get(committee.pk, []),
                work=work.get(committee.pk, BuildingWork()),
                next_assessment=assessments.get(committee.pk),
            )
        )
    return cards


def shared_with_me(user):
    """Records shared with me by a named grant, or assigned to me, on committees I do not
    sit on.

    The read starts from my own rows, my grants and my assignments elsewhere, read first
    (a few ids), and the gate decides on those: the gate's test alone, with nothing else
    to narrow it, weighs every item of the state.
    """
    member_of = access.scope_for(user).committees(Cap.VIEW)
    assigned = ActionItem.objects.filter(assignee=user).exclude(committee_id__any=member_of)
    mine = set(assigned.order_by().values_list("pk", flat=True))
    mine |= access.shared_by_name(user, ActionItem)
    if not mine:
        return ActionItem.objects.none()
    return (
        access.visible(user, ActionItem.objects.filter(pk__in=mine).select_related("committee"))
        .exclude(committee_id__any=member_of)
        .order_by("due_date", "id")
    )


def _school_year_began(district, today: datetime.date) -> datetime.datetime:
    """The school year's first midnight where the district is: "done this school year"
    starts there."""
    return school_year_window(district, school_year_of(today))[0]


# Schools on one page of the district overview, worst first: the page's cost follows
# what it shows, not how many schools the district has (docs/benchmarks.md).
SCHOOLS_PER_PAGE = 20
COUNTED = ("open", "overdue", "done", "empty_seats", "minutes_late")


def totals(rows: list[dict]) -> dict[str, int]:
    """The district's sums of the overview's counts, over every school, not one page."""
    return {key: sum(row[key] for row in rows) for key in COUNTED} | {"schools": len(rows)}


# Every capability: a reader who holds them all on a committee sees all of its records.
EVERY_CAP = frozenset(Cap)


# The work a school asks of its committee (``BuildingWork``), stored beside the counts.
WORK = tuple(field.name for field in dataclasses.fields(BuildingWork))


def district_ranking(user, committees=None) -> list[dict]:
    """The district overview's rows, worst first (``_ranked``): each school's counts
    (``counted``), from its stored row where the reader may read it (``stored_counts``),
    with the school's work (``"work"``, a ``BuildingWork``) where it was read so, else
    None; counted through the gate as the reader everywhere else. ``committees``: every
    committee the reader may see, where the caller has read them already (Today)."""
    today = access.scope_for(user).today
    if committees is None:
        committees = list(access.visible(user, Committee.objects.select_related("building")))
    stored = stored_counts(user, committees)
    live = counted(user, [c for c in committees if c.pk not in stored], today)
    return _ranked(
        [
            {"committee": c, "work": work_of(stored[c.pk]) if c.pk in stored else None}
            | {key: (stored.get(c.pk) or live[c.pk])[key] for key in COUNTED}
            for c in committees
        ]
    )


def stored_counts(user, committees: list[Committee]) -> dict[int, dict]:
    """committee id -> its counts and work (``figures.COUNTS``), read from its stored row
    (``figures``), counted again only where a change or a new day has marked it: for the
    committees where ``user`` holds every capability (a district administrator), and no
    others. Stored counts are of every record of the committee, restricted ones too."""
    scope = access.scope_for(user)
    today = scope.today
    whole = {c.pk: c for c in committees if scope.caps.get(c.pk, frozenset()) >= EVERY_CAP}
    return figures.counts(
        list(whole), today, lambda ids: _everything(user, [whole[pk] for pk in ids], today)
    )


def _everything(user, committees: list[Committee], today: datetime.date) -> dict[int, dict]:
    """What a stored row holds, counted now through the gate as ``user``: the overview's
    counts and the school's work."""
    work = building_work(user, committees, today)
    return {
        pk: counts | dataclasses.asdict(work.get(pk, BuildingWork()))
        for pk, counts in counted(user, committees, today).items()
    }


def work_of(row: dict) -> BuildingWork:
    """The school's work, from a stored row."""
    return BuildingWork(**{key: row[key] for key in WORK})


def counted(user, committees: list, today) -> dict[int, dict]:
    """committee id -> its overview counts today (``COUNTED``), as ``user`` may see them,
    counted now through the gate: six queries however many committees."""
    if not committees:
        return {}
    ids = [c.pk for c in committees]
    open_, overdue = _open_counts(user, ids, today)
    finished = _done_counts(user, ids, _school_year_began(user.district, today))
    seats_of_each = seats_of(committees, today)
    minutes_late = draft_minutes_late_counts(user, user.district, today, ids)
    return {
        committee.pk: {
            "open": open_[committee.pk],
            "overdue": overdue[committee.pk],
            "done": finished[committee.pk],
            "empty_seats": sum(seat.missing for seat in seats_of_each[committee.pk]),
            "minutes_late": minutes_late.get(committee.pk, 0),
        }
        for committee in committees
    }


def _ranked(rows: list[dict]) -> list[dict]:
    # Overdue items first, then meetings whose draft minutes are late (a deadline of the
    # open meeting law), then open items and empty seats.
    return sorted(
        rows,
        key=lambda r: (
            -r["overdue"],
            -r["minutes_late"],
            -r["open"],
            -r["empty_seats"],
            r["committee"].name,
        ),
    )


def _open_counts(user, ids: list[int], today: datetime.date) -> tuple[Counter, Counter]:
    """Open and overdue items per committee, read from the index of the open ones alone
    (item_open): what is still to do, not every item ever made."""
    rows = (
        access.visible(user, ActionItem.objects.filter(status__in=OPEN_STATUSES), committees=ids)
        .values("committee_id")
        .annotate(
            # Columns of the index (item_open), so that the count reads it alone.
            open=Count("committee"),
            overdue=Count("due_date", filter=Q(due_date__lt=today)),
        )
    )
    open_, overdue = Counter(), Counter()
    for row in rows:
        open_[row["committee_id"]] = row["open"]
        overdue[row["committee_id"]] = row["overdue"]
    return open_, overdue


def _done_counts(user, ids: list[int], since: datetime.datetime) -> Counter:
    """Items done since ``since`` per committee, from the index on committee, status and
    completion time: this school year's, not the years before."""
    done = ActionItem.objects.filter(status=ActionItem.Status.DONE, completed_at__gte=since)
    rows = access.visible(user, done, committees=ids).values("committee_id").annotate(n=Count("*"))
    return Counter({row["committee_id"]: row["n"] for row in rows})
