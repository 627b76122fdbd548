"""Reads of the compliance calendar, narrowed by the gate, each in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Prefetch, Q
from django.utils.translation import pgettext_lazy

from committees import access
from committees.models import Committee, Level
from compliance.models import Duty, DutyReceipt, DutyReviewer, DutyStatus
from safety_portal.paging import page_of
from safety_portal.school_calendar import school_year_days, school_year_of

# An open duty is "due" this many days before its due date (and its owner hears of it).
DUE_NOTICE_DAYS = 30

UPCOMING, DUE, OVERDUE = "upcoming", "due", "overdue"
DONE, MISSED = DutyStatus.DONE.value, DutyStatus.MISSED.value
STATUS_LABELS = {
    UPCOMING: pgettext_lazy("duty status", "Upcoming"),
    DUE: pgettext_lazy("duty status", "Due"),
    OVERDUE: pgettext_lazy("duty status", "Overdue"),
    DONE: pgettext_lazy("duty status", "Done"),
    MISSED: pgettext_lazy("duty status", "Missed"),
}


def status_of(duty: Duty, today: datetime.date) -> str:
    """upcoming, due, overdue (open, by the district's day), done or missed."""
    if duty.status != DutyStatus.OPEN:
        return duty.status
    if duty.due_on < today:
        return OVERDUE
    if (duty.due_on - today).days <= DUE_NOTICE_DAYS:
        return DUE
    return UPCOMING


def _shown(queryset):
    """A disabled rule's open duties leave the calendar; what was done or missed stays."""
    return queryset.filter(Q(rule__enabled=True) | ~Q(status=DutyStatus.OPEN))


def _with_people(queryset, user):
    return queryset.select_related("owner", "done_by", "rule").prefetch_related(
        Prefetch(
            "reviewers",
            queryset=DutyReviewer.objects.select_related("person"),
        ),
        Prefetch(
            "receipts",
            queryset=access.visible(user, DutyReceipt.objects.all()),
        ),
    )


@dataclass
class Line:
    duty: Duty
    status: str

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


def school_calendar(user, committee: Committee, today: datetime.date, page_number=None):
    """A school's open duties, overdue on top then by due date; and a page of its record
    (done and missed, the latest first)."""
    duties = _shown(access.visible(user, Duty.objects.filter(committee=committee)))
    open_ = [
        Line(duty, status_of(duty, today))
        for duty in _with_people(duties.filter(status=DutyStatus.OPEN), user).order_by(
            "due_on", "pk"
        )
    ]
    open_.sort(key=lambda line: (line.status != OVERDUE, line.duty.due_on))
    record = page_of(
        _with_people(duties.exclude(status=DutyStatus.OPEN), user).order_by("-due_on", "-pk"),
        20,
        page_number,
    )
    record_lines = [Line(duty, duty.status) for duty in record.object_list]
    return open_, record, record_lines


def duty_detail(user, pk: int):
    return access.get_visible_or_404(
        user,
        _with_people(
            Duty.objects.select_related("committee__building", "committee__district"), user
        ),
        pk=pk,
    )


def next_assessments(user, committee_ids: list[int]) -> dict[int, Duty]:
    """Committee id -> its open assessment duty (the next one due), for those the reader
    may see: one query."""
    if not committee_ids:
        return {}
    duties = access.visible(
        user,
        Duty.objects.filter(kind="assessment", status=DutyStatus.OPEN, rule__enabled=True),
        committees=committee_ids,
    ).order_by("committee_id", "due_on")
    found: dict[int, Duty] = {}
    for duty in duties:
        found.setdefault(duty.committee_id, duty)
    return found


def committee_panel(user, committee: Committee) -> dict:
    """The committee page's line: the next assessment due, and the calendar's link."""
    today = access.scope_for(user).today
    duty = next_assessments(user, [committee.pk]).get(committee.pk)
    return {
        "assessment": duty,
        "status": status_of(duty, today) if duty and today else None,
        "is_school": committee.building_id is not None,
    }


@dataclass
class SchoolRow:
    committee: Committee
    overdue: int
    missed: int
    open: int
    done: int


def district_overview(user, today: datetime.date, page_number=None):
    """Every school of the district, the worst first (most missed this school year, then
    most overdue); and the district's overdue duties, the oldest first. Fixed queries."""
    schools = Committee.objects.filter(
        district_id=user.district_id, building__isnull=False
    ).select_related("building")
    first, _next = school_year_days(school_year_of(today))
    shown = Q(duties__rule__enabled=True) | ~Q(duties__status=DutyStatus.OPEN)
    ranked = schools.annotate(
        n_overdue=Count(
            "duties",
            filter=shown & Q(duties__status=DutyStatus.OPEN, duties__due_on__lt=today),
        ),
        n_missed=Count(
            "duties",
            filter=Q(duties__status=DutyStatus.MISSED, duties__missed_on__gte=first),
        ),
        n_open=Count("duties", filter=shown & Q(duties__status=DutyStatus.OPEN)),
        n_done=Count(
            "duties", filter=Q(duties__status=DutyStatus.DONE, duties__done_on__gte=first)
        ),
        oldest=Min("duties__due_on", filter=Q(duties__status=DutyStatus.OPEN)),
    ).order_by("-n_missed", "-n_overdue", "oldest", "building__name", "pk")
    page = page_of(ranked, 25, page_number)
    rows = [SchoolRow(c, c.n_overdue, c.n_missed, c.n_open, c.n_done) for c in page.object_list]
    overdue = list(
        _shown(
            access.visible(
                user,
                Duty.objects.filter(
                    committee__district_id=user.district_id,
                    status=DutyStatus.OPEN,
                    due_on__lt=today,
                ),
            )
        )
        .select_related("committee__building", "owner")
        .order_by("due_on", "pk")[:50]
    )
    return page, rows, overdue


def filing_rows(user, committee_ids: list[int]):
    """Duties done or missed, for a filing summary: with their people and the names of
    their committee-level receipts; never a note, never a restricted receipt."""
    return (
        access.visible(
            user,
            Duty.objects.filter(status__in=[DutyStatus.DONE, DutyStatus.MISSED]),
            committees=committee_ids,
        )
        .select_related("committee__building", "owner", "done_by")
        .prefetch_related(
            Prefetch("reviewers", queryset=DutyReviewer.objects.select_related("person")),
            Prefetch(
                "receipts",
                queryset=access.visible(
                    user, DutyReceipt.objects.filter(visibility=Level.COMMITTEE)
                ).only("pk", "duty_id", "name"),
                to_attr="filed_receipts",
            ),
        )
        .order_by("committee__building__name", "-due_on", "pk")
    )
