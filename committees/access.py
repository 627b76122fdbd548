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

How each kind of record joins (its committee, level and chain) is declared on its
model with ``committees.gate.gated``. Visibility is decided per committee and level,
a filter on a handful of committee ids; per-record guardian rows exist only for named
grants.
"""

import datetime
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from auditlog import get_logentry_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import connections, models, router
from django.db.models import Q
from django.db.models.functions import Cast
from django.http import Http404
from guardian.utils import get_user_obj_perms_model

from committees.gate import (
    COMMITTEE,
    PUBLIC,
    RANK,
    REGISTRY,
    RESTRICTED,
    UPDATE,
    VIEW,
    Cap,
    Gated,
    spec_for,
)
from committees.models import Committee, CommitteeUserObjectPermission, Membership
from safety_portal import prepared
from safety_portal.school_calendar import district_today


@dataclass(frozen=True)
class Scope:
    """What one user may do, per committee of their district, after the hard rules."""

    district_id: int | None = None
    caps: Mapping[int, frozenset[Cap]] = field(default_factory=dict)
    # May named grants show this user restricted records? (ACCESS.md: the same
    # eligibility rule as for clearance.)
    grant_eligible: bool = False
    today: datetime.date | None = None
    # The kinds of record shared with this user by a named grant: the others' reads carry
    # no grant subquery at all.
    grants: frozenset[type[models.Model]] = frozenset()
    # The committees of the district where the user holds a current seat (a membership
    # whose term runs today), whatever it gives them.
    seats: frozenset[int] = frozenset()

    def committees(self, cap: Cap) -> list[int]:
        return sorted(cid for cid, caps in self.caps.items() if cap in caps)

    def has(self, cap: Cap, committee_id: int | None) -> bool:
        return committee_id is not None and cap in self.caps.get(committee_id, ())


NOTHING = Scope()


def scope_for(user) -> Scope:
    """The user's scope, computed once per user object (in practice: per request)."""
    if user is None or not user.is_authenticated:
        return NOTHING
    if "_access_scope" not in user.__dict__:
        prime([user])
    return user.__dict__["_access_scope"]


def prime(users: Iterable) -> None:
    """Work out the scopes of those ``users`` whose scope is not known yet, in one query
    whatever their number: a batch of messages to many people reads them all at once.
    Each user's district is read as ``user.district``; load it with the users."""
    pending = {
        user.pk: user
        for user in users
        if user is not None and user.is_authenticated and "_access_scope" not in user.__dict__
    }
    for pk, scope in _compute_scopes(list(pending.values())).items():
        pending[pk].__dict__["_access_scope"] = scope


def forget(*users) -> None:
    """Drop cached scopes, after a change to what these users may do."""
    for user in users:
        if user is not None:
            user.__dict__.pop("_access_scope", None)


# Where each row of the scope's query comes from: a capability row, a current
# membership, a committee of a building the user administers, a kind of record shared
# with the user by name.
_GRANTED, _MEMBER, _ADMINISTERS, _SHARED = "granted", "member", "administers", "shared"


@dataclass
class _Held:
    """What the rows say of one user, before the hard rules."""

    granted: dict[int, set[str]] = field(default_factory=dict)
    categories: dict[int, str] = field(default_factory=dict)
    administered: set[int] = field(default_factory=set)
    shared: set[str] = field(default_factory=set)


def _compute_scopes(users: list) -> dict[int, Scope]:
    scopes = {user.pk: NOTHING for user in users}
    eligible = {user.pk: user for user in users if user.is_active and user.district_id is not None}
    if not eligible:
        return scopes
    today = {pk: district_today(user.district) for pk, user in eligible.items()}
    held = {pk: _Held() for pk in eligible}
    # Read once: request.user is a lazy object, dear to ask on each of hundreds of rows.
    districts = {pk: user.district_id for pk, user in eligible.items()}
    for source, user_id, committee_id, district_id, value in _read(eligible, today):
        mine = held[user_id]
        if source == _SHARED:
            mine.shared.add(value)
        elif district_id != districts[user_id]:
            continue  # districts are walled off
        elif source == _GRANTED:
            mine.granted.setdefault(committee_id, set()).add(value)
        elif source == _MEMBER:
            mine.categories[committee_id] = value
        elif source == _ADMINISTERS:
            mine.administered.add(committee_id)
    for pk, user in eligible.items():
        scopes[pk] = _scope_of(user, held[pk], today[pk])
    return scopes


