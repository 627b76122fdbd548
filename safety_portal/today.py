"""The Today page: what needs the reader now, each a link, read through the gate.

Every section is one or a few queries, whatever the reader's number of committees or
records: lists are cut at ``SHOWN`` (one more row is read to know there are more), and
what is counted is counted per committee in one query.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from committees import access
from committees.access import Cap
from committees.models import (
    Committee,
    Membership,
    Position,
    PublicTextChange,
)
from committees.selectors import committees_for, seats_of
from compliance.models import Duty, DutyStatus
from compliance.selectors import DUE_NOTICE_DAYS
from followups.models import OPEN_STATUSES, ActionItem
from incidents.selectors import BuildingWork, building_work, concern_triage_committees
from meetings.models import Meeting, MeetingRules, PublicSummary
from meetings.selectors import draft_minutes_late, posted_minutes_late, release_reviews_due
from procedures.models import Procedure
from procedures.scans import REVIEW_NOTICE_DAYS
from publishing.models import PublicUpdate
from safety_portal import documents, overview, prepared
from safety_portal.paths import path_to

SHOWN = 10
# An item assigned to me shows on Today this many days before it is due.
ITEMS_SOON_DAYS = 7
# Schools shown to a district administrator, those that need attention first.
SCHOOLS_SHOWN = 5


@dataclass(frozen=True)
class Line:
    text: str
    url: str
    note: str = ""
    urgent: bool = False


@dataclass
class Section:
    title: str
    lines: list[Line] = field(default_factory=list)
    more_url: str = ""  # where the whole list is, when more than SHOWN were found
    more: bool = False


def _day(day: datetime.date) -> str:
    return documents.written(day, "DATE_FORMAT")


def _due(day: datetime.date | None, today: datetime.date) -> tuple[str, bool]:
    if day is None:
        return "", False
    if day < today:
        return _("overdue since %(day)s") % {"day": _day(day)}, True
    if day == today:
        return _("due today"), True
    return _("due %(day)s") % {"day": _day(day)}, False


def _cut(rows: list, section: Section, lines) -> Section:
    section.lines = [lines(row) for row in rows[:SHOWN]]
    section.more = len(rows) > SHOWN
    return section


def sections(user) -> list[Section]:
    """What needs ``user`` now, section by section; empty sections left out."""
    today = access.scope_for(user).today
    if today is None:
        return []
    committees = list(committees_for(user))
    # A district administrator's schools, ranked as the district overview ranks them,
    # from its stored counts: the seats to fill are read only for the schools whose count
    # says some are empty. The district's meeting rules are read once, for the late
    # minutes.
    rules = ranked = None
    if user.is_district_admin:
        rules = MeetingRules.for_district(user.district)
        ranked = overview.district_ranking(user, committees=committees)
    found = [
        _items(user, today),
        _minutes(user),
        _late_minutes(user, today, rules),
        _release_reviews(user, today),
        _public_texts(user),
        *_building_work(user, committees, today, ranked),
        _seats(user, committees, today, ranked),
        _reviews_and_duties(user, today),
    ]
    if user.is_district_admin:
        found.append(_schools(ranked))
    return [section for section in found if section.lines]


def _items(user, today: datetime.date) -> Section:
    soon = today + datetime.timedelta(days=ITEMS_SOON_DAYS)
    # The reader's own open items due soon, found first (by the index on assignee and
    # status); the gate then reads those few. Asked as one filter beside the gate's, it
    # read every item the reader ever held on a committee of theirs, done ones too, the
    # gate's OR splitting the read in two: 938 rows and 1.3 ms for the benchmark's parent.
    mine = ActionItem.objects.filter(assignee=user, status__in=OPEN_STATUSES, due_date__lte=soon)
    due = access.visible(
        user, ActionItem.objects.filter(pk__in=mine.values("pk")).select_related("committee")
    ).order_by("due_date", "id")[: SHOWN + 1]
    # Planning this read (the gate's chain) cost several times running it; it starts
    # from the reader's own items, so one plan fits every reader of its shape.
    with prepared.plans_kept():
        rows = list(due)

    def line(item):
        note, urgent = _due(item.due_date, today)
        return Line(
            item.title,
            path_to("followups:action_item", item.pk),
            f"{item.committee.name} · {note}",
            urgent,
        )

    section = Section(_("My action items due soon"), more_url=reverse("followups:my_items"))
    return _cut(rows, section, line)


def _minutes(user) -> Section:
    """Minutes submitted for approval that I approve under the committee's rule (a chair;
    a secretary too where the committee approves by a vote), never those I submitted."""
    scope = access.scope_for(user)
    # Only a seat approves (a chair's, a secretary's): a district administrator who sits
    # on none of the committees has none to approve, and nothing is read.
    recorders = [pk for pk in scope.committees(Cap.RECORD_MEETINGS) if pk in scope.seats]
    if not recorders:
        return Section(_("Minutes to approve"))
    seats = Membership.objects.current(scope.today).filter(user=user, committee_id__any=recorders)
    chairs = seats.filter(position__in=[Position.CHAIR, Position.CO_CHAIR])
    secretaries = seats.filter(position=Position.SECRETARY)
    waiting = (
        Meeting.objects.filter(
            Q(committee_id__in=chairs.values("committee_id"))
            | Q(
                committee_id__in=secretaries.values("committee_id"),
                committee__minutes_approval=Committee.MinutesApproval.VOTE,
            ),
            minutes_submitted_at__isnull=False,
            minutes_approved_at__isnull=True,
        )
        .exclude(minutes_submitted_by=user)
        .select_related("committee")
    )
    # Asked for the committees whose meetings I record: the chairs' and secretaries' are
    # among them, and the gate then writes my rights there into the query as they are.
    seen = access.visible(user, waiting, committees=recorders)
    rows = list(seen.order_by("starts_at", "id")[: SHOWN + 1])

    def line(meeting):
        when = _day(timezone.localdate(meeting.starts_at))
        return Line(
            meeting.title,
            path_to("meetings:meeting", meeting.pk) + "#minutes",
            f"{meeting.committee.name} · {when}",
        )

    return _cut(rows, Section(_("Minutes to approve")), line)


def _late_minutes(user, today: datetime.date, rules: MeetingRules | None) -> Section:
    """Draft minutes past due and not submitted, on the committees whose meetings I
    record (a chair, a co-chair, a secretary); approved minutes not posted on time, on
    those where I prepare or publish the public minutes. ``rules``: the district's
    meeting rules, where read already."""
    section = Section(_("Minutes overdue"))
    recorders = set(access.committees_where(user, Cap.RECORD_MEETINGS))
    posters = set(access.committees_where(user, Cap.DRAFT_PUBLIC_UPDATE)) | set(
        access.committees_where(user, Cap.PUBLISH_PUBLIC_UPDATE)
    )
    rows = []
    if not recorders and not posters:
        return section
    rules = rules or MeetingRules.for_district(user.district)  # read once for both
    if recorders:
        late = draft_minutes_late(user, user.district, today, recorders, rules)
        drafts = late.select_related("committee").order_by("starts_at", "id")[: SHOWN + 1]
        rows += [(meeting, _("draft minutes overdue")) for meeting in drafts]
    if posters:
        late = posted_minutes_late(user, user.district, today, posters, rules)
        posts = late.select_related("committee").order_by("starts_at", "id")[: SHOWN + 1]
        rows += [(meeting, _("approved minutes not posted")) for meeting in posts]
    rows.sort(key=lambda row: (row[0].starts_at, row[0].pk))

    def line(row):
        meeting, what = row
        when = _day(timezone.localdate(meeting.starts_at))
        return Line(
            meeting.title,
            path_to("meetings:meeting", meeting.pk),
            f"{meeting.committee.name} · {when} · {what}",
            True,
        )

    return _cut(rows, section, line)


def _release_reviews(user, today: datetime.date) -> Section:
    """Executive sessions whose minutes are due for release review, on the committees
    where I review them (cleared for restricted, with publish rights)."""
    section = Section(_("Executive minutes to review for release"))
    cleared = set(access.committees_where(user, Cap.VIEW_RESTRICTED))
    reviewers = cleared & set(access.committees_where(user, Cap.PUBLISH_PUBLIC_UPDATE))
    if not reviewers:
        return section
    due = release_reviews_due(user, today, committees=reviewers)
    rows = list(due.select_related("committee").order_by("minutes_review_on", "id")[: SHOWN + 1])

    def line(meeting):
        note, urgent = _due(meeting.minutes_review_on, today)
        return Line(
            meeting.title,
            path_to("meetings:minutes_release", meeting.pk),
            f"{meeting.committee.name} · {note}",
            urgent,
        )

    return _cut(rows, section, line)


def _public_texts(user) -> Section:
    """Summaries, updates and corrections someone else wrote, for me to publish."""
    publishers = access.committees_where(user, Cap.PUBLISH_PUBLIC_UPDATE)
    if not publishers:
        return Section(_("Public texts to review"))
    # Each asked for the committees where I publish (``committees=``): the gate then writes
    # what I may see there into the query as it is, not as lists over all my committees.
    summaries = list(
        access.visible(
            user,
            PublicSummary.objects.filter(
                # The line names the meeting: only one the reader may see (an executive
                # session's title is restricted, and a chair need not be cleared).
                meeting__in=access.visible(user, Meeting.objects.all(), committees=publishers),
                published_at__isnull=True,
                withdrawn_at__isnull=True,
            )
            .exclude(written_by=user)
            .select_related("meeting__committee"),
            committees=publishers,
        ).order_by("updated_at", "pk")[: SHOWN + 1]
    )
    updates = list(
        access.visible(
            user,
            PublicUpdate.objects.filter(published_at__isnull=True, withdrawn_at__isnull=True)
            .exclude(written_by=user)
            .select_related("committee"),
            committees=publishers,
        ).order_by("created_at", "pk")[: SHOWN + 1]
    )
    changes = list(
        access.visible(
            user,
            PublicTextChange.objects.filter(decided_at__isnull=True)
            .exclude(proposed_by=user)
            .select_related("committee"),
            committees=publishers,
        ).order_by("proposed_at", "pk")[: SHOWN + 1]
    )
    lines = [
        Line(
            _("Public summary: %(meeting)s") % {"meeting": s.meeting.title},
            path_to("meetings:summary_edit", s.meeting_id),
            s.meeting.committee.name,
        )
        for s in summaries
    ]
    lines += [
        Line(
            _("Public update: %(title)s") % {"title": u.title},
            path_to("publishing:update", u.pk),
            u.committee.name,
        )
        for u in updates
    ]
    lines += [
        Line(
            str(change.get_kind_display()),
            path_to("committees:public_texts", change.committee_id),
            change.committee.name,
        )
        for change in changes
    ]
    return Section(_("Public texts to review"), lines=lines[:SHOWN], more=len(lines) > SHOWN)


@dataclass(frozen=True)
class _Count:
    """One count of ``BuildingWork`` on Today: its words, where it leads, who reads it."""

    field: str
    singular: str
    plural: str
    url_name: str
    urgent: bool = False


# The words are translated when shown (ngettext); the catalogue has them from Today's
# first version.
_TRIAGE = [
    _Count("open_incidents", "%(n)d open incident", "%(n)d open incidents", "incidents:queue"),
    _Count(
        "new_concerns",
        "%(n)d new community concern",
        "%(n)d new community concerns",
        "incidents:concerns",
    ),
]
_DRILLS = [
    _Count("drills_due", "%(n)d drill due now", "%(n)d drills due now", "incidents:drills", True),
    _Count(
        "drills_missing",
        "%(n)d drill missed this school year",
        "%(n)d drills missed this school year",
        "incidents:drills",
        True,
    ),
]


def _building_work(
    user, committees: list[Committee], today: datetime.date, ranked: list[dict] | None
) -> list[Section]:
    """Incidents to triage (for those who triage them), concerns (for those who triage
    concerns), drills due or missed (for those who record the committee's work): per
    school, each a link to its queue or its drills, the largest counts first. A district
    administrator's fifty schools are cut at ``SHOWN``: "My committees" has every school's
    counts, the drills' overview every school's drills. Their work is read from the
    district overview's rows (``ranked``) where it was stored there."""
    scope = access.scope_for(user)
    readers = {
        "open_incidents": set(scope.committees(Cap.ASSIGN_ACTION_ITEMS)),
        "new_concerns": concern_triage_committees(user),
        "drills_due": set(scope.committees(Cap.RECORD_MEETINGS)),
    }
    readers["drills_missing"] = readers["drills_due"]
    mine = [c for c in committees if any(c.pk in ids for ids in readers.values())]
    work = {row["committee"].pk: row["work"] for row in ranked or [] if row["work"] is not None}
    work |= building_work(user, [c for c in mine if c.pk not in work], today)
    none = BuildingWork()
    sections = []
    for title, counts, everything in (
        # Each school's card has its counts; every school's drills are on one page.
        (_("Incidents and concerns to triage"), _TRIAGE, reverse("portal:mine")),
        (_("Drills"), _DRILLS, reverse("incidents:drill_overview")),
    ):
        found = [
            (n, count, committee)
            for committee in mine
            for count in counts
            if committee.pk in readers[count.field]
            and (n := getattr(work.get(committee.pk, none), count.field))
        ]
        # Stable: equal counts keep the schools' order, and each school's counts theirs.
        found.sort(key=lambda row: -row[0])
        sections.append(_cut(found, Section(title, more_url=everything), _work_line))
    return sections


def _work_line(row: tuple[int, _Count, Committee]) -> Line:
    n, count, committee = row
    return Line(
        ngettext(count.singular, count.plural, n) % {"n": n},
        path_to(count.url_name, committee.pk),
        committee.name,
        count.urgent,
    )


def _seats(
    user, committees: list[Committee], today: datetime.date, ranked: list[dict] | None
) -> Section:
    """Required seats empty, on the committees whose roster I keep, the most missing
    first; of those, only the schools whose count in the district overview's rows
    (``ranked``, where they hold them all) has any empty."""
    managed = set(access.committees_where(user, Cap.MANAGE_MEMBERSHIP))
    mine = [c for c in committees if c.pk in managed]
    section = Section(_("Seats to fill"), more_url=reverse("portal:mine"))
    empty_seats = {row["committee"].pk: row["empty_seats"] for row in ranked or []}
    if empty_seats.keys() >= {c.pk for c in mine}:
        mine = [c for c in mine if empty_seats[c.pk]]
    if not mine:
        return section
    seats = seats_of(mine, today)
    empty = [
        (seat, committee)
        for committee in mine
        for seat in seats[committee.pk]
        if seat.state == "empty"
    ]
    empty.sort(key=lambda row: -row[0].missing)

    def line(row):
        seat, committee = row
        return Line(
            ngettext("%(seat)s: %(n)d seat empty", "%(seat)s: %(n)d seats empty", seat.missing)
            % {"seat": seat.label, "n": seat.missing},
            path_to("committees:detail", committee.pk) + "#representation",
            committee.name,
        )

    return _cut(empty, section, line)


def _reviews_and_duties(user, today: datetime.date) -> Section:
    """Procedure reviews I own and compliance duties I own or keep, due within their
    notice or overdue."""
    keepers = access.committees_where(user, Cap.RECORD_MEETINGS)
    duties = access.visible(
        user,
        Duty.objects.filter(
            Q(owner=user) | Q(committee_id__any=keepers),
            status=DutyStatus.OPEN,
            due_on__lte=today + datetime.timedelta(days=DUE_NOTICE_DAYS),
            rule__enabled=True,
        ).select_related("committee"),
    ).order_by("due_on", "pk")[: SHOWN + 1]
    owned = access.visible(user, Procedure.objects.filter(owner=user).select_related("committee"))
    # Both start from the reader's own rows (and a few committees' duties): planned once
    # per connection, as the items due soon are.
    with prepared.plans_kept():
        duties = list(duties)
        owned = list(owned[: SHOWN * 5])
    procedures = [
        procedure
        for procedure in owned
        if procedure.next_review_on is not None
        and (procedure.next_review_on - today).days <= REVIEW_NOTICE_DAYS
    ]
    lines = []
    for duty in duties:
        note, urgent = _due(duty.due_on, today)
        lines.append(
            Line(
                duty.shown_title,
                path_to("compliance:duty", duty.pk),
                f"{duty.committee.name} · {note}",
                urgent,
            )
        )
    for procedure in sorted(procedures, key=lambda p: p.next_review_on):
        note, urgent = _due(procedure.next_review_on, today)
        lines.append(
            Line(
                _("Review: %(title)s") % {"title": procedure.title},
                path_to("procedures:procedure", procedure.pk),
                f"{procedure.committee.name} · {note}",
                urgent,
            )
        )
    return Section(_("Reviews and duties due"), lines=lines[:SHOWN], more=len(lines) > SHOWN)


def _schools(ranked: list[dict]) -> Section:
    """For a district administrator: the schools with overdue work or empty seats,
    worst first (the district overview's order, ``ranked``)."""
    rows = [r for r in ranked if r["overdue"] or r["empty_seats"]]

    def line(row):
        parts = []
        if row["overdue"]:
            parts.append(
                ngettext("%(n)d item overdue", "%(n)d items overdue", row["overdue"])
                % {"n": row["overdue"]}
            )
        if row["empty_seats"]:
            parts.append(
                ngettext("%(n)d seat empty", "%(n)d seats empty", row["empty_seats"])
                % {"n": row["empty_seats"]}
            )
        return Line(
            row["committee"].name,
            path_to("committees:detail", row["committee"].pk),
            " · ".join(parts),
            bool(row["overdue"]),
        )

    section = Section(
        _("Schools that need attention first"),
        more_url=reverse("portal:district_overview"),
    )
    section.lines = [line(row) for row in rows[:SCHOOLS_SHOWN]]
    section.more = len(rows) > SCHOOLS_SHOWN
    return section
