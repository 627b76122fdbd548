"""Reads of the incidents app that carry rules, already narrowed by the access gate."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Q

from committees import access
from committees.access import Cap
from committees.models import Committee, Membership
from followups.models import ActionItem
from incidents import cadence
from incidents.models import Concern, Incident
from safety_portal.school_calendar import school_year_of


@dataclass(frozen=True)
class BuildingWork:
    """What a committee's school asks of it now: for the 'My committees' cards."""

    open_incidents: int = 0
    new_concerns: int = 0
    drills_due: int = 0
    drills_missing: int = 0


def building_work(
    user, committees: list[Committee], today: datetime.date
) -> dict[int, BuildingWork]:
    """Open incidents and new concerns the user may see, drills due and missing this school
    year: five queries for any number of committees."""
    ids = [c.pk for c in committees if c.building_id]
    if not ids:
        return {}

    def per_committee(queryset) -> Counter:
        seen = access.visible(user, queryset, committees=ids)
        rows = seen.values("committee_id").annotate(n=Count("id"))
        return Counter({row["committee_id"]: row["n"] for row in rows})

    incidents = per_committee(Incident.objects.filter(status__in=Incident.OPEN))
    concerns = per_committee(Concern.objects.filter(status=Concern.Status.RECEIVED))
    district = user.district  # the committees' own: districts are walled off
    _, calendars = cadence.calendars(district, ids, school_year_of(today), today)
    result = {}
    for pk in ids:
        drills = cadence.summary(calendars.get(pk, []))
        result[pk] = BuildingWork(incidents[pk], concerns[pk], drills.due, drills.missing)
    return result


@dataclass(frozen=True)
class DrillFigures:
    held: int
    required: int  # owed by today under the district's cadence


def public_drill_figures(district, committee_ids, today: datetime.date) -> DrillFigures | None:
    """Drills held this school year against those owed so far: a public aggregate, counts
    only (docs/access.md, "Aggregates"). None until the district sets its school calendar."""
    school_year, calendars = cadence.calendars(
        district, committee_ids, school_year_of(today), today
    )
    if school_year is None or not calendars:
        return None
    summaries = [cadence.summary(periods) for periods in calendars.values()]
    return DrillFigures(
        held=sum(s.held for s in summaries), required=sum(s.required_so_far for s in summaries)
    )


def incidents_shared_with(user):
    """Incidents shared with me by a named grant, of committees I do not sit on (my own
    reports are under "My reports").

    It starts from my grants, read first (a few ids), and the gate decides on those: the
    gate's test alone weighs every incident of the state.
    """
    member_of = access.scope_for(user).committees(Cap.VIEW)
    granted = access.shared_by_name(user, Incident)
    if not granted:
        return Incident.objects.none()
    return (
        access.visible(user, Incident.objects.filter(pk__in=granted).select_related("building"))
        .exclude(committee_id__any=member_of)
        .exclude(reporter=user)
        .order_by("-occurred_at", "-id")
    )


def sees_sender(user, concern: Concern) -> bool:
    """Whether ``user`` may read a concern's sender (name and contact): those who triage
    it, never family or student members (personal data to those who need it).

    Members cleared for restricted records and the building's and district's
    administrators hold ``view_restricted``; a chair assigns the committee's work and
    sees it too, unless they sit on a committee in a category the policy does not clear.
    """
    return concern.committee_id in concern_triage_committees(user)


def concern_triage_committees(user) -> set[int]:
    """The committees whose concerns ``user`` triages, sender and all (``sees_sender``)."""
    scope = access.scope_for(user)
    ids = set(scope.committees(Cap.VIEW_RESTRICTED))
    if scope.grant_eligible:
        ids.update(scope.committees(Cap.ASSIGN_ACTION_ITEMS))
    return ids


def concerns_to_triage(user):
    """The concerns ``user`` triages, through the gate: the API's concerns. Members who
    do not triage (family, student, uncleared staff) read none of them there."""
    return access.visible(user, Concern.objects.all(), committees=concern_triage_committees(user))


def follow_up_items(user, *, incident=None, concern=None):
    """The action items made from an incident or a concern that ``user`` may see (an
    item may be stricter than its source, or assigned outside the committee)."""
    source = {"origin__incident": incident} if incident else {"origin__concern": concern}
    items = ActionItem.objects.filter(**source).select_related("assignee")
    return access.visible(user, items).order_by("due_date", "pk")


def own_reports(user):
    """Everything ``user`` reported, newest first, whatever its level now: what they
    reported (its kind, the school, when) and where it stands, with ``openable`` saying
    whether the gate lets them open it. A threat report becomes restricted at once: the
    parent who sent it follows its status here, and never reads its details again (its
    area, what happened, who: only the fields below are read)."""
    mine = Incident.objects.filter(reporter=user)
    openable = access.visible(user, mine).values("pk")
    return (
        mine.select_related("building")
        .only("kind", "building__name", "occurred_at", "status", "visibility")
        .annotate(openable=ExpressionWrapper(Q(pk__in=openable), output_field=BooleanField()))
        .order_by("-occurred_at", "-pk")
    )


def home_building_id(user) -> int | None:
    """The school of the reporter's seat (the first by the school's name, for someone
    on several): the report form starts there. None for someone who sits on no school's
    committee (a district administrator chooses each time)."""
    seats = Membership.objects.current(access.scope_for(user).today).filter(
        user=user, committee__building__isnull=False, committee__district_id=user.district_id
    )
    return (
        seats.order_by("committee__building__name")
        .values_list("committee__building_id", flat=True)
        .first()
    )