# Each capability by its codename, looked up once: an administrator's scope holds a row
# per capability and committee of the district.
_CAPS = {cap.value: cap for cap in Cap}


def _scope_of(user, held: _Held, today: datetime.date) -> Scope:
    """The hard rules, applied to what one user's rows say."""
    # Capabilities are granted to people, never to groups, so only the user table counts.
    administered = set(held.granted) if user.is_district_admin else held.administered
    cleared = set(user.district.cleared_categories)
    caps: dict[int, frozenset[Cap]] = {}
    for committee_id, codenames in held.granted.items():
        is_admin = committee_id in administered
        category = held.categories.get(committee_id)
        if not is_admin and category is None:
            continue  # the membership ended, or never was: a stale row gives nothing
        effective = {_CAPS[code] for code in codenames if code in _CAPS}
        if not is_admin and category not in cleared:
            effective.discard(Cap.VIEW_RESTRICTED)
        if Cap.VIEW not in effective:
            # Restricted is for members who hold clearance (ACCESS.md): a stray row
            # never shows restricted records where the committee level is not seen.
            effective.discard(Cap.VIEW_RESTRICTED)
        if effective:
            caps[committee_id] = frozenset(effective)
    return Scope(
        district_id=user.district_id,
        caps=caps,
        grant_eligible=all(category in cleared for category in held.categories.values()),
        today=today,
        grants=frozenset(m for m in _shared_kinds() if m._meta.label_lower in held.shared),
        seats=frozenset(held.categories),
    )


def _read(users: Mapping[int, models.Model], today: Mapping[int, datetime.date]):
    """The rows of ``_rows``. For one person (every page) its SQL is made once per
    process and per shape, and only its values change: building and compiling the
    ``UNION ALL`` of five querysets cost more than running it."""
    if len(users) != 1:
        return _rows(users, today)
    ((pk, user),) = users.items()
    sql, params = _one_person_sql(user.is_district_admin)
    day = today[pk]
    fill = {_ANYONE: pk, _ANY_DAY: day, _ANY_DAY_TEXT: str(day)}
    values = [fill[param] if isinstance(param, _Mark) else param for param in params]
    using = router.db_for_read(CommitteeUserObjectPermission)
    # Planning this statement cost more than running it: its plan is kept.
    with prepared.plans_kept(using), connections[using].cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchall()


# Stand-ins for one person's id and day in the SQL of _one_person_sql (no person has a
# negative id, no district's today is in year 1); SQLite is given days as text.
_SOMEONE, _SOME_DAY = -1, datetime.date(1, 1, 1)


class _Mark:
    """The place of a stand-in among the parameters."""


_ANYONE, _ANY_DAY, _ANY_DAY_TEXT = _Mark(), _Mark(), _Mark()


@dataclass(frozen=True)
class _Someone:
    pk: int
    is_district_admin: bool


@functools.cache
def _one_person_sql(is_district_admin: bool) -> tuple[str, list]:
    """The SQL of ``_rows`` for one person of this kind, its parameters with the places
    of the person's id and day marked."""
    someone = _Someone(pk=_SOMEONE, is_district_admin=is_district_admin)
    sql, params = _rows({_SOMEONE: someone}, {_SOMEONE: _SOME_DAY}).query.sql_with_params()
    marks = {(int, _SOMEONE): _ANYONE, (datetime.date, _SOME_DAY): _ANY_DAY}
    marks[(str, str(_SOME_DAY))] = _ANY_DAY_TEXT
    return sql, [marks.get((type(param), param), param) for param in params]


