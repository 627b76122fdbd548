"""Reads that carry rules: querysets already narrowed by the access gate.

Each function issues a fixed number of queries, however many committees,
members or items there are.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from auditlog import get_logentry_model
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.http import Http404

from committees import access, hooks, progress
from committees.access import Cap
from committees.models import (
    Category,
    Committee,
    District,
    Level,
    Membership,
    MembershipChange,
    NamedGrantRecord,
    Position,
    PublicTextChange,
    RepresentationRule,
)
from followups.models import ActionItem, Milestone, WorkCategory
from incidents.selectors import BuildingWork, building_work
from publishing.models import PublicUpdate, PublicUpdateTranslation
from safety_portal.school_calendar import school_year_days

TERM_ENDING_DAYS = 30
OPEN_STATUSES = [
    ActionItem.Status.OPEN,
    ActionItem.Status.IN_PROGRESS,
    ActionItem.Status.BLOCKED,
]


def get_visible_or_404(user, queryset, via: str | None = None, **lookup):
    """One record the user may see; 404 alike for 'does not exist' and 'may not know'.

    ``via`` (a page, an export): the read is kept in the audit trail if restricted.
    """
    return access.get_visible_or_404(user, queryset, via, **lookup)


def committees_for(user):
    return access.visible(user, Committee.objects.select_related("building", "district"))


@dataclass
class Seat:
    """A required seat of a committee's representation and how it stands."""

    category: str
    label: str
    required: int
    filled: int
    ending_soon: int
    note: str = ""

    @property
    def state(self) -> str:
        if self.filled < self.required:
            return "empty"
        if self.filled - self.ending_soon < self.required:
            return "ending"
        return "filled"

    @property
    def missing(self) -> int:
        return max(self.required - self.filled, 0)


def seats_for(committee, rules, counts: Counter, ending: Counter) -> list[Seat]:
    seats = []
    for rule in rules:
        if not rule.applies(committee):
            continue
        seats.append(
            Seat(
                category=rule.category,
                label=rule.get_category_display(),
                required=rule.minimum,
                filled=counts[rule.category],
                ending_soon=ending[rule.category],
                note=rule.note,
            )
        )
    return seats


def seat_counts(committee_ids, today: datetime.date):
    """(committee, category) -> members in force today, and how many end within 30 days."""
    soon = today + datetime.timedelta(days=TERM_ENDING_DAYS)
    rows = (
        Membership.objects.current(today)
        .filter(committee_id__in=committee_ids)
        .values("committee_id", "category")
        .annotate(
            n=Count("id"),
            ending=Count("id", filter=Q(term_end__isnull=False, term_end__lte=soon)),
        )
    )
    counts: dict[int, Counter] = defaultdict(Counter)
    ending: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        counts[row["committee_id"]][row["category"]] = row["n"]
        ending[row["committee_id"]][row["category"]] = row["ending"]
    return counts, ending


@dataclass
class CommitteeCard:
    committee: Committee
    seat: Membership | None
    assigned_open: int
    overdue: int
    empty_seats: list[Seat]
    ending_seats: list[Seat]
    can_manage: bool
    work: BuildingWork
    # Each feature's panel on the card (hooks.COMMITTEE_CARD_PANELS): (template, its data).
    panels: list[tuple[str, object]]


def my_committees(user) -> list[CommitteeCard]:
    """'My committees': each committee, my seat, and what needs me."""
    scope = access.scope_for(user)
    today = scope.today or datetime.date.today()  # noqa: DTZ011 - no district: nothing shown
    committees = list(committees_for(user))
    ids = [c.pk for c in committees]
    if not ids:
        return []
    seats = {
        m.committee_id: m
        for m in Membership.objects.current(today).filter(user=user, committee_id__in=ids)
    }
    mine = (
        access.visible(user, ActionItem.objects.filter(committee_id__in=ids))
        .filter(assignee=user, status__in=OPEN_STATUSES)
        .values("committee_id")
        .annotate(n=Count("id"), late=Count("id", filter=Q(due_date__lt=today)))
    )
    assigned = {row["committee_id"]: (row["n"], row["late"]) for row in mine}
    managed = set(scope.committees(Cap.MANAGE_MEMBERSHIP))
    rules = list(RepresentationRule.objects.filter(district_id=scope.district_id))
    counts, ending = seat_counts([c for c in ids if c in managed], today)
    panels = [(panel.template, panel.data(user, ids)) for panel in hooks.COMMITTEE_CARD_PANELS]
    work = building_work(user, committees, today)
    cards = []
    for committee in committees:
        can_manage = committee.pk in managed
        seats_status = (
            seats_for(committee, rules, counts[committee.pk], ending[committee.pk])
            if can_manage
            else []
        )
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
                work=work.get(committee.pk, BuildingWork()),
                panels=[(template, data.get(committee.pk)) for template, data in panels],
            )
        )
    return cards


