"""Writes to committees, seats and permissions.

Every ``assign_perm`` and ``remove_perm`` of the project lives here, in the same
transaction as the change that calls for it. Views, forms, the admin and tasks
call these functions; nothing else saves these models.
"""

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import assign_perm, remove_perm

from committees import access
from committees.access import Cap
from committees.models import (
    Building,
    Committee,
    CommitteeUserObjectPermission,
    District,
    Level,
    Membership,
    MembershipChange,
    Position,
    SeatProposal,
)
from committees.records import fields_set
from notifications import services as notifications
from notifications.models import Kind

User = get_user_model()

CHAIR_CAPS = frozenset(
    {
        Cap.VIEW,
        Cap.RECORD_MEETINGS,
        Cap.ASSIGN_ACTION_ITEMS,
        Cap.MANAGE_MEMBERSHIP,
        Cap.DRAFT_PUBLIC_UPDATE,
        Cap.PUBLISH_PUBLIC_UPDATE,
    }
)
POSITION_CAPS: dict[str, frozenset[Cap]] = {
    Position.CHAIR: CHAIR_CAPS,
    Position.CO_CHAIR: CHAIR_CAPS,
    Position.SECRETARY: frozenset({Cap.VIEW, Cap.RECORD_MEETINGS, Cap.DRAFT_PUBLIC_UPDATE}),
    Position.MEMBER: frozenset({Cap.VIEW}),
}
ADMIN_CAPS = frozenset(Cap)

# Fields of a membership whose changes are recorded.
TRACKED = ("category", "position", "term_start", "term_end", "restricted_clearance")


def require_cap(by, cap: Cap, obj: models.Model) -> None:
    """``by`` None is the system itself (seed, tasks); superusers act through the admin."""
    if by is None or by.is_superuser:
        return
    if not access.can(by, cap, obj):
        raise PermissionDenied("You may not do this on this committee.")


# --- permissions -----------------------------------------------------------------


def desired_caps(*, user, committee: Committee, today: datetime.date) -> frozenset[Cap]:
    """What ``user`` should hold on ``committee``.

    A membership that has not started yet is granted already: the gate refuses it
    until the term begins. A removed or expired one holds nothing.
    """
    if not user.is_active or user.district_id != committee.district_id:
        return frozenset()
    if user.is_district_admin:
        return ADMIN_CAPS
    if committee.building_id and committee.building.administrators.filter(pk=user.pk).exists():
        return ADMIN_CAPS
    caps: set[Cap] = set()
    memberships = Membership.objects.filter(user=user, committee=committee, ended_at__isnull=True)
    for membership in memberships.filter(
        models.Q(term_end__isnull=True) | models.Q(term_end__gte=today)
    ):
        caps |= POSITION_CAPS[membership.position]
        if (
            membership.restricted_clearance
            and membership.category in committee.district.cleared_categories
        ):
            caps.add(Cap.VIEW_RESTRICTED)
    return frozenset(caps)


def permissions_sync(*, user, committee: Committee) -> None:
    """Make guardian's rows for (user, committee) match ``desired_caps``."""
    today = access.district_today(committee.district)
    want = desired_caps(user=user, committee=committee, today=today)
    have = set(
        CommitteeUserObjectPermission.objects.filter(
            user=user, content_object=committee
        ).values_list("permission__codename", flat=True)
    )
    for cap in want - {Cap(c) for c in have if c in Cap._value2member_map_}:
        assign_perm(cap.value, user, committee)
    for codename in have - {cap.value for cap in want}:
        remove_perm(codename, user, committee)
    access.forget(user)


def permissions_sweep(*, district: District | None = None) -> int:
    """Bring the grants in line with the seats as they stand today (run hourly); how many
    (person, committee) pairs it looked at.

    Terms begin and end without anyone saving anything; everything else (a seat given,
    changed or removed, an administrator named) syncs in its own transaction. So each
    district's sweep looks only at the terms that began or ended since its last run, in
    the district's local day: a second run on the same day touches nothing. A district
    never swept is swept whole. The gate ignores a stale row anyway; the sweep keeps
    none from outliving its term.
    """
    districts = [district] if district is not None else District.objects.order_by("pk")
    return sum(_sweep_district(d) for d in districts)


