"""The one access gate (shared/design/ACCESS.md, "One gate").

Two questions, and nothing else in the project filters by visibility:

- ``visible(user, queryset)``: the queryset narrowed to what ``user`` may see;
- ``can(user, capability, obj)``: may ``user`` do this to that, yes or no.

Capabilities are django-guardian object permissions on ``Committee``, granted and
revoked only by ``committees.services``. guardian can only grant; the hard rules
that deny live here, whatever permission rows exist:

- an inactive user, or one with no district, gets nothing;
- districts are walled off: only committees of the user's own district count;
- a grant counts only while its basis stands: a current membership (not removed,
  term begun and not ended) or the building or district administrator role;
- members whose category the district's policy does not clear (family and
  student by default) never see ``restricted`` records, not even by a named grant;
- global (model-level) permissions never count.

Visibility is decided per committee and level, a filter on a handful of committee
ids; per-record guardian rows exist only for named grants.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Q
from guardian.shortcuts import get_objects_for_user


class Cap(StrEnum):
    """What a person may do on a committee: the codenames of Committee's permissions."""

    VIEW = "view_committee_area"
    VIEW_RESTRICTED = "view_restricted"
    RECORD_MEETINGS = "record_meetings"
    ASSIGN_ACTION_ITEMS = "assign_action_items"
    MANAGE_MEMBERSHIP = "manage_membership"
    DRAFT_PUBLIC_UPDATE = "draft_public_update"
    PUBLISH_PUBLIC_UPDATE = "publish_public_update"


VIEW = "view"  # the capability ``can`` answers for one record
# Update progress and status of one record: its assignee, or whoever assigns on its committee.
UPDATE = "update"

PUBLIC, COMMITTEE, RESTRICTED = "public", "committee", "restricted"


@dataclass(frozen=True)
class Gated:
    """How a kind of record joins the gate: its committee and its level.

    committee: the path from the record to its Committee ("" for Committee itself).
    level: the field holding the record's level; None when the whole kind sits at
        one level and needs the capability ``requires``.
    published: a field that is set once the record is published; only then is a
        ``public`` record visible to everyone.
    named_grants: whether guardian per-record grants can share a record.
    assignee: a field naming the person the record is assigned to, who sees it even
        from outside the committee (and nothing else of the committee).
    """

    committee: str
    level: str | None = None
    published: str | None = None
    named_grants: bool = False
    assignee: str | None = None
    requires: Cap = Cap.VIEW

    def committee_lookup(self) -> str:
        return f"{self.committee}__in" if self.committee else "pk__in"

    def district_lookup(self) -> str:
        return f"{self.committee}__district_id" if self.committee else "district_id"

    def committee_id_of(self, obj: models.Model) -> int | None:
        if not self.committee:
            return obj.pk
        *hops, last = self.committee.split("__")
        for hop in hops:
            obj = getattr(obj, hop, None)
            if obj is None:
                return None
        return getattr(obj, f"{last}_id", None)


REGISTRY: dict[type[models.Model], Gated] = {}


def gated(**spec) -> callable:
    """Class decorator: declare a model's committee and level; the gate then covers it."""

    def register(model: type[models.Model]) -> type[models.Model]:
        REGISTRY[model] = Gated(**spec)
        return model

    return register


@dataclass(frozen=True)
class Scope:
    """What one user may do, per committee of their district, after the hard rules."""

    district_id: int | None = None
    caps: Mapping[int, frozenset[Cap]] = field(default_factory=dict)
    # May named grants show this user restricted records? (ACCESS.md: the same
    # eligibility rule as for clearance.)
    grant_eligible: bool = False
    today: datetime.date | None = None

    def committees(self, cap: Cap) -> list[int]:
        return sorted(cid for cid, caps in self.caps.items() if cap in caps)

    def has(self, cap: Cap, committee_id: int | None) -> bool:
        return committee_id is not None and cap in self.caps.get(committee_id, ())


NOTHING = Scope()


def scope_for(user) -> Scope:
    """The user's scope, computed once per user object (in practice: per request)."""
    if user is None or not user.is_authenticated:
        return NOTHING
    scope = user.__dict__.get("_access_scope")
    if scope is None:
        scope = _compute_scope(user)
        user.__dict__["_access_scope"] = scope
    return scope


