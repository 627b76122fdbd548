"""Every write to the compliance calendar: the district's rules, each school's duties.

Who may do what: a district administrator keeps the district's profile and rules; those
who assign work on a school's committee (chair, principal, district administrator)
assign a duty's owner and co-reviewers and move its due date; the owner, or anyone who
assigns or records the committee's work, completes it. ``by`` None is the system (the
seed, another feature completing a duty through ``duty_fulfil``, the scan).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import access, uploads
from committees.access import Cap
from committees.models import Building, Committee, District, Level
from compliance import profiles
from compliance.models import (
    ComplianceProfile,
    CoReviewerRole,
    Duty,
    DutyKind,
    DutyReceipt,
    DutyReviewer,
    DutyRule,
    DutyStatus,
    Profile,
)

__all__ = [
    "duties_plan",
    "duty_assign",
    "duty_complete",
    "duty_fulfil",
    "duty_miss",
    "duty_reschedule",
    "duty_reviewer_add",
    "duty_reviewer_remove",
    "duty_rule_add",
    "duty_rule_update",
    "profile_set",
]

RECEIPT_MAX_BYTES = 20 * 2**20


def _require_district_admin(by, district: District) -> None:
    if by is None:
        return
    if not (by.is_active and by.is_district_admin and by.district_id == district.pk):
        raise PermissionDenied(_("Only the district's safety administrators keep its duties."))


def _require(by, cap, duty: Duty) -> None:
    if by is not None and not access.can(by, cap, duty):
        raise PermissionDenied(_("You may not change this duty."))


def may_complete(user, duty: Duty) -> bool:
    """The owner, those who assign the committee's work, and those who record it."""
    return access.can(user, access.UPDATE, duty) or access.can(user, Cap.RECORD_MEETINGS, duty)


def profile_of(district: District) -> str:
    profile = ComplianceProfile.objects.filter(district=district).first()
    return profile.profile if profile else Profile.CONNECTICUT


@transaction.atomic
def profile_set(*, district: District, profile: str, by, today: datetime.date | None = None):
    """Follow a state's profile: its duties enabled with the law's cadence, the other
    state's disabled (their duties stay on record); the district's own duties untouched.
    Each school then has its open duty of each enabled rule."""
    _require_district_admin(by, district)
    if profile not in Profile.values:
        raise ValidationError({"profile": _("Choose Connecticut or Massachusetts.")})
    ComplianceProfile.objects.update_or_create(
        district=district, defaults={"profile": profile, "updated_by": by}
    )
    specs = {spec.kind: spec for spec in profiles.PROFILES[profile]}
    rules = {r.kind: r for r in DutyRule.objects.filter(district=district).exclude(kind="other")}
    for kind, rule in rules.items():
        if kind not in specs and rule.enabled:
            rule.enabled = False
            rule.save(update_fields=["enabled"])
    for kind, spec in specs.items():
        values = spec.rule_values() | {"enabled": True}
        if kind in rules:
            rule = rules[kind]
            for name, value in values.items():
                setattr(rule, name, value)
            rule.save()
        else:
            DutyRule.objects.create(district=district, kind=kind, **values)
    return duties_plan(district=district, today=today)


def _rule_clean(rule: DutyRule) -> None:
    rule.title = rule.title.strip()
    if not rule.title:
        raise ValidationError({"title": _("Give the duty a title.")})
    rule.full_clean(exclude=["district"])


@transaction.atomic
def duty_rule_update(
    *,
    rule: DutyRule,
    by,
    every_months: int,
    due_month: int,
    due_day: int,
    enabled: bool,
    title: str | None = None,
    today: datetime.date | None = None,
) -> DutyRule:
    """Adjust a rule. Open duties keep their dates (move one by hand); the next ones
    follow the new cadence. A disabled rule's open duties leave the calendar and the
    reminders, and come back if it is enabled again."""
    _require_district_admin(by, rule.district)
    rule = DutyRule.objects.select_for_update().get(pk=rule.pk)
    rule.every_months, rule.due_month, rule.due_day = every_months, due_month, due_day
    rule.enabled = enabled
    if title is not None and rule.kind == DutyKind.OTHER:
        rule.title = title
    _rule_clean(rule)
    rule.save()
    if enabled:
        duties_plan(district=rule.district, today=today)
    return rule