def _rows(users: Mapping[int, models.Model], today: Mapping[int, datetime.date]):
    """One query, a ``UNION ALL`` of what every user's scope rests on, each row as
    (source, user id, committee id, the committee's district id, value)."""
    ids = sorted(users)

    def text(value: str):
        return models.Value(value, output_field=models.CharField())

    parts = [
        CommitteeUserObjectPermission.objects.filter(user_id__in=ids).values_list(
            text(_GRANTED),
            "user_id",
            "content_object_id",
            "content_object__district_id",
            "permission__codename",
        )
    ]
    on_day: dict[datetime.date, list[int]] = {}
    for pk in ids:
        on_day.setdefault(today[pk], []).append(pk)
    for day, day_ids in on_day.items():  # one day nearly always: a state has one time zone
        parts.append(
            Membership.objects.current(day)
            .filter(user_id__in=day_ids)
            .values_list(
                text(_MEMBER), "user_id", "committee_id", "committee__district_id", "category"
            )
        )
    administrators = [pk for pk in ids if not users[pk].is_district_admin]
    if administrators:
        parts.append(
            Committee.objects.filter(building__administrators__in=administrators).values_list(
                text(_ADMINISTERS), "building__administrators", "id", "district_id", text("")
            )
        )
    none = Cast(models.Value(None), models.BigIntegerField())
    for model in _shared_kinds():
        parts.append(
            _grant_table_rows(model)
            .filter(user_id__in=ids)
            .values_list(text(_SHARED), "user_id", none, none, text(model._meta.label_lower))
            .distinct()
        )
    first, *rest = (part.order_by() for part in parts)
    return first.union(*rest, all=True)


@functools.cache
def _shared_kinds() -> tuple[type[models.Model], ...]:
    """The kinds of record that named grants can share."""
    return tuple(model for model, spec in REGISTRY.items() if spec.named_grants)


def visible(
    user, queryset: models.QuerySet, committees: Iterable[int] | None = None
) -> models.QuerySet:
    """``queryset`` narrowed to the records ``user`` may see.

    With ``committees`` (ids): narrowed to those committees' records too, the same rows as
    ``visible(user, queryset.filter(<its committee>__in=committees))``. What the reader may
    do there is then written into the query as it is (these levels, on these committees),
    instead of as lists of committees that PostgreSQL cannot relate to the ones asked for:
    it would take a committee's list for a few rows, and sort all its history to show fifty.
    """
    spec = spec_for(queryset.model)
    fixed = None
    if committees is not None:
        fixed = frozenset(committees)
        queryset = queryset.filter(**{spec.committee_lookup(): sorted(fixed)})
    return queryset.filter(_visible_q(user, spec, scope_for(user), queryset.model, fixed))


def _visible_q(
    user, spec: Gated, scope: Scope, model: type[models.Model], fixed: frozenset[int] | None
) -> Q:
    if spec.level is None:
        return _on_committees(spec, scope.committees(spec.requires), fixed)
    if fixed is not None and _sees_every_level(scope, fixed):
        # Every record of these committees, at each of the three levels (CHECK
        # constraints, level_known), along every chain: nothing to ask of the rows but
        # what the kind requires besides. Asking the levels still (always true) kept
        # PostgreSQL from reading a count from an index alone.
        if spec.requires is Cap.VIEW:
            return Q()
        return _on_committees(spec, scope.committees(spec.requires), fixed)

    granted = None
    if spec.named_grants and model in scope.grants and scope.district_id is not None:
        granted = _granted_ids(user, scope, spec, model)
    q = _level_q(user, spec, scope, granted, fixed)
    if spec.requires is not Cap.VIEW:
        q &= _on_committees(spec, scope.committees(spec.requires), fixed)
    if spec.published:
        q |= Q(**{spec.level: PUBLIC, f"{spec.published}__isnull": False})
    if spec.within and not _chain_holds_nothing_back(spec, scope, granted, fixed):
        q &= _chain_without_restricted(user, spec, scope, model, granted, fixed)
    return q