def shared_with_me(user):
    """Records shared with me by a named grant on committees I do not sit on."""
    member_of = access.scope_for(user).committees(Cap.VIEW)
    return (
        access.visible(user, ActionItem.objects.select_related("committee"))
        .exclude(committee_id__in=member_of)
        .order_by("due_date", "id")
    )


POSITION_ORDER = {Position.CHAIR: 0, Position.CO_CHAIR: 1, Position.SECRETARY: 2}


@dataclass
class CommitteePage:
    committee: Committee
    members: list[Membership]
    upcoming_members: list[Membership]
    seats: list[Seat]
    action_items: list[ActionItem]
    today: datetime.date


def committee_page(user, committee: Committee) -> CommitteePage:
    today = access.scope_for(user).today
    soon = today + datetime.timedelta(days=TERM_ENDING_DAYS)
    open_memberships = list(
        access.visible(user, Membership.objects.filter(committee=committee, ended_at__isnull=True))
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .select_related("user")
    )
    members = sorted(
        (m for m in open_memberships if m.term_start <= today),
        key=lambda m: (POSITION_ORDER.get(m.position, 9), m.category, m.user.last_name),
    )
    for m in members:
        m.ending_soon = m.term_end is not None and m.term_end <= soon
    upcoming = [m for m in open_memberships if m.term_start > today]
    counts = Counter(m.category for m in members)
    ending = Counter(m.category for m in members if m.ending_soon)
    rules = RepresentationRule.objects.filter(district_id=committee.district_id)
    items = list(
        access.visible(user, ActionItem.objects.filter(committee=committee))
        .filter(status__in=OPEN_STATUSES)
        .select_related("assignee")
        .order_by("due_date", "id")[:50]
    )
    return CommitteePage(
        committee=committee,
        members=members,
        upcoming_members=upcoming,
        seats=seats_for(committee, rules, counts, ending),
        action_items=items,
        today=today,
    )


def share_candidates(district: District, level: str):
    """The people a record at ``level`` may be shared with or assigned to, each with the
    seats and buildings that say their role and school.

    The rule of ``services.outsider_refusal`` in one query: a restricted record never
    reaches someone who sits on any committee of the district in a category the policy
    does not clear (C.G.S. 10-222m), so such people are not offered at all.
    """
    today = access.district_today(district)
    seats = Membership.objects.current(today).filter(committee__district=district)
    people = get_user_model().objects.filter(district=district, is_active=True)
    if level == Level.RESTRICTED:
        uncleared = seats.exclude(category__in=district.cleared_categories).values("user_id")
        people = people.exclude(pk__in=uncleared)
    return people.prefetch_related(
        Prefetch(
            "memberships",
            queryset=seats.select_related("committee__building").order_by("committee__name"),
            to_attr="current_seats",
        ),
        "administered_buildings",
    ).order_by("last_name", "first_name", "pk")


def named_grant_history(user, committee: Committee):
    """Who shared which record by name, for those who manage the roster; a restricted
    record's line only for those who may see restricted records."""
    rows = access.visible(user, NamedGrantRecord.objects.filter(committee=committee))
    return rows.select_related("person", "actor").order_by("-at", "-id")


def membership_history(user, committee: Committee):
    return (
        access.visible(user, MembershipChange.objects.filter(committee=committee))
        .select_related("membership__user", "actor")
        .order_by("-at", "-id")
    )


def category_label(value: str) -> str:
    return Category(value).label


def public_district(slug: str) -> District:
    try:
        return District.objects.get(slug=slug)
    except District.DoesNotExist:
        raise Http404("No such district.") from None


# --- public pages: what anyone may read, asked of the gate as an anonymous reader ----------


