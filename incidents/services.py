"""Incidents: reported by anyone of the district, triaged by the committee, never leaked."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from committees import access
from committees.access import Cap
from committees.models import Building, Committee, Level, Membership, Position
from committees.workflow import status_move
from followups import services as followups
from followups.models import ActionItem
from incidents.models import FollowUp, Incident, IncidentEvent
from notifications import services as notifications
from notifications.models import Kind, WebhookEvent

__all__ = [
    "incident_action_item",
    "incident_report",
    "incident_set_level",
    "incident_set_status",
    "incident_triage",
]


def _can_triage(by, obj) -> bool:
    return access.can(by, access.VIEW, obj) and access.can(by, Cap.ASSIGN_ACTION_ITEMS, obj)


def require_triage(by, record, noun: str = "incident") -> None:
    if by is not None and not _can_triage(by, record):
        raise PermissionDenied(f"Only the committee's chairs and administrators triage {noun}s.")


def tell_triagers(record, *, kind: str, by=None) -> None:
    """Tell the school's chairs and building administrators that ``record`` has arrived.

    Written in the caller's transaction, sent after it commits; what the message says is
    decided then, through the gate (a restricted record is not described).
    """
    today = access.district_today(record.building.district)
    chairs = Membership.objects.current(today).filter(
        committee_id=record.committee_id,
        position__in=[Position.CHAIR, Position.CO_CHAIR],
        user__is_active=True,
    )
    recipients = {*chairs.values_list("user_id", flat=True)}
    recipients |= {*record.building.administrators.values_list("pk", flat=True)}
    notifications.notify(recipients=recipients, kind=kind, subject=record, period="new", by=by)


def _floor(incident: Incident) -> str:
    """The lowest level the incident may have: restricted for the district's named types."""
    restricted = incident.kind in incident.building.district.restricted_incident_types
    return Level.RESTRICTED if restricted else Level.COMMITTEE


@transaction.atomic
def incident_report(
    *,
    building: Building,
    occurred_at: datetime.datetime,
    area: str,
    kind: str,
    severity: str,
    description: str,
    by,
    people_involved: str = "",
    immediate_actions: str = "",
) -> Incident:
    """Any signed-in person of the building's district reports; the building's committee
    receives it. A threat is restricted from the first moment."""
    if by is not None and (not by.is_active or by.district_id != building.district_id):
        raise PermissionDenied("You may report incidents in your own district only.")
    committee = Committee.objects.filter(building=building).order_by("pk").first()
    if committee is None:
        raise ValidationError({"building": "This building has no safety committee yet."})
    incident = Incident(
        building=building,
        committee=committee,
        occurred_at=occurred_at,
        area=area.strip(),
        kind=kind,
        severity=severity,
        description=description.strip(),
        people_involved=people_involved.strip(),
        immediate_actions=immediate_actions.strip(),
        reporter=by,
    )
    incident.visibility = _floor(incident)
    incident.full_clean()
    incident.save()
    IncidentEvent.objects.create(incident=incident, to_status=incident.status, actor=by)
    tell_triagers(incident, kind=Kind.INCIDENT_REPORTED, by=by)
    notifications.webhook_emit(
        district_id=building.district_id, event=WebhookEvent.INCIDENT_REPORTED, subject=incident
    )
    return incident


def status_change(record, *, status: str, by, note: str, event_model, noun: str):
    """Move ``record`` along its model's ``WORKFLOW``, recording who, when and why.

    Shared by incidents and concerns; the caller checks who may do it. ``event_model``
    is the history table, whose foreign key to the record is named ``noun``.
    """
    record = type(record).objects.select_for_update().get(pk=record.pk)
    record.WORKFLOW.check(record.status, status)
    if not note.strip():
        raise ValidationError({"note": "Say why (it stays on the record)."})
    return status_move(
        record,
        workflow=record.WORKFLOW,
        to=status,
        history=lambda before, after: event_model.objects.create(
            **{noun: record}, from_status=before, to_status=after, note=note.strip(), actor=by
        ),
    )


@transaction.atomic
def incident_set_status(*, incident: Incident, status: str, by, note: str) -> Incident:
    """Move along ``Incident.TRANSITIONS``; every step says why."""
    require_triage(by, incident)
    return status_change(
        incident, status=status, by=by, note=note, event_model=IncidentEvent, noun="incident"
    )


def hand_on(record, *, committee: Committee, by, note: str, first_step, event_model, noun: str):
    """Hand an incident or a concern to another committee of its district, on the record.

    A new one takes its first step (``first_step``: from, to) with the reason;
    otherwise the hand-over is an event of its own. The caller checks the giver.
    """
    record = type(record).objects.select_for_update().select_related("building").get(pk=record.pk)
    if committee.district_id != record.building.district_id:
        raise ValidationError({"committee": "Choose a committee of the same district."})
    if committee.pk == record.committee_id:
        raise ValidationError({"committee": f"The {noun} is with that committee already."})
    if by is not None and not _can_triage(by, committee):
        raise PermissionDenied(f"You may not hand {noun}s to that committee.")
    if not note.strip():
        raise ValidationError({"note": "Say why (it stays on the record)."})
    note = f"Handed to {committee.name}: {note.strip()}"[:500]
    record.committee = committee
    record.save(update_fields=["committee"])
    start, then = first_step
    if record.status == start:
        return status_change(
            record, status=then, by=by, note=note, event_model=event_model, noun=noun
        )
    event_model.objects.create(
        **{noun: record}, from_status=record.status, to_status=record.status, note=note, actor=by
    )
    return record


@transaction.atomic
def incident_triage(*, incident: Incident, committee: Committee, by, note: str) -> Incident:
    """Hand the incident to the committee that takes it up (of the same district)."""
    require_triage(by, incident)
    return hand_on(
        incident,
        committee=committee,
        by=by,
        note=note,
        first_step=(Incident.Status.REPORTED, Incident.Status.TRIAGED),
        event_model=IncidentEvent,
        noun="incident",
    )


@transaction.atomic
def incident_set_level(*, incident: Incident, visibility: str, by) -> Incident:
    """Raise or lower the level, never below the floor: a threat stays restricted."""
    require_triage(by, incident)
    incident = (
        Incident.objects.select_for_update()
        .select_related("building__district")
        .get(pk=incident.pk)
    )
    if _floor(incident) == Level.RESTRICTED and visibility != Level.RESTRICTED:
        raise ValidationError(
            {
                "visibility": "A threat report stays restricted: family and student members "
                "may never see it (C.G.S. 10-222m)."
            }  # fmt: skip
        )
    if visibility == Level.PUBLIC:
        raise ValidationError({"visibility": "Incidents are never public."})
    incident.visibility = visibility
    incident.save(update_fields=["visibility"])
    access.raise_contents(incident)  # its follow-ups are never less strict than it
    return incident


@transaction.atomic
def incident_action_item(*, incident: Incident, title: str, by, **values) -> ActionItem:
    """A follow-up from the incident, at its level, on its committee, linked back."""
    require_triage(by, incident)
    item = followups.action_item_create(
        committee=incident.committee,
        title=title,
        by=by,
        source=ActionItem.Source.INCIDENT,
        source_detail=f"Incident {incident.pk}: {incident.get_kind_display()}, "
        f"{incident.occurred_at:%Y-%m-%d}",
        visibility=incident.visibility,
        **values,
    )
    FollowUp.objects.create(item=item, incident=incident)
    return item