@transaction.atomic
def _sweep_district(district: District) -> int:
    district = District.objects.select_for_update().get(pk=district.pk)
    today = access.district_today(district)
    since = district.permissions_swept_on
    memberships = Membership.objects.filter(committee__district=district)
    if since is None:
        pairs = set(
            CommitteeUserObjectPermission.objects.filter(
                content_object__district=district
            ).values_list("user_id", "content_object_id")
        )
        pairs |= set(
            memberships.filter(ended_at__isnull=True).values_list("user_id", "committee_id")
        )
    else:
        # A term counts through its last day: one ending on day E stops on E + 1.
        turned = models.Q(term_start__gt=since, term_start__lte=today) | models.Q(
            term_end__gte=since, term_end__lt=today
        )
        pairs = set(memberships.filter(turned).values_list("user_id", "committee_id"))
    users = User.objects.in_bulk({user_id for user_id, _ in pairs})
    committees = Committee.objects.select_related("district", "building").in_bulk(
        {committee_id for _, committee_id in pairs}
    )
    for user_id, committee_id in sorted(pairs):
        permissions_sync(user=users[user_id], committee=committees[committee_id])
    district.permissions_swept_on = today
    district.save(update_fields=["permissions_swept_on"])
    return len(pairs)


# --- committees --------------------------------------------------------------------


@transaction.atomic
def committee_create(
    *, district: District, name: str, building: Building | None = None, purpose: str = ""
) -> Committee:
    if building is not None and building.district_id != district.pk:
        raise ValidationError({"building": _("The building belongs to another district.")})
    committee = Committee(district=district, building=building, name=name, purpose=purpose)
    committee.full_clean()
    committee.save()
    admins = User.objects.filter(district=district, is_district_admin=True, is_active=True)
    if building is not None:
        admins = admins | building.administrators.all()
    for user in admins.distinct():
        permissions_sync(user=user, committee=committee)
    return committee


@transaction.atomic
def building_admin_set(*, building: Building, user, is_admin: bool, by=None) -> None:
    """Make ``user`` an administrator of ``building`` (the principal), or stop."""
    if (
        by is not None
        and not by.is_superuser
        and not (by.is_district_admin and by.district_id == building.district_id)
    ):
        raise PermissionDenied("Only a district administrator may name building administrators.")
    if user.district_id != building.district_id:
        raise ValidationError(_("A building administrator must belong to the building's district."))
    if is_admin:
        building.administrators.add(user)
    else:
        building.administrators.remove(user)
    committee = Committee.objects.filter(building=building).first()
    if committee is not None:
        permissions_sync(user=user, committee=committee)


@transaction.atomic
def district_admin_set(*, user, is_admin: bool, by=None) -> None:
    """Make ``user`` a district safety administrator, or stop."""
    if (
        by is not None
        and not by.is_superuser
        and not (by.is_district_admin and by.district_id == user.district_id)
    ):
        raise PermissionDenied("Only a district administrator may name another.")
    if user.district_id is None:
        raise ValidationError(_("A district administrator must belong to a district."))
    user.is_district_admin = is_admin
    user.is_staff = is_admin or user.is_superuser  # the admin site is theirs to use
    user.save(update_fields=["is_district_admin", "is_staff"])
    for committee in Committee.objects.filter(district_id=user.district_id).select_related(
        "district", "building"
    ):
        permissions_sync(user=user, committee=committee)


# --- people and seats ----------------------------------------------------------------