def _chain_holds_nothing_back(
    spec: Gated, scope: Scope, granted, fixed: frozenset[int] | None
) -> bool:
    """Would the chain's test pass every row the record's own level lets through?

    It lets a row through where restricted is the reader's (``allowed`` in
    ``_chain_without_restricted``): on a committee where they are cleared, or reached by
    name (assigned, or a named grant) when they may receive restricted. So it holds
    nothing back from a reader cleared wherever they see the committee level (here, or
    on the committees asked for) who receives restricted by name, or whom no name
    reaches, unless the kind is also published (a public page's rows are not theirs by
    clearance). A district or building administrator, asking over all their committees
    (Today, "My committees"), is such a reader: their queries then carry none of the
    chain's ``NOT EXISTS``, which cost PostgreSQL more to plan than to run.
    """
    if spec.published:
        return False
    seen = set(scope.committees(Cap.VIEW))
    if fixed is not None:
        seen &= fixed
    if not seen <= set(scope.committees(Cap.VIEW_RESTRICTED)):
        return False
    reached_by_name = scope.district_id is not None and (spec.assignee or granted is not None)
    return scope.grant_eligible or not reached_by_name


def _chain_without_restricted(
    user,
    spec: Gated,
    scope: Scope,
    model: type[models.Model],
    granted,
    fixed: frozenset[int] | None,
) -> Q:
    """The chain's test, beside the record's own level: "no link is restricted, unless
    restricted is theirs here".

    That is "seen at the strictest level along the chain", for a record the reader sees
    at its own level. Such a reader sees the committee level of the record's committee,
    or reaches the record by name (assigned, or a named grant): each level's readers are
    among the next laxer level's (the scope drops restricted where committee level is not
    held, ``_scope_of``). So a link at public or committee level holds nothing back, a
    missing link holds nothing (every level is one of three: ``level_known``), and only a
    restricted link counts: each path is one ``EXISTS``, all under one ``NOT``
    (``NoRestrictedLink``). PostgreSQL then walks a list's index in its order and stops
    at the page, instead of joining every link of every record before sorting (a parent's
    item list read all 18,000 items of a statewide committee to show fifty), and plans
    the query in a fraction of the time (Today's queries over a district administrator's
    fifty committees took 13 ms to plan).
    """
    allowed = [_on_committees(spec, scope.committees(Cap.VIEW_RESTRICTED), fixed)]
    if scope.district_id is not None and scope.grant_eligible:
        if spec.assignee:
            allowed.append(Q(**{spec.assignee: user.pk}) & _in_district(spec, scope, fixed))
        if granted is not None:
            allowed.append(Q(pk__in=granted))
    q = Q(NoRestrictedLink(model))
    for part in allowed:
        if not part:
            return part  # Q(): every row (``_on_committees``), and Q() | q would be q
        if part != _NONE:
            q |= part
    return q


_NONE = Q(pk__in=[])  # no row: what ``_on_committees`` says of an empty list


class NoRestrictedLink(models.Expression):
    """No link of the record's chain is restricted: one ``NOT EXISTS`` of the restricted
    links, a probe per link leaving the record, each read from the first table of its path
    (the record's own foreign key, or the table pointing at it).

    Its SQL is written once per kind (``_chain_sql``), not built and compiled by Django on
    every gated query (about 0.8 and 1.2 ms of each of a parent's item-list queries).
    Only the alias under which the query reads the record's table is put in when the
    query is compiled: nested in another query, Django renames that table (``U0``), and
    the alias is then the new name. The links' own tables take aliases of their own
    (``gate_<path>_<hop>``), which Django never gives, so no table of an enclosing query
    is hidden by them.
    """

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, model: type[models.Model]):
        super().__init__()
        self.model = model

    def as_sql(self, compiler, connection):
        # The query's first table is the one it reads its rows from (Django's own FROM
        # clause starts there), under whatever alias it has now.
        query = compiler.query
        record = next(iter(query.alias_map), None)
        table = query.alias_map.get(record)
        if table is None or table.join_type or table.table_name != self.model._meta.db_table:
            raise TypeError(f"The chain of {self.model.__name__} asked of another kind's rows.")
        key = (self.model, connection.vendor)
        if key not in _CHAIN_SQL:
            _CHAIN_SQL[key] = _chain_sql(
                self.model, connection.ops.quote_name, fence=connection.vendor == "postgresql"
            )
        sql, params = _CHAIN_SQL[key]
        return sql.replace(_RECORD, compiler.quote_name_unless_alias(record)), list(params)