def forget(*users) -> None:
    """Drop cached scopes, after a change to what these users may do."""
    for user in users:
        if user is not None:
            user.__dict__.pop("_access_scope", None)


def district_today(district) -> datetime.date:
    """Today's date where the district is: terms end at the district's midnight."""
    return datetime.datetime.now(ZoneInfo(district.time_zone)).date()


def _compute_scope(user) -> Scope:
    from committees.models import Committee, CommitteeUserObjectPermission, Membership

    if not user.is_active:
        return NOTHING
    if user.district_id is None:
        return NOTHING
    district = user.district
    today = district_today(district)

    # Capabilities are granted to people, never to groups, so only the user table counts.
    granted: dict[int, set[str]] = {}
    rows = CommitteeUserObjectPermission.objects.filter(
        user=user, content_object__district_id=district.pk
    ).values_list("content_object_id", "permission__codename")
    for committee_id, codename in rows:
        granted.setdefault(committee_id, set()).add(codename)

    categories: dict[int, str] = dict(
        Membership.objects.current(today)
        .filter(user=user, committee__district_id=district.pk)
        .values_list("committee_id", "category")
    )
    if user.is_district_admin:
        administered = set(granted)
    else:
        administered = set(
            Committee.objects.filter(
                district_id=district.pk, building__administrators=user
            ).values_list("id", flat=True)
        )

    cleared = set(district.cleared_categories)
    known = {cap.value for cap in Cap}
    caps: dict[int, frozenset[Cap]] = {}
    for committee_id, codenames in granted.items():
        is_admin = committee_id in administered
        category = categories.get(committee_id)
        if not is_admin and category is None:
            continue  # the membership ended, or never was: a stale row gives nothing
        effective = {Cap(code) for code in codenames if code in known}
        if not is_admin and category not in cleared:
            effective.discard(Cap.VIEW_RESTRICTED)
        if effective:
            caps[committee_id] = frozenset(effective)

    return Scope(
        district_id=district.pk,
        caps=caps,
        grant_eligible=all(category in cleared for category in categories.values()),
        today=today,
    )


def spec_for(model: type[models.Model]) -> Gated:
    try:
        return REGISTRY[model]
    except KeyError:
        raise TypeError(f"{model.__name__} has not joined the access gate (@gated).") from None


def visible(user, queryset: models.QuerySet) -> models.QuerySet:
    """``queryset`` narrowed to the records ``user`` may see."""
    spec = spec_for(queryset.model)
    return queryset.filter(_visible_q(user, spec, scope_for(user), queryset.model))


def _visible_q(user, spec: Gated, scope: Scope, model: type[models.Model]) -> Q:
    nothing = Q(pk__in=[])
    by_committee = spec.committee_lookup()
    if spec.level is None:
        ids = scope.committees(spec.requires)
        return Q(**{by_committee: ids}) if ids else nothing

    q = nothing
    if spec.published:
        q |= Q(**{spec.level: PUBLIC, f"{spec.published}__isnull": False})
    members_of = scope.committees(Cap.VIEW)
    if members_of:
        q |= Q(**{by_committee: members_of, f"{spec.level}__in": [PUBLIC, COMMITTEE]})
    cleared_for = scope.committees(Cap.VIEW_RESTRICTED)
    if cleared_for:
        q |= Q(**{by_committee: cleared_for, spec.level: RESTRICTED})
    if scope.district_id is not None:
        # Shared by name, or assigned to me: the same eligibility rule for restricted.
        levels = [PUBLIC, COMMITTEE] + ([RESTRICTED] if scope.grant_eligible else [])
        in_district = Q(**{spec.district_lookup(): scope.district_id})
        if spec.assignee:
            q |= Q(**{spec.assignee: user.pk, f"{spec.level}__in": levels}) & in_district
        if spec.named_grants:
            granted = _granted_ids(user, scope, spec, model)
            q |= Q(pk__in=granted, **{f"{spec.level}__in": levels})
    return q


def _granted_ids(user, scope: Scope, spec: Gated, model: type[models.Model]) -> models.QuerySet:
    """A subquery of the records shared with ``user`` by a named grant, in their district."""
    own_district = model._default_manager.filter(**{spec.district_lookup(): scope.district_id})
    return get_objects_for_user(
        user,
        view_permission(model),
        klass=own_district,
        with_superuser=False,
        accept_global_perms=False,
    ).values("pk")


