"""How incidents join the core's registries, called once from ``IncidentsConfig.ready()``.

A school's public page (in publishing) shows drills held against the district's
schedule; it imports nothing of this app, which adds its figures to the core's hook.
"""

from committees import hooks, webhooks
from compliance import registry as compliance_calendar
from compliance.models import DutyKind
from incidents import receipts, selectors
from notifications import registry as outbox
from notifications.models import Kind, WebhookEvent
from safety_portal.school_calendar import district_today


def _drill_figures(district, committee_ids) -> dict:
    """Drills held against those owed so far, counts only. Never hidden under the
    small-count threshold: a drill is no person, and "fewer than 5 of 4 required" says
    nothing (the threshold keeps people who could be recognised out of counts)."""
    drills = selectors.public_drill_figures(district, committee_ids, district_today(district))
    return {"drills": drills}


def _drill_figures_api(data, threshold: int) -> dict | None:
    """What the page says of drills, as JSON."""
    drills = data["drills"]
    if drills is None:
        return None
    return {"held": drills.held, "required_so_far": drills.required}


def _incident_fields(incident) -> dict:
    # What an integration needs to act on: never the free text (what happened, who).
    return {
        "building": incident.building_id,
        "committee": incident.committee_id,
        "occurred_at": incident.occurred_at.isoformat(),
        "kind": incident.kind,
        "severity": incident.severity,
        "status": incident.status,
        "visibility": incident.visibility,
    }


def incident_told(incident, account) -> dict:
    return webhooks.told(incident, account, kind="incident", fields=_incident_fields)


def register() -> None:
    # The annual drills report duty is done from the school's drill calendar, where the
    # report is built from the drills on record.
    compliance_calendar.duty_link_register(
        kind=DutyKind.DRILL_REPORT,
        label="The drill calendar and its annual report",
        url_name="incidents:drills",
    )
    outbox.webhook_register(event=WebhookEvent.INCIDENT_REPORTED, build=incident_told)
    outbox.sender_message_register(kind=Kind.CONCERN_RECEIPT, compose=receipts.receipt_compose)
    figures = hooks.SchoolFigures(
        "incidents/includes/public_drills.html",
        _drill_figures,
        name="drills",
        api=_drill_figures_api,
    )
    if figures not in hooks.SCHOOL_PUBLIC_FIGURES:
        hooks.SCHOOL_PUBLIC_FIGURES.append(figures)