# Where the alias of the record's table goes in ``_chain_sql``'s text (no SQL has it).
_RECORD = "{record}"
# (kind, database vendor) -> its chain's SQL and parameters.
_CHAIN_SQL: dict[tuple[type[models.Model], str], tuple[str, tuple]] = {}


def _chain_sql(model: type[models.Model], quote, fence: bool = True) -> tuple[str, tuple]:
    """``NoRestrictedLink``'s SQL for ``model``, with ``_RECORD`` for the alias of its
    table, and its parameters. Every name in it is the models' own, quoted; the level is
    a parameter.

    Paths that leave the record by the same link (a follow-up's incident or concern; a
    minutes section and its meeting) share one probe: one read of the link's table a
    row, whatever holds the record beyond it. The probes are one ``EXISTS`` of their
    ``UNION ALL``, which PostgreSQL asks a row at a time, stopping at the first restricted
    link. It estimates any ``EXISTS`` it asks so as true for half the rows: asked as one
    ``EXISTS`` per link, an item's four links made it expect one row in sixteen to pass,
    and sort every item of a parent's committees rather than read them in the order
    asked until a page is found (the API's whole list, 86 ms at statewide scale; 0.5 ms
    read in order). PostgreSQL never turns a ``UNION`` under ``EXISTS`` into a join; a
    single probe it may, reading every restricted holder of the state into a hash once
    per query (with a state's follow-ups and minutes, a parent's page of fifty items read
    every threat report of the state, twice: about 25 ms). So with ``fence`` a lone probe
    ends in ``OFFSET 0``, which keeps it a probe a row: what the page reads, not what the
    state holds (docs/benchmarks.md). SQLite (the demo's database) has no other way to
    ask it, and no ``OFFSET`` without a ``LIMIT``: no fence there.
    """
    groups: dict[str, list[tuple[list[str], str]]] = {}
    for path in spec_for(model).within:
        hop, *rest, level = path.split("__")
        groups.setdefault(hop, []).append((rest, level))
    probes, params = [], []
    for number, (hop, paths) in enumerate(groups.items()):
        field_ = model._meta.get_field(hop)
        first = f"gate_{number}_0"
        if field_.concrete:  # the record's own foreign key
            link = f"{first}.{quote(field_.target_field.column)} = {_RECORD}.{quote(field_.column)}"
        elif field_.one_to_many or field_.one_to_one:  # the table pointing at the record
            pointer = field_.field
            link = (
                f"{first}.{quote(pointer.column)} = {_RECORD}.{quote(pointer.target_field.column)}"
            )
        else:
            raise TypeError(f"{model.__name__}.{hop}: a chain follows foreign keys only.")
        tables = [f"{quote(field_.related_model._meta.db_table)} {first}"]
        # Each holder beyond the link, joined once: (names from the link) -> its alias.
        joined: dict[tuple[str, ...], tuple[type[models.Model], str]] = {
            (): (field_.related_model, first)
        }
        restricted = []
        for rest, level in paths:
            holder, alias = joined[()]
            for step, name in enumerate(rest, start=1):
                if tuple(rest[:step]) not in joined:
                    forward = _foreign_key(holder, name)
                    next_alias = f"gate_{number}_{len(joined)}"
                    # LEFT: a link without this holder may still have another one.
                    tables.append(
                        f"LEFT JOIN {quote(forward.related_model._meta.db_table)} {next_alias} "
                        f"ON ({alias}.{quote(forward.column)} = "
                        f"{next_alias}.{quote(forward.target_field.column)})"
                    )
                    joined[tuple(rest[:step])] = (forward.related_model, next_alias)
                holder, alias = joined[tuple(rest[:step])]
            restricted.append(f"{alias}.{quote(holder._meta.get_field(level).column)} = %s")
            params.append(RESTRICTED)
        probes.append(
            f"SELECT 1 FROM {' '.join(tables)} WHERE {link} "  # noqa: S608
            f"AND ({' OR '.join(restricted)})"
        )
    if len(probes) == 1 and fence:
        probes[0] += " OFFSET 0"
    return f"NOT EXISTS({' UNION ALL '.join(probes)})", tuple(params)


