"""Drills: planned, held, observed and scored; the problems found become action items."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from committees import access, public_cache
from committees.access import Cap
from committees.models import Building, Committee, District, Level
from committees.records import fields_set
from followups import services as followups
from followups.models import ActionItem
from incidents.models import Drill, DrillCadence, DrillObserver, DrillProblem, SchoolYear
from safety_portal.school_calendar import school_year_days

__all__ = [
    "drill_cadence_set",
    "drill_held",
    "drill_observer_add",
    "drill_plan",
    "drill_problem_action_item",
    "drill_problem_add",
    "school_year_set",
]


def _require(by, cap: Cap, obj, message: str) -> None:
    if by is not None and not (access.can(by, Cap.VIEW, obj) and access.can(by, cap, obj)):
        raise PermissionDenied(message)


def _require_recorder(by, drill_or_committee) -> None:
    _require(
        by,
        Cap.RECORD_MEETINGS,
        drill_or_committee,
        "Only the committee's chair, secretary and administrators record drills.",
    )


def _require_district_admin(by, district: District) -> None:
    if by is not None and not (
        by.is_active and by.is_district_admin and by.district_id == district.pk
    ):
        raise PermissionDenied("Only the district's safety administrators set this.")


def _committee_of(building: Building) -> Committee:
    committee = Committee.objects.filter(building=building).order_by("pk").first()
    if committee is None:
        raise ValidationError({"building": "This building has no safety committee yet."})
    return committee


@transaction.atomic
def drill_plan(
    *,
    building: Building,
    kind: str,
    by,
    planned_for: datetime.date | None = None,
    held_at: datetime.datetime | None = None,
    duration_minutes: int | None = None,
    participants: int | None = None,
    notes: str = "",
    visibility: str = Level.COMMITTEE,
) -> Drill:
    """Put a drill on the building's calendar: planned, or already held (then log it)."""
    committee = _committee_of(building)
    _require_recorder(by, committee)
    if planned_for is None and held_at is None:
        raise ValidationError({"planned_for": "Give the planned date or when it was held."})
    if visibility == Level.PUBLIC:
        raise ValidationError({"visibility": "Drill records are never public."})
    drill = Drill(
        building=building,
        committee=committee,
        kind=kind,
        planned_for=planned_for,
        held_at=held_at,
        duration_minutes=duration_minutes,
        participants=participants,
        notes=notes.strip(),
        visibility=visibility,
        recorded_by=by,
    )
    drill.full_clean()
    drill.save()
    if held_at is not None:
        public_cache.bump_on_commit(building.district_id)  # the public drill count
    return drill


@transaction.atomic
def drill_held(
    *,
    drill: Drill,
    held_at: datetime.datetime,
    by,
    duration_minutes: int | None = None,
    participants: int | None = None,
    notes: str = "",
) -> Drill:
    """Record that a planned drill took place (or correct when it did)."""
    _require_recorder(by, drill)
    drill = Drill.objects.select_for_update().get(pk=drill.pk)
    drill.held_at = held_at
    drill.duration_minutes = duration_minutes
    drill.participants = participants
    if notes.strip():
        drill.notes = notes.strip()
    drill.full_clean()
    drill.save(update_fields=["held_at", "duration_minutes", "participants", "notes"])
    public_cache.bump_on_commit(drill.building.district_id)
    return drill


@transaction.atomic
def drill_observer_add(
    *, drill: Drill, name: str, role: str, by, score: int | None = None, remarks: str = ""
) -> DrillObserver:
    """An observer's evaluation, e.g. the police evaluator's score and remarks."""
    _require_recorder(by, drill)
    observer = DrillObserver(
        drill=drill, name=name.strip(), role=role.strip(), score=score, remarks=remarks.strip()
    )
    observer.full_clean()
    observer.save()
    return observer


@transaction.atomic
def drill_problem_add(*, drill: Drill, description: str, by) -> DrillProblem:
    _require_recorder(by, drill)
    problem = DrillProblem(drill=drill, description=description.strip())
    problem.full_clean()
    problem.save()
    return problem


@transaction.atomic
def drill_problem_action_item(*, problem: DrillProblem, title: str, by, **values) -> ActionItem:
    """The problem becomes a follow-up of the committee, at the drill's level, linked both ways."""
    problem = DrillProblem.objects.select_for_update().select_related("drill").get(pk=problem.pk)
    drill = problem.drill
    _require(
        by,
        Cap.ASSIGN_ACTION_ITEMS,
        drill,
        "Only the committee's chairs and administrators create follow-ups.",
    )
    if problem.action_item_id is not None:
        raise ValidationError({"title": "This problem already has a follow-up."})
    item = followups.action_item_create(
        committee=drill.committee,
        title=title,
        by=by,
        source=ActionItem.Source.DRILL,
        source_detail=f"{drill}: {problem.description[:120]}",
        visibility=drill.visibility,
        **values,
    )
    problem.action_item = item
    problem.save(update_fields=["action_item"])
    return item


@transaction.atomic
def school_year_set(
    *, district: District, year: int, first_day: datetime.date, last_day: datetime.date, by
) -> SchoolYear:
    """The district's school calendar for a year: the drill cadence counts from its first day."""
    _require_district_admin(by, district)
    school_year = SchoolYear.objects.filter(district=district, year=year).first() or SchoolYear(
        district=district, year=year
    )
    school_year.first_day, school_year.last_day = first_day, last_day
    school_year.full_clean(validate_constraints=False)
    if last_day <= first_day:
        raise ValidationError({"last_day": "The last day of school comes after the first."})
    first, next_first = school_year_days(year)
    if not (first <= first_day < next_first):
        raise ValidationError({"first_day": f"The {year}–{year + 1} school year starts in it."})
    school_year.save()
    public_cache.bump_on_commit(district.pk)
    return school_year


@transaction.atomic
def drill_cadence_set(*, district: District, by, **rule) -> DrillCadence:
    """The district's drill rule; ``profile="connecticut"`` restores the state's rule."""
    _require_district_admin(by, district)
    cadence = DrillCadence.objects.filter(district=district).first() or DrillCadence(
        district=district
    )
    if rule.get("profile") == DrillCadence.Profile.CONNECTICUT:
        rule = {
            field.name: field.default
            for field in DrillCadence._meta.concrete_fields
            if field.name not in ("id", "district")
        }
    fields_set(cadence, rule)
    cadence.full_clean()
    cadence.save()
    public_cache.bump_on_commit(district.pk)
    return cadence