def person_find_or_create(
    *,
    district: District,
    email: str,
    first_name: str = "",
    last_name: str = "",
    title: str = "",
    organization: str = "",
):
    """The district's person with this e-mail, or a new one, invited by e-mail to choose
    a password.

    People of other districts are not looked at: an address of another district is
    answered exactly as an unknown one (a new person of this district, who has their
    own sign-in), so that the form cannot tell whether it is used elsewhere.
    """
    email = User.objects.normalize_email(email).strip()
    if not email:  # a blank address would match everyone who has none
        raise ValidationError({"email": _("Give the person's e-mail address.")})
    existing = User.objects.filter(email__iexact=email, district=district).first()
    if existing is not None:
        return existing
    if not first_name.strip() or not last_name.strip():
        raise ValidationError(
            {"first_name": _("No one in the district has this e-mail: give a first and last name.")}
        )
    person = User(
        username=_free_username(email, district),
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        title=title,
        organization=organization,
        district=district,
    )
    # An unguessable password rather than an unusable one: Django's password reset,
    # through which a new person chooses their own, skips unusable ones.
    person.set_password(secrets.token_urlsafe(32))
    person.full_clean()
    person.save()
    # Invited at once, through the outbox and after the commit: a link to choose their
    # password (accounts.messages says the words).
    notifications.notify(
        recipients=[person], kind=Kind.ACCOUNT_INVITATION, subject=person, period="added"
    )
    return person


def _free_username(email: str, district: District) -> str:
    """The e-mail address, or, when another district's person has it, the district's
    slug before it (and a number after, should that be taken too)."""
    candidates = [email.lower(), f"{district.slug}.{email.lower()}"]
    candidates += [f"{district.slug}.{email.lower()}.{n}" for n in range(2, 100)]
    for candidate in candidates:
        if not User.objects.filter(username__iexact=candidate).exists():
            return candidate
    raise ValidationError({"email": _("Give another e-mail address for this person.")})


def _snapshot(membership: Membership) -> dict:
    return {name: getattr(membership, name) for name in TRACKED}


