"""What the incidents' notifications say, decided when they are sent.

Each builder declares its kind to the outbox (``@builds``) when
``IncidentsConfig.ready()`` loads this module; the gate is asked again as the
recipient (see ``committees.messages``). A restricted incident (a threat) is
never described.
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from committees import access
from committees.access import Cap
from committees.messages import builds, recipient_today, require_view
from committees.models import Committee, Level
from incidents import cadence
from notifications.content import Content, Skip, attention, day, when
from notifications.models import Kind
from safety_portal.school_calendar import school_year_of

# --- incidents and concerns -----------------------------------------------------------------


@builds(Kind.INCIDENT_REPORTED)
def incident_reported(row, user, incident):
    """To the school's chairs and administrators; a restricted one (a threat) is not described."""
    require_view(user, incident)
    link = reverse("incidents:detail", args=[incident.pk])
    if incident.visibility == Level.RESTRICTED:
        return attention(link)
    return Content(
        subject=_("An incident was reported at %(school)s") % {"school": incident.building.name},
        lines=[
            f"{incident.get_kind_display()} ({incident.get_severity_display().lower()}), "
            f"{incident.area}",
            _("When: %(when)s") % {"when": when(incident.occurred_at)},
            _("It waits in the committee's queue for triage."),
        ],
        link=link,
        link_text=_("Open the incident"),
    )


@builds(Kind.CONCERN_RECEIVED)
def concern_received(row, user, concern):
    """To the school's chairs and administrators, without the sender's name or contact."""
    require_view(user, concern)
    link = reverse("incidents:concern", args=[concern.pk])
    if concern.visibility == Level.RESTRICTED:
        return attention(link)
    return Content(
        subject=_("A community concern about %(school)s") % {"school": concern.building.name},
        lines=[
            _("Where: %(place)s") % {"place": concern.location},
            _("Reference %(reference)s; it waits in the committee's queue.")
            % {"reference": concern.reference},
        ],
        link=link,
        link_text=_("Open the concern"),
    )


# --- drills -------------------------------------------------------------------------------


def _drill_period(row, user, committee: Committee):
    """The period the row is about, as the calendar stands now: the one who records
    drills (or a building administrator) hears of it while it still needs them."""
    if not access.can(user, Cap.RECORD_MEETINGS, committee):
        raise Skip("the person no longer records this committee's drills")
    starts = datetime.date.fromisoformat(row.period)
    _, calendars = cadence.calendars(
        committee.district, [committee.pk], school_year_of(starts), recipient_today(user)
    )
    period = next((p for p in calendars.get(committee.pk, []) if p.starts == starts), None)
    if period is None:
        raise Skip("the school calendar changed")
    return period


@builds(Kind.DRILL_DUE)
def drill_due(row, user, committee):
    period = _drill_period(row, user, committee)
    if period.status != cadence.DUE or period.planned is not None:
        raise Skip("the drill was planned or held since, or its period is over")
    return Content(
        subject=_("A drill is due at %(school)s") % {"school": committee.building.name},
        lines=[
            _("The district's drill rule asks for this drill, and none is planned yet:"),
        ],
        items=[
            _("%(kind)s drill, between %(starts)s and %(ends)s")
            % {"kind": period.kind_label, "starts": day(period.starts), "ends": day(period.ends)}
        ],
        link=reverse("incidents:drills", args=[committee.pk]),
        link_text=_("Plan or log the drill"),
    )


@builds(Kind.DRILL_MISSED)
def drill_missed(row, user, committee):
    period = _drill_period(row, user, committee)
    if period.status != cadence.MISSING:
        raise Skip("a drill was recorded for that period since")
    return Content(
        subject=_("A drill was missed at %(school)s") % {"school": committee.building.name},
        lines=[
            _(
                "This period ended without the drill the district's rule asks for. If it was "
                "held, record it; otherwise say why at the committee's next meeting."
            ),
        ],
        items=[
            _("%(kind)s drill, between %(starts)s and %(ends)s")
            % {"kind": period.kind_label, "starts": day(period.starts), "ends": day(period.ends)}
        ],
        link=reverse("incidents:drills", args=[committee.pk])
        + f"?year={school_year_of(period.starts)}",
        link_text=_("Open the drill calendar"),
    )