def _foreign_key(model: type[models.Model], name: str) -> models.Field:
    """``model.name``, a foreign key of the model's own: a chain follows nothing else."""
    field_ = model._meta.get_field(name)
    if not (field_.concrete and (field_.many_to_one or field_.one_to_one)):
        raise TypeError(f"{model.__name__}.{name}: a chain follows foreign keys only.")
    return field_


def _sees_every_level(scope: Scope, committee_ids: frozenset[int]) -> bool:
    return all(
        scope.has(Cap.VIEW, pk) and scope.has(Cap.VIEW_RESTRICTED, pk) for pk in committee_ids
    )


def _on_committees(spec: Gated, ids: list[int], fixed: frozenset[int] | None) -> Q:
    """The record's committee is one of ``ids``. Where the query holds some committees
    only (``fixed``), what is known of them is said as such: all rows (``Q()``), none, or
    the few committees of ``fixed`` that are in ``ids``."""
    if fixed is None:
        return Q(**{spec.committee_lookup(): ids}) if ids else Q(pk__in=[])
    among = fixed.intersection(ids)
    if among == fixed:
        return Q()
    return Q(**{spec.committee_lookup(): sorted(among)}) if among else Q(pk__in=[])


def _level_q(user, spec: Gated, scope: Scope, granted, fixed: frozenset[int] | None) -> Q:
    """Who may see a record at its own level (the chain is ``_chain_without_restricted``)."""
    level = spec.level
    # Where the reader is cleared they see every level, each of the three (level_known):
    # the record's committee says it all. Elsewhere they see the committee level.
    cleared = scope.committees(Cap.VIEW_RESTRICTED)
    q = _on_committees(spec, cleared, fixed)
    if not q:
        return q  # Q(), every row: cleared on each committee asked for
    members_only = sorted(set(scope.committees(Cap.VIEW)).difference(cleared))
    if members_only and not spec.restricted_only:
        members_of = _on_committees(spec, members_only, fixed)
        q |= members_of & Q(**{f"{level}__in": [PUBLIC, COMMITTEE]})
    if scope.district_id is not None:
        # Shared by name, or assigned to me: the same eligibility rule for restricted.
        levels = [PUBLIC, COMMITTEE] + ([RESTRICTED] if scope.grant_eligible else [])
        if spec.assignee:
            mine = Q(**{spec.assignee: user.pk, f"{level}__in": levels})
            q |= mine & _in_district(spec, scope, fixed)
        if granted is not None:
            q |= Q(pk__in=granted, **{f"{level}__in": levels})
    return q


def _in_district(spec: Gated, scope: Scope, fixed: frozenset[int] | None) -> Q:
    """The record is of the reader's district: said outright, unless the query holds only
    the reader's own committees (``fixed``), all of their district.

    Said of the record's own committee column ("one of the district's committees", a
    subquery), not of the committee's district through a join: beside the committee lists
    in the gate's OR, a joined table's column made the whole OR a condition of the join,
    which PostgreSQL weighed again for every join order and index it considered (a
    district administrator's items due soon on Today: 4.4 ms to plan, 0.1 ms to run;
    1.0 ms to plan so).
    """
    if fixed is not None and fixed <= scope.caps.keys():
        return Q()
    if not spec.committee:  # a committee itself: its own column, no join
        return Q(**{spec.district_lookup(): scope.district_id})
    of_district = Committee.objects.filter(district_id=scope.district_id).values("pk")
    return Q(**{f"{spec.committee}__in": of_district})


def _granted_ids(user, scope: Scope, spec: Gated, model: type[models.Model]) -> models.QuerySet:
    """A subquery of the records shared with ``user`` by a named grant, in their district.

    Read from the kind's direct foreign-key permission table, a few rows of one person:
    guardian's ``get_objects_for_user`` would walk every record of the district for it.
    Grants are given to people (``services.named_grant_add``); a group's row counts for
    nothing, as for capabilities. Global permissions never count.
    """
    in_district = {f"content_object__{spec.district_lookup()}": scope.district_id}
    return grant_rows(user, model).filter(**in_district).values("content_object_id")