def _jsonable(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _record(membership: Membership, action: str, changes: dict, by) -> MembershipChange:
    return MembershipChange.objects.create(
        committee=membership.committee,
        membership=membership,
        action=action,
        changes={k: [_jsonable(a), _jsonable(b)] for k, (a, b) in changes.items()},
        actor=by,
    )


def is_administrator(user, committee: Committee) -> bool:
    """A building administrator of the committee's school or a district safety
    administrator of its district: those who grant clearance (separation of duties).
    Superusers run the deployment from the admin."""
    if user.is_superuser:
        return True
    if not user.is_active or user.district_id != committee.district_id:
        return False
    if user.is_district_admin:
        return True
    return (
        committee.building_id is not None
        and committee.building.administrators.filter(pk=user.pk).exists()
    )


def own_seat(by, membership: Membership) -> bool:
    """Nobody changes their own seat: its category, position, term or clearance."""
    return by is not None and membership.user_id == by.pk


OWN_SEAT_REFUSAL = gettext_lazy(
    "Nobody changes their own seat (category, position, term or clearance): ask another "
    "manager of the committee, or the building's or the district's administrator."
)


def _escalation(committee: Committee, before: dict, after: dict) -> dict:
    """What of a change only an administrator may decide: a grant of clearance, or a
    move from a category the policy does not clear into one it clears."""
    cleared = set(committee.district.cleared_categories)
    wanted = {}
    if (
        after["category"] != before["category"]
        and after["category"] in cleared
        and before["category"] not in cleared
    ):
        wanted["category"] = after["category"]
    if after["restricted_clearance"] and not before["restricted_clearance"]:
        wanted["restricted_clearance"] = True
    return wanted


def district_admins(committee: Committee):
    return User.objects.filter(
        district_id=committee.district_id, is_district_admin=True, is_active=True
    )


def _tell_of_grant(change: MembershipChange, by) -> None:
    """Every grant of clearance and change of category goes to the district's safety
    administrators (ACCESS.md, "Separation of duties"). The system's own seeding is
    recorded, not mailed."""
    granted = change.changes.get("restricted_clearance", [False, False])[1] is True
    if by is None or not (granted or "category" in change.changes):
        return
    notifications.notify(
        recipients=district_admins(change.committee),
        kind=Kind.ACCESS_GRANTED,
        subject=change,
        period="p",
        by=by,
    )


def _propose(membership: Membership, wanted: dict, by) -> SeatProposal:
    """File a chair's escalating change for an administrator, replacing a pending one."""
    SeatProposal.objects.filter(membership=membership, outcome=SeatProposal.Outcome.PENDING).update(
        outcome=SeatProposal.Outcome.WITHDRAWN, decided_at=_now()
    )
    proposal = SeatProposal.objects.create(
        membership=membership,
        category=wanted.get("category", ""),
        restricted_clearance=wanted.get("restricted_clearance"),
        proposed_by=by,
    )
    committee = membership.committee
    administrators = list(district_admins(committee))
    if committee.building_id:
        administrators += list(committee.building.administrators.filter(is_active=True))
    notifications.notify(
        recipients=administrators, kind=Kind.SEAT_PROPOSAL, subject=proposal, period="p", by=by
    )
    return proposal


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


@transaction.atomic
def membership_add(
    *,
    committee: Committee,
    user,
    category: str,
    position: str = Position.MEMBER,
    term_start: datetime.date | None = None,
    term_end: datetime.date | None = None,
    restricted_clearance: bool = False,
    by=None,
) -> Membership:
    """Seat a person. Clearance asked for by a chair becomes a proposal that an
    administrator confirms; the seat is added without it meanwhile
    (``membership.proposal`` is that proposal, or None)."""
    require_cap(by, Cap.MANAGE_MEMBERSHIP, committee)
    if by is not None and user.pk == by.pk:
        raise ValidationError(OWN_SEAT_REFUSAL)
    if user.district_id != committee.district_id:
        raise ValidationError(_("Only people of the committee's district can sit on it."))
    if Membership.objects.filter(committee=committee, user=user, ended_at__isnull=True).exists():
        raise ValidationError(
            _("%(name)s already has a seat on this committee.") % {"name": user.display_name}
        )
    membership = Membership(
        committee=committee,
        user=user,
        category=category,
        position=position,
        term_start=term_start or access.district_today(committee.district),
        term_end=term_end,
        restricted_clearance=restricted_clearance,
    )
    membership.full_clean()  # the policy refuses what nobody may grant
    wanted = {}
    if by is not None and not is_administrator(by, committee) and restricted_clearance:
        wanted = {"restricted_clearance": True}
        membership.restricted_clearance = False
    membership.save()
    change = MembershipChange.objects.create(
        committee=committee,
        membership=membership,
        action=MembershipChange.Action.ADDED,
        changes={k: [None, _jsonable(v)] for k, v in _snapshot(membership).items()},
        actor=by,
    )
    if membership.restricted_clearance:
        _tell_of_grant(change, by)
    membership.proposal = _propose(membership, wanted, by) if wanted else None
    permissions_sync(user=user, committee=committee)
    return membership


@transaction.atomic
def membership_change(*, membership: Membership, by=None, **values) -> Membership:
    """Change seat, position, term or clearance; every change is recorded.

    Nobody changes their own seat. A grant of clearance, or a move into a category the
    policy clears, is an administrator's: asked by a chair, it becomes a proposal
    (``membership.proposal``) and the rest of the change applies now.
    """
    require_cap(by, Cap.MANAGE_MEMBERSHIP, membership.committee)
    if own_seat(by, membership):
        raise ValidationError(OWN_SEAT_REFUSAL)
    unknown = set(values) - set(TRACKED)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} of a membership.")
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("committee__district", "committee__building")
        .get(pk=membership.pk)
    )
    if membership.ended_at is not None:
        raise ValidationError(_("This membership has ended; add the person again instead."))
    before = _snapshot(membership)
    fields_set(membership, values)
    membership.full_clean()  # the whole change must be one the policy allows
    wanted = {}
    if by is not None and not is_administrator(by, membership.committee):
        wanted = _escalation(membership.committee, before, _snapshot(membership))
        for name in wanted:
            setattr(membership, name, before[name])
    membership.proposal = _propose(membership, wanted, by) if wanted else None
    changes = {k: (before[k], v) for k, v in _snapshot(membership).items() if before[k] != v}
    if not changes:
        return membership
    membership.save(update_fields=list(changes))
    change = _record(membership, MembershipChange.Action.CHANGED, changes, by)
    _tell_of_grant(change, by)
    permissions_sync(user=membership.user, committee=membership.committee)
    return membership