@transaction.atomic
def duty_rule_add(
    *,
    district: District,
    title: str,
    every_months: int,
    due_month: int,
    due_day: int,
    by,
    today: datetime.date | None = None,
) -> DutyRule:
    """A duty of the district's own, for each of its schools."""
    _require_district_admin(by, district)
    rule = DutyRule(
        district=district,
        kind=DutyKind.OTHER,
        title=title,
        every_months=every_months,
        due_month=due_month,
        due_day=due_day,
    )
    _rule_clean(rule)
    rule.save()
    duties_plan(district=district, today=today)
    return rule


def duties_plan(*, district: District, today: datetime.date | None = None) -> int:
    """Give each school of the district its open duty of each enabled rule that it lacks,
    due on the rule's next day. In four queries, however many schools; how many were made.

    A district that never chose a profile follows Connecticut's: its rules are made the
    first time (the scan calls this each hour), as if its administrator had chosen it.
    """
    today = today or access.district_today(district)
    if not ComplianceProfile.objects.filter(district=district).exists():
        return profile_set(district=district, profile=Profile.CONNECTICUT, by=None, today=today)
    rules = list(DutyRule.objects.filter(district=district, enabled=True))
    schools = list(
        Committee.objects.filter(district=district, building__isnull=False).values_list(
            "pk", flat=True
        )
    )
    have = set(
        Duty.objects.filter(rule__in=rules, status=DutyStatus.OPEN).values_list(
            "rule_id", "committee_id"
        )
    )
    new = [
        Duty(
            rule=rule,
            committee_id=committee_id,
            kind=rule.kind,
            title=rule.title,
            due_on=profiles.first_due(rule, today),
        )
        for rule in rules
        for committee_id in schools
        if (rule.pk, committee_id) not in have
    ]
    Duty.objects.bulk_create(new)
    return len(new)


def _next(duty: Duty) -> Duty:
    """The next period's duty: same rule, owner and co-reviewers, a cycle later."""
    rule = duty.rule
    following = Duty.objects.create(
        rule=rule,
        committee=duty.committee,
        kind=rule.kind,
        title=rule.title,
        due_on=profiles.next_due(rule, duty.due_on),
        owner=duty.owner,
    )
    DutyReviewer.objects.bulk_create(
        DutyReviewer(duty=following, person_id=r.person_id, name=r.name, role=r.role)
        for r in duty.reviewers.all()
    )
    return following


def _locked(duty: Duty) -> Duty:
    return Duty.objects.select_for_update().select_related("rule", "committee").get(pk=duty.pk)


@transaction.atomic
def duty_complete(
    *,
    duty: Duty,
    by,
    note: str = "",
    files=(),
    restricted: bool = False,
    done_on: datetime.date | None = None,
) -> Duty:
    """Done: who, when, a note, the filed document or receipt. The next one opens a
    cycle later. A receipt marked restricted is for cleared members only."""
    duty = _locked(duty)  # as it stands now: its owner may have changed since it was read
    if by is not None and not may_complete(by, duty):
        raise PermissionDenied(_("You may not complete this duty."))
    if restricted and by is not None and not access.can(by, Cap.VIEW_RESTRICTED, duty):
        raise ValidationError(
            {"restricted": _("Only cleared members may keep a restricted receipt.")}
        )
    return _complete(duty, by, note, files, restricted, done_on)