def shared_by_name(user, model: type[models.Model]) -> set[int]:
    """The ids of ``model``'s records shared with ``user`` by a named grant. Most people
    hold none, which their scope already says: then nothing is read."""
    if model not in scope_for(user).grants:
        return set()
    return set(grant_rows(user, model).values_list("content_object_id", flat=True))


def grant_rows(user, model: type[models.Model]) -> models.QuerySet:
    """``user``'s rows of the named-grant table of ``model`` (guardian, direct foreign key)."""
    return _grant_table_rows(model).filter(user=user)


def _grant_table_rows(model: type[models.Model]) -> models.QuerySet:
    table = get_user_obj_perms_model(model)
    if not table._meta.get_field("content_object").concrete:
        raise TypeError(f"{model.__name__} shares by name: give it a direct permission table.")
    return table.objects.filter(
        permission__content_type__app_label=model._meta.app_label,
        permission__codename=f"view_{model._meta.model_name}",
    )


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


def _can_view(user, scope: Scope, spec: Gated, obj: models.Model, level: str = "") -> bool:
    """May ``user`` see ``obj``, at its effective level or, if given, at ``level``?"""
    committee_id = spec.committee_id_of(obj)
    if not scope.has(spec.requires, committee_id) and spec.requires is not Cap.VIEW:
        return False
    if spec.level is None:
        return scope.has(spec.requires, committee_id)
    level = level or effective_level(obj)
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
    if spec.named_grants and type(obj) in scope.grants:
        return _granted_ids(user, scope, spec, type(obj)).filter(content_object_id=obj.pk).exists()
    return False


def levels_seen(user, obj: models.Model) -> list[str]:
    """The levels at which ``user`` would see ``obj``.

    What of a record's past a reader may see: its history written while the record was
    stricter than it is now is theirs only if they would have seen it then.
    """
    scope = scope_for(user)
    spec = spec_for(type(obj))
    if scope is NOTHING or spec.level is None:
        return []
    # Each level's readers include the next stricter one's: the strictest level passed
    # brings every lower one with it.
    for level in sorted(RANK, key=RANK.__getitem__, reverse=True):
        if _can_view(user, scope, spec, obj, level):
            return [lower for lower, rank in RANK.items() if rank <= RANK[level]]
    return []


def _follow(obj: models.Model, path: str):
    """The value at a lookup path such as ``section__visibility``; None where a link on
    the way is empty."""
    for hop in path.split("__"):
        try:
            obj = getattr(obj, hop)
        except ObjectDoesNotExist:  # a reverse one-to-one with no row
            return None
        if obj is None:
            return None
    return obj


def strictest(levels: Iterable[str | None]) -> str | None:
    return max((level for level in levels if level), key=RANK.__getitem__, default=None)


def effective_level(obj: models.Model) -> str:
    """The strictest level along the record's chain: the level the gate decides on."""
    spec = spec_for(type(obj))
    return strictest(_follow(obj, path) for path in (spec.level, *spec.within))


def container_level(obj: models.Model) -> str | None:
    """The strictest level of what holds the record; None when nothing does."""
    return strictest(_follow(obj, path) for path in spec_for(type(obj)).within)


def check_level(obj: models.Model, field_name: str = "visibility") -> None:
    """Refuse a record whose own level is below what holds it (services call this)."""
    floor = container_level(obj)
    own = _follow(obj, spec_for(type(obj)).level)
    if floor and RANK[own] < RANK[floor]:
        raise ValidationError(
            {field_name: f"It cannot be less strict than what holds it ({floor.capitalize()})."}
        )


def raise_contents(container: models.Model) -> int:
    """Raise every record held by ``container`` to at least its effective level.

    Called by the services in the transaction that raises a container; every kind that
    declares ``container``'s model on its chain is covered, revisions included.
    """
    level = effective_level(container)
    lower = [name for name, rank in RANK.items() if rank < RANK[level]]
    raised = 0
    for model, spec in REGISTRY.items():
        if "__" in (spec.level or "__"):
            continue  # its level is its parent's, which this loop raises
        for path in spec.within:
            prefix = path.rsplit("__", 1)[0]
            if _model_at(model, prefix) is type(container):
                rows = model._default_manager.filter(
                    **{prefix: container.pk, f"{spec.level}__in": lower}
                )
                raised += rows.update(**{spec.level: level})
    return raised


