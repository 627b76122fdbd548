"""The compliance calendar's reminders, found by the outbox's hourly scan.

Registered with the outbox in ``ComplianceConfig.ready()``: for each district, in its
local day, one batch of rows, written by the outbox in one transaction and once each
(a row is unique per recipient, kind, duty and period; a duty's period is its due date).

It costs what falls due, not what the table holds: it reads the open duties of enabled
rules due within the notice ahead (done and missed ones are never read), through the
index of open duties by due date. It also sets the missed state: a duty whose period
ended undone (``profiles.missed_on``) turns missed, stays on record, and the next
period's duty opens. And each school gets its open duty of each enabled rule
(``duties_plan``), so a school added since is on the calendar the next hour.
"""

import datetime
from zoneinfo import ZoneInfo

from committees.models import District
from committees.scans import (
    CHAIRS,
    administrators_by_committee,
    districts_scanned,
    members_by_committee,
)
from compliance import profiles, services
from compliance.models import Duty, DutyStatus
from compliance.selectors import DUE_NOTICE_DAYS
from notifications.models import Kind

# A missed duty is told of for this many days after it turned missed (a later scan
# makes up for one that did not run), then left to the calendar.
MISSED_NOTICE_DAYS = 7


def scan(*, now: datetime.datetime, district_ids=None):
    """A batch of rows per district, in the district's local day."""
    for district in districts_scanned(district_ids):
        today = now.astimezone(ZoneInfo(district.time_zone)).date()
        services.duties_plan(district=district, today=today)
        yield list(_duties(district, today))


def _district_admins(district: District) -> list[int]:
    return list(
        district.people.filter(is_active=True, is_district_admin=True).values_list("pk", flat=True)
    )


def _duties(district: District, today: datetime.date):
    """Due within the notice: to the owner. Overdue: to the owner. Long overdue
    (the district's escalation days): to the chairs and the building's administrators,
    or the district's administrators where a school has none. Missed: to all of them."""
    escalate_from = today - datetime.timedelta(days=district.escalation_days)
    open_ = list(
        Duty.objects.filter(
            committee__district=district,
            status=DutyStatus.OPEN,
            rule__enabled=True,
            due_on__lte=today + datetime.timedelta(days=DUE_NOTICE_DAYS),
        )
        .select_related("rule", "committee__district")
        .order_by("due_on", "pk")
    )
    missed = [d for d in open_ if today >= profiles.missed_on(d.rule, d.due_on)]
    for duty in missed:
        services.duty_miss(duty=duty, on=profiles.missed_on(duty.rule, duty.due_on))
    missed_ids = {d.pk for d in missed}
    recently = Duty.objects.filter(
        committee__district=district,
        status=DutyStatus.MISSED,
        missed_on__gte=today - datetime.timedelta(days=MISSED_NOTICE_DAYS),
    ).exclude(pk__in=missed_ids)
    missed += list(recently)
    late = {d.committee_id for d in open_ if d.pk not in missed_ids and d.due_on <= escalate_from}
    late |= {d.committee_id for d in missed}
    chairs = members_by_committee(late, today, CHAIRS)
    admins = administrators_by_committee(late)
    district_admins = _district_admins(district) if late else []

    def above(committee_id: int) -> set[int]:
        people = {*chairs.get(committee_id, []), *admins.get(committee_id, [])}
        return people or set(district_admins)

    for duty in open_:
        if duty.pk in missed_ids:
            continue
        due = duty.due_on.isoformat()
        if duty.owner_id is not None:
            kind = Kind.DUTY_OVERDUE if duty.due_on < today else Kind.DUTY_DUE
            yield duty.owner_id, kind, duty, due
        if duty.due_on <= escalate_from:
            for user_id in sorted(above(duty.committee_id)):
                yield user_id, Kind.DUTY_ESCALATED, duty, due
    for duty in missed:
        people = above(duty.committee_id) | set(district_admins)
        if duty.owner_id is not None:
            people.add(duty.owner_id)
        for user_id in sorted(people):
            yield user_id, Kind.DUTY_MISSED, duty, duty.due_on.isoformat()