def _complete(duty, by, note, files, restricted, done_on) -> Duty:
    uploads.uploads_check(files, max_bytes=RECEIPT_MAX_BYTES)
    duty = _locked(duty)
    if duty.status != DutyStatus.OPEN:
        raise ValidationError(_("This duty is no longer open."))
    today = access.district_today(duty.committee.district)
    done_on = done_on or today
    if done_on > today:
        raise ValidationError({"done_on": _("A duty cannot be done on a day still to come.")})
    duty.status = DutyStatus.DONE
    duty.done_on, duty.done_by, duty.done_at = done_on, by, timezone.now()
    duty.note = note.strip()
    duty.save(update_fields=["status", "done_on", "done_by", "done_at", "note"])
    for upload in files:
        receipt = DutyReceipt(
            duty=duty,
            file=upload,
            visibility=Level.RESTRICTED if restricted else Level.COMMITTEE,
            uploaded_by=by,
            **uploads.upload_facts(upload),
        )
        access.check_level(receipt)
        receipt.save()
    _next(duty)
    return duty


@transaction.atomic
def duty_fulfil(*, building: Building, kind: str, on: datetime.date, by, note: str = ""):
    """Complete the open duty of ``kind`` at ``building``'s school, as another feature
    does when its own work fulfils it (an assessment completed). The duty, or None when
    the district keeps no such duty there (a disabled rule, a school with no committee)."""
    duty = (
        Duty.objects.filter(
            committee__building=building, kind=kind, status=DutyStatus.OPEN, rule__enabled=True
        )
        .order_by("due_on")
        .first()
    )
    if duty is None:
        return None
    # The calling feature decided who may do its work; the duty records who did.
    return _complete(duty, by, note, (), False, on)


@transaction.atomic
def duty_miss(*, duty: Duty, on: datetime.date) -> Duty | None:
    """Its period ended undone (the scan decides when): missed, kept on record, and the
    next period's duty opened. None if it was done or missed meanwhile."""
    duty = _locked(duty)
    if duty.status != DutyStatus.OPEN:
        return None
    duty.status, duty.missed_on = DutyStatus.MISSED, on
    duty.save(update_fields=["status", "missed_on"])
    _next(duty)
    return duty


@transaction.atomic
def duty_assign(*, duty: Duty, owner, by) -> Duty:
    _require(by, Cap.ASSIGN_ACTION_ITEMS, duty)
    if owner is not None and (
        owner.district_id != duty.committee.district_id or not owner.is_active
    ):
        raise ValidationError({"owner": _("Choose an active person of the district.")})
    duty = _locked(duty)
    duty.owner = owner
    duty.save(update_fields=["owner"])
    return duty


@transaction.atomic
def duty_reschedule(*, duty: Duty, due_on: datetime.date, by) -> Duty:
    """Move an open duty's due date (a day of the district); the cycle is unchanged."""
    _require(by, Cap.ASSIGN_ACTION_ITEMS, duty)
    duty = _locked(duty)
    if duty.status != DutyStatus.OPEN:
        raise ValidationError(_("Only an open duty can be moved."))
    duty.due_on = due_on
    duty.save(update_fields=["due_on"])
    return duty


@transaction.atomic
def duty_reviewer_add(*, duty: Duty, role: str, by, person=None, name: str = "") -> DutyReviewer:
    """A co-reviewer: a person of the portal, or a guest named with their role."""
    _require(by, Cap.ASSIGN_ACTION_ITEMS, duty)
    name = name.strip()
    if (person is None) == (not name):
        raise ValidationError({"name": _("Choose a person of the portal, or name a guest.")})
    if person is not None and person.district_id != duty.committee.district_id:
        raise ValidationError({"person": _("Choose a person of the district.")})
    if role not in CoReviewerRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    return DutyReviewer.objects.create(duty=duty, person=person, name=name[:200], role=role)


@transaction.atomic
def duty_reviewer_remove(*, reviewer: DutyReviewer, by) -> None:
    _require(by, Cap.ASSIGN_ACTION_ITEMS, reviewer.duty)
    reviewer.delete()
