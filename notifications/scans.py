"""The hourly scan: what the features' registered scans find due, written once.

Run hourly by the beat. Each feature's scan (``notifications.registry``) looks at its
own dates, each district in its local day, and hands back batches of rows; each
batch is written in one transaction. Every row is unique per (recipient, kind,
subject, period), so a second run on the same local day writes nothing new, and a run
that was missed is made up by the next. Nothing is scheduled days ahead.
"""

import datetime

from django.db import transaction

from notifications import registry
from notifications.rows import write


def scan(*, now: datetime.datetime | None = None, district_ids=None) -> int:
    """Write the reminders due at ``now`` in every district (or those of ``district_ids``:
    the demo's, seeded beside others); how many rows were new."""
    now = now or datetime.datetime.now(datetime.UTC)
    written = 0
    for feature_scan in registry.scans():
        for batch in feature_scan(now=now, district_ids=district_ids):
            with transaction.atomic():
                written += len(write(batch))
    return written