def public_updates(district: District, *, building=None, district_wide=False):
    """Published updates of the district (of one building, or district-wide ones only)."""
    updates = PublicUpdate.objects.filter(committee__district=district)
    if building is not None:
        updates = updates.filter(committee__building=building)
    elif district_wide:
        updates = updates.filter(committee__building__isnull=True)
    translations = access.visible(None, PublicUpdateTranslation.objects.all())
    return (
        access.visible(None, updates)
        .select_related("committee__building")
        .prefetch_related(Prefetch("translations", queryset=translations))
        .order_by("-first_published_at", "-id")
    )


def in_language(update: PublicUpdate, language: str) -> tuple[str, str, bool]:
    """(title, body, shown in English for want of a translation) in ``language``."""
    if language == settings.LANGUAGE_CODE:
        return update.title, update.body, False
    for translation in update.translations.all():  # prefetched, already through the gate
        if translation.language == language:
            return translation.title, translation.body, False
    return update.title, update.body, True


@dataclass
class CategoryProgress:
    label: str
    percent: int
    milestones: list[tuple[str, int]]  # (public title, percent)


def public_progress(committee_ids, school_year: int) -> list[CategoryProgress]:
    """Progress by category with the milestones' public titles.

    A deliberate public projection (docs/access.md, "Aggregates"): only each
    milestone's category, public title and percentage are read, whatever its level;
    never its committee-facing title.
    """
    rows = list(
        Milestone.objects.filter(
            plan__committee_id__in=committee_ids, plan__school_year=school_year
        )
        .order_by("category", "target_date", "id")
        .values_list("pk", "category", "public_title")
    )
    percent = progress.milestone_progress(pk for pk, _c, _t in rows)
    grouped: dict[str, list[tuple[str, int]]] = {}
    for pk, category, public_title in rows:
        grouped.setdefault(category, []).append((public_title, percent[pk]))
    labels = dict(WorkCategory.choices)
    return [
        CategoryProgress(
            label=labels[category],
            percent=progress.mean_progress(p for _t, p in milestones),
            milestones=[(t, p) for t, p in milestones if t],
        )
        for category, milestones in grouped.items()
    ]


def items_completed(committee_ids, school_year: int) -> int:
    """How many action items the committees finished this school year (a count, no names)."""
    start, next_start = school_year_days(school_year)
    return ActionItem.objects.filter(
        committee_id__in=committee_ids,
        status=ActionItem.Status.DONE,
        completed_at__date__gte=start,
        completed_at__date__lt=next_start,
    ).count()


def record_history(user, record: models.Model) -> models.QuerySet:
    """A record's changes and disclosures from the audit trail, newest first, for its page.

    Only for a reader who may see the record (the caller read it through the gate), and
    only the entries written at a level they pass: a record lowered since keeps what it
    said while it was stricter from those who could not read it then. Reads are left
    out: who read a restricted record is for the district's administrators.
    """
    entry = get_logentry_model()
    return (
        entry.objects.filter(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            level__in=access.levels_seen(user, record),
        )
        .exclude(action=entry.Action.ACCESS)
        .select_related("actor", "disclosed_to")
        .order_by("-timestamp", "-pk")
    )


def record_key(record: models.Model) -> str:
    """How the audit page finds one record's entries: ``app.model:id``."""
    return f"{record._meta.label_lower}:{record.pk}"


def public_text_pending(user, committee: Committee | None = None, **ids_by_kind):
    """Proposed public texts awaiting review, for those who draft or approve them.

    ``public_text_pending(user, notice=[meeting.pk], summary=[summary.pk])`` for a
    record's page; ``public_text_pending(user, committee)`` for the committee's queue.
    A pending text is not public yet: people who may neither write nor approve public
    texts do not see it, and a restricted record's only with clearance (the gate).
    """
    pending = PublicTextChange.objects.filter(
        decided_at__isnull=True,
        committee_id__in=access.committees_where(user, Cap.DRAFT_PUBLIC_UPDATE),
    )
    if committee is not None:
        pending = pending.filter(committee=committee)
    if ids_by_kind:
        which = Q(pk__in=[])
        for kind, ids in ids_by_kind.items():
            which |= Q(kind=kind, record_id__in=[pk for pk in ids if pk is not None])
        pending = pending.filter(which)
    return access.visible(user, pending).select_related("proposed_by").order_by("proposed_at")
