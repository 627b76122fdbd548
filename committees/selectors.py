"""Reads that carry rules: querysets already narrowed by the access gate.

Each function issues a fixed number of queries, however many committees,
members or items there are.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from auditlog import get_logentry_model
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404

from committees import access
from committees.access import Cap
from committees.models import (
    Building,
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

TERM_ENDING_DAYS = 30


def get_visible_or_404(user, queryset, via: str | None = None, **lookup):
    """One record the user may see; 404 alike for 'does not exist' and 'may not know'.

    ``via`` (a page, an export): the read is kept in the audit trail if restricted.
    """
    return access.get_visible_or_404(user, queryset, via, **lookup)


def committees_for(user):
    """The committees ``user`` may see, with their schools. Their district is the reader's
    own (districts are walled off), read with the person: ask ``user.district``, not each
    committee's, which would read it again for each (its three JSON fields, made for fifty
    committees, were half the time of this read). In the model's order, less the district:
    there is one."""
    committees = Committee.objects.select_related("building").order_by("building__name", "name")
    return access.visible(user, committees)


@dataclass
class Seat:
    """A required seat of a committee's representation and how it stands. Its words come
    from its rule when a page shows them: the district overview counts seats of every
    school and names none."""

    rule: RepresentationRule
    filled: int
    ending_soon: int

    @property
    def category(self) -> str:
        return self.rule.category

    @property
    def label(self) -> str:
        return self.rule.label

    @property
    def note(self) -> str:
        return self.rule.note

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(self.rule.categories)

    @property
    def required(self) -> int:
        return self.rule.minimum

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
        categories = rule.categories
        seats.append(
            Seat(
                rule=rule,
                filled=sum(counts[c] for c in categories),
                ending_soon=sum(ending[c] for c in categories),
            )
        )
    return seats


def seats_of(committees: list, today: datetime.date) -> dict[int, list[Seat]]:
    """Each committee's required seats and how they stand today, for committees of one
    district: two queries (the district's rules, the members per committee and
    category) however many committees; none for none."""
    if not committees:
        return {}
    rules = list(RepresentationRule.objects.filter(district_id=committees[0].district_id))
    counts, ending = seat_counts([c.pk for c in committees], today)
    return {c.pk: seats_for(c, rules, counts[c.pk], ending[c.pk]) for c in committees}


def seat_counts(committee_ids, today: datetime.date):
    """(committee, category) -> members in force today, and how many end within 30 days."""
    soon = today + datetime.timedelta(days=TERM_ENDING_DAYS)
    rows = (
        Membership.objects.current(today)
        .filter(committee_id__any=committee_ids)
        .values("committee_id", "category")
        .annotate(
            n=Count("id"),
            ending=Count("id", filter=Q(term_end__isnull=False, term_end__lte=soon)),
        )
        .order_by()  # no joins for the model's ordering (by committee, by name)
    )
    counts: dict[int, Counter] = defaultdict(Counter)
    ending: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        counts[row["committee_id"]][row["category"]] = row["n"]
        ending[row["committee_id"]][row["category"]] = row["ending"]
    return counts, ending


POSITION_ORDER = {Position.CHAIR: 0, Position.CO_CHAIR: 1, Position.SECRETARY: 2}


@dataclass
class CommitteePage:
    committee: Committee
    members: list[Membership]
    upcoming_members: list[Membership]
    seats: list[Seat]
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
    return CommitteePage(
        committee=committee,
        members=members,
        upcoming_members=upcoming,
        seats=seats_for(committee, rules, counts, ending),
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


def near_people(people, committee: Committee, also=()):
    """Those of ``people`` (``share_candidates``) nearest a record of ``committee``, for
    the menu of its person fields: who sits on the committee today, who administers its
    school or the district, and ``also`` (ids: who holds the record now). The rest of the
    district is named by e-mail or user name (``forms.PersonChoiceField``)."""
    today = access.district_today(committee.district)
    seated = Membership.objects.current(today).filter(committee=committee).values("user_id")
    near = Q(pk__in=seated) | Q(is_district_admin=True) | Q(pk__in=[pk for pk in also if pk])
    if committee.building_id is not None:
        school = Building.administrators.through.objects.filter(building_id=committee.building_id)
        near |= Q(pk__in=school.values("user_id"))
    return people.filter(near)


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
    # And those a reviewer sent back to this reader, until they propose the text again.
    later = PublicTextChange.objects.filter(
        kind=OuterRef("kind"),
        record_id=OuterRef("record_id"),
        language=OuterRef("language"),
        proposed_at__gt=OuterRef("proposed_at"),
    )
    returned = Q(sent_back=True, proposed_by_id=user.pk) & ~Exists(later)
    pending = PublicTextChange.objects.filter(
        Q(decided_at__isnull=True) | returned,
        committee_id__any=access.committees_where(user, Cap.DRAFT_PUBLIC_UPDATE),
    )
    if committee is not None:
        pending = pending.filter(committee=committee)
    if ids_by_kind:
        which = Q(pk__in=[])
        for kind, ids in ids_by_kind.items():
            which |= Q(kind=kind, record_id__in=[pk for pk in ids if pk is not None])
        pending = pending.filter(which)
    return (
        access.visible(user, pending)
        .select_related("proposed_by", "decided_by")
        .order_by("proposed_at")
    )
