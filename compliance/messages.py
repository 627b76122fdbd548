"""What the compliance calendar's notifications say, decided when they are sent.

Each builder declares its kind to the outbox (``@builds``) when
``ComplianceConfig.ready()`` loads this module; the gate is asked again as the
recipient. A duty is a committee-level record: a message names its title, its school
and its due date, never its completion note or a receipt. Were a duty ever restricted
(along its chain), the message would say only that something needs attention.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from committees import access
from committees.messages import builds, recipient_today, require_view
from compliance.models import Duty, DutyStatus
from compliance.selectors import status_of
from notifications.content import Content, Skip, attention, day
from notifications.models import Kind


def _duty(row, user, duty: Duty, *, status: str = DutyStatus.OPEN) -> str:
    """The duty's link, once it is sure the message still holds and may be sent."""
    if duty.status != status:
        raise Skip("the duty was done or missed since")
    if row.period != duty.due_on.isoformat():
        raise Skip("the duty's due date moved since")
    if status == DutyStatus.OPEN and not duty.rule.enabled:
        raise Skip("the district no longer keeps this duty")
    require_view(user, duty)
    return reverse("compliance:duty", args=[duty.pk])


def _content(duty, link, subject, line, link_text) -> Content:
    if access.effective_level(duty) == access.RESTRICTED:
        return attention(link)
    school = duty.committee.building.name if duty.committee.building_id else duty.committee.name
    return Content(
        subject=subject % {"school": school},
        lines=[line],
        items=[_("%(duty)s, due %(due)s") % {"duty": duty.shown_title, "due": day(duty.due_on)}],
        link=link,
        link_text=link_text,
    )


@builds(Kind.DUTY_DUE)
def duty_due(row, user, duty: Duty):
    if duty.owner_id != user.pk:
        raise Skip("the person no longer owns the duty")
    link = _duty(row, user, duty)
    if status_of(duty, recipient_today(user)) == "upcoming":
        raise Skip("not due yet")
    return _content(
        duty,
        link,
        _("A compliance duty falls due at %(school)s"),
        _("A duty you own falls due soon. Complete it, with its receipt, on its page."),
        _("Open the duty"),
    )


@builds(Kind.DUTY_OVERDUE)
def duty_overdue(row, user, duty: Duty):
    if duty.owner_id != user.pk:
        raise Skip("the person no longer owns the duty")
    link = _duty(row, user, duty)
    if status_of(duty, recipient_today(user)) != "overdue":
        raise Skip("not overdue")
    return _content(
        duty,
        link,
        _("A compliance duty is overdue at %(school)s"),
        _("A duty you own is past its due date. Complete it, or ask for a new due date."),
        _("Open the duty"),
    )


@builds(Kind.DUTY_ESCALATED)
def duty_escalated(row, user, duty: Duty):
    link = _duty(row, user, duty)
    return _content(
        duty,
        link,
        _("A compliance duty is long overdue at %(school)s"),
        _("This duty is long past its due date. If it is not done soon, its period ends missed."),
        _("Open the duty"),
    )


@builds(Kind.DUTY_MISSED)
def duty_missed(row, user, duty: Duty):
    link = _duty(row, user, duty, status=DutyStatus.MISSED)
    return _content(
        duty,
        link,
        _("A compliance duty was missed at %(school)s"),
        _("Its period ended undone; it stays on record as missed, and the next one is open."),
        _("Open the duty"),
    )
