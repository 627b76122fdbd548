"""The procedures' reminders, found by the outbox's hourly scan: reviews falling due.

Registered with the outbox in ``ProceduresConfig.ready()``: for each district, in its
local day, one batch of rows, written by the outbox in one transaction and once each.
"""

import datetime
from zoneinfo import ZoneInfo

from committees.models import District
from committees.scans import districts_scanned
from notifications.models import Kind
from procedures.models import Procedure

# A procedure's owner hears this many days before its review falls due.
REVIEW_NOTICE_DAYS = 30


def scan(*, now: datetime.datetime, district_ids=None):
    """A batch of rows per district, in the district's local day."""
    for district in districts_scanned(district_ids):
        yield _reviews(district, now.astimezone(ZoneInfo(district.time_zone)).date())


def _reviews(district: District, today: datetime.date):
    """Procedures due for review within a month, or overdue: to their owners."""
    for procedure in Procedure.objects.filter(
        committee__district=district, owner__isnull=False, owner__is_active=True
    ):
        due = procedure.next_review_on
        if due is not None and (due - today).days <= REVIEW_NOTICE_DAYS:
            yield procedure.owner_id, Kind.PROCEDURE_REVIEW, procedure, due.isoformat()