def view_permission(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.view_{model._meta.model_name}"


def can(user, capability: str, obj: models.Model) -> bool:
    """May ``user`` do ``capability`` ("view", or a committee Cap) to ``obj``?"""
    scope = scope_for(user)
    if scope is NOTHING:
        return False
    spec = spec_for(type(obj))
    if capability == VIEW:
        return _can_view(user, scope, spec, obj)
    if capability == UPDATE:
        if not _can_view(user, scope, spec, obj):
            return False
        if spec.assignee and getattr(obj, f"{spec.assignee}_id") == user.pk:
            return True
        return scope.has(Cap.ASSIGN_ACTION_ITEMS, spec.committee_id_of(obj))
    return scope.has(Cap(capability), spec.committee_id_of(obj))


def _can_view(user, scope: Scope, spec: Gated, obj: models.Model) -> bool:
    committee_id = spec.committee_id_of(obj)
    if spec.level is None:
        return scope.has(spec.requires, committee_id)
    level = _follow(obj, spec.level)
    if level == PUBLIC and spec.published and _follow(obj, spec.published) is not None:
        return True
    if level in (PUBLIC, COMMITTEE) and scope.has(Cap.VIEW, committee_id):
        return True
    if level == RESTRICTED and scope.has(Cap.VIEW_RESTRICTED, committee_id):
        return True
    if level == RESTRICTED and not scope.grant_eligible:
        return False
    if spec.assignee and getattr(obj, f"{spec.assignee}_id") == user.pk:
        return _district_of(spec, obj) == scope.district_id
    if spec.named_grants:
        return _granted_ids(user, scope, spec, type(obj)).filter(pk=obj.pk).exists()
    return False


def _follow(obj: models.Model, path: str):
    """The value at a lookup path such as ``section__visibility``."""
    for hop in path.split("__"):
        obj = getattr(obj, hop)
    return obj


def _district_of(spec: Gated, obj: models.Model) -> int | None:
    from committees.models import Committee

    committee_id = spec.committee_id_of(obj)
    return Committee.objects.filter(pk=committee_id).values_list("district_id", flat=True).first()


def committees_where(user, cap: Cap) -> Iterable[int]:
    """Ids of the committees where ``user`` holds ``cap``, for building forms and menus."""
    return scope_for(user).committees(cap)


# --- the read path: restricted reads go into the audit trail -----------------------------


def record_reads(user, records, via: str) -> None:
    """Keep in the audit trail that ``user`` read each restricted record of ``records``.

    ``records`` is a queryset (narrowed here to its restricted rows, in SQL) or records
    already loaded; ``via`` says through which page, export, feed or message. One
    insert for them all, so that a page's cost does not grow with what it shows.
    """
    from auditlog import get_logentry_model
    from django.contrib.contenttypes.models import ContentType

    if user is None or not user.is_authenticated:
        return
    if isinstance(records, models.QuerySet):
        level = spec_for(records.model).level
        records = list(records.filter(**{level: RESTRICTED})) if level else []
    read = [record for record in records if _restricted(record)]
    if not read:
        return
    entry = get_logentry_model()
    district_id = scope_for(user).district_id
    entry.objects.bulk_create(
        entry(
            content_type=ContentType.objects.get_for_model(record),
            object_pk=str(record.pk),
            object_id=record.pk,
            object_repr=str(record),
            action=entry.Action.ACCESS,
            actor=user,
            actor_email=user.email,
            district_id=district_id,
            via=via,
        )
        for record in read
    )


def get_visible_or_404(user, queryset: models.QuerySet, via: str | None = None, **lookup):
    """One record ``user`` may see, or 404 alike for 'does not exist' and 'may not know'.

    With ``via``, the read is kept in the audit trail when the record is restricted.
    """
    from django.http import Http404

    try:
        record = visible(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404("Not found.") from None
    if via is not None:
        record_reads(user, [record], via)
    return record


def _restricted(record: models.Model) -> bool:
    spec = REGISTRY.get(type(record))
    return bool(spec and spec.level and _follow(record, spec.level) == RESTRICTED)