def _model_at(model: type[models.Model], path: str) -> type[models.Model]:
    for hop in path.split("__"):
        model = model._meta.get_field(hop).related_model
    return model


def _district_of(spec: Gated, obj: models.Model) -> int | None:
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
    if user is None or not user.is_authenticated:
        return
    if isinstance(records, models.QuerySet):
        spec = spec_for(records.model)
        read = list(records.filter(_restricted_q(spec, records.model))) if spec.level else []
    else:
        read = restricted_of(records)
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
    try:
        # A lookup by a unique key: the same plan suits every value, and a connection
        # keeps it (planning the gate's read with what it joins cost ten times running it).
        with prepared.plans_kept(queryset.db):
            record = visible(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404("Not found.") from None
    if via is not None:
        record_reads(user, [record], via)
    return record


def _restricted_q(spec: Gated, model: type[models.Model]) -> Q:
    """Restricted at its own level or anywhere along its chain: the gate's own test of
    the chain (``NoRestrictedLink``), one probe of an index per link and row. Joined
    link by link instead, PostgreSQL read the whole of a link's table for a few rows
    (every drill problem and finding item of the state for a chunk of an export)."""
    q = Q(**{spec.level: RESTRICTED})
    if spec.within:
        q |= ~Q(NoRestrictedLink(model))
    return q


def restricted_of(records) -> list:
    """The records that are restricted, at their own level or along their chain, in one
    query per kind that chains (a page's cost stays fixed however many rows it shows);
    none for records whose chain is loaded already (``with_chain``).
    What e-mails must not describe, and what a read of them records."""
    by_kind: dict[type[models.Model], list] = {}
    for record in records:
        by_kind.setdefault(type(record), []).append(record)
    read = []
    for model, rows in by_kind.items():
        spec = REGISTRY.get(model)
        if spec is None or spec.level is None:
            continue
        loaded = {row.pk: row for row in rows if _chain_loaded(row, spec)}
        restricted = {pk for pk, row in loaded.items() if effective_level(row) == RESTRICTED}
        # Restricted at its own level: nothing along its chain can lower that.
        restricted.update(
            row.pk
            for row in rows
            if _loaded(row, spec.level) and _follow(row, spec.level) == RESTRICTED
        )
        unknown = [row.pk for row in rows if row.pk not in loaded and row.pk not in restricted]
        if unknown:
            # Read by the rows' ids, whatever they are: one plan suits them all, and a
            # connection keeps it.
            chain = model._default_manager.filter(pk__any=unknown).filter(
                _restricted_q(spec, model)
            )
            with prepared.plans_kept(chain.db):
                restricted.update(chain.order_by().values_list("pk", flat=True))
        read += [row for row in rows if row.pk in restricted]
    return read


def with_chain(queryset: models.QuerySet) -> models.QuerySet:
    """``queryset`` with what holds each row, and its committee, read in the same query:
    deciding whether a row may be seen, or is restricted, then reads nothing more."""
    spec = REGISTRY.get(queryset.model)
    if spec is None:
        return queryset
    links = [path.rsplit("__", 1)[0] for path in (spec.level or "", *spec.within) if "__" in path]
    if spec.committee:
        links.append(spec.committee)
    return queryset.select_related(*links)


def _chain_loaded(obj: models.Model, spec: Gated) -> bool:
    """Is every link of the record's chain already on it (or known to lead nowhere)?"""
    return all(_loaded(obj, path) for path in (spec.level, *spec.within))


def _loaded(obj: models.Model, path: str) -> bool:
    """Can ``path`` be followed on ``obj`` without a query: each link and the level at its
    end are on it (not deferred), or a link on the way is known to lead nowhere?"""
    *hops, level = path.split("__")
    for hop in hops:
        field_ = obj._meta.get_field(hop)
        if field_.concrete:
            if field_.attname not in obj.__dict__:
                return False
            if obj.__dict__[field_.attname] is None:
                return True
        if not field_.is_cached(obj):
            return False
        obj = field_.get_cached_value(obj)
        if obj is None:
            return True
    return obj._meta.get_field(level).attname in obj.__dict__