@transaction.atomic
def seat_proposal_decide(*, proposal: SeatProposal, confirm: bool, by) -> SeatProposal:
    """An administrator confirms (the change applies, and is recorded and told) or
    declines a chair's proposal."""
    proposal = (
        SeatProposal.objects.select_for_update(of=("self",))
        .select_related("membership__committee__district", "membership__committee__building")
        .get(pk=proposal.pk)
    )
    membership = proposal.membership
    if by is not None and not is_administrator(by, membership.committee):
        raise PermissionDenied(
            "Only the building's or the district's administrator confirms or declines this."
        )
    if proposal.outcome != SeatProposal.Outcome.PENDING:
        raise ValidationError(_("This proposal has been decided already."))
    if confirm:
        values = {"restricted_clearance": True} if proposal.restricted_clearance else {}
        if proposal.category:
            values["category"] = proposal.category
        membership_change(membership=membership, by=by, **values)
    proposal.outcome = SeatProposal.Outcome.CONFIRMED if confirm else SeatProposal.Outcome.DECLINED
    proposal.decided_by, proposal.decided_at = by, _now()
    proposal.save(update_fields=["outcome", "decided_by", "decided_at"])
    return proposal


def seat_proposals_pending(user, committee: Committee):
    """The committee's proposals awaiting an administrator, for those who manage it."""
    return (
        access.visible(
            user,
            SeatProposal.objects.filter(
                membership__committee=committee, outcome=SeatProposal.Outcome.PENDING
            ),
        )
        .select_related("membership__user", "proposed_by")
        .order_by("proposed_at", "id")
    )


@transaction.atomic
def membership_end(*, membership: Membership, by=None) -> Membership:
    """Remove a member: their access ends with this transaction."""
    require_cap(by, Cap.MANAGE_MEMBERSHIP, membership.committee)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.ended_at is not None:
        return membership
    membership.ended_at = _now()
    membership.save(update_fields=["ended_at"])
    SeatProposal.objects.filter(membership=membership, outcome=SeatProposal.Outcome.PENDING).update(
        outcome=SeatProposal.Outcome.WITHDRAWN, decided_at=membership.ended_at
    )
    _record(membership, MembershipChange.Action.REMOVED, {}, by)
    permissions_sync(user=membership.user, committee=membership.committee)
    return membership


# --- named grants --------------------------------------------------------------------


def grant_refusal(user, record) -> str | None:
    """Why ``user`` may not be given ``record`` by a named grant, or None."""
    spec = access.spec_for(type(record))
    committee = Committee.objects.select_related("district").get(pk=spec.committee_id_of(record))
    return outsider_refusal(user, committee, access.effective_level(record))


def outsider_refusal(user, committee: Committee, level: str) -> str | None:
    """Why ``user`` may not be shown a record of ``committee`` at ``level``, or None.

    The rule for named grants and for assignees alike (ACCESS.md: the same
    eligibility rule as for clearance).
    """
    if not user.is_active:
        return _("%(name)s's account is not active.") % {"name": user.display_name}
    if user.district_id != committee.district_id:
        return _("Only people of the committee's district can be given a record.")
    if level == Level.RESTRICTED:
        today = access.district_today(committee.district)
        cleared = set(committee.district.cleared_categories)
        seats = Membership.objects.current(today).filter(
            user=user, committee__district=committee.district
        )
        for seat in seats:
            if seat.category not in cleared:
                return _(
                    "%(name)s sits on %(committee)s as a %(category)s member and so cannot see "
                    "restricted records under the district's policy (Connecticut C.G.S. 10-222m)."
                ) % {
                    "name": user.display_name,
                    "committee": seat.committee,
                    "category": seat.get_category_display().lower(),
                }
    return None
