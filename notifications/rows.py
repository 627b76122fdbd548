"""Writing the outbox's rows: once each, whoever writes them and however often."""

from collections.abc import Iterable

from django.db.models import Model, Q

from notifications.models import Notification
from notifications.registry import Row


def label(record: Model) -> str:
    return record._meta.label_lower


def write(rows: Iterable[Row]) -> list[int]:
    """Insert (recipient id, kind, subject, period) rows, once each; the pending ids.

    A row that exists already (same recipient, kind, subject and period) is left
    alone, so scans and retried requests write nothing twice.
    """
    return insert(
        Notification(
            recipient_id=recipient_id,
            kind=kind,
            subject_type=label(subject),
            subject_id=subject.pk,
            period=str(period),
        )
        for recipient_id, kind, subject, period in rows
        if recipient_id is not None
    )


def insert(rows: Iterable[Notification]) -> list[int]:
    """Insert unsaved rows, skipping those that exist; the ids of the pending ones."""
    new = list(rows)
    if not new:
        return []
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    match = Q(pk__in=[])
    for row in new:
        match |= Q(
            recipient_id=row.recipient_id,
            subscription_id=row.subscription_id,
            kind=row.kind,
            subject_type=row.subject_type,
            subject_id=row.subject_id,
            period=row.period,
        )
    return list(
        Notification.objects.filter(match, status=Notification.Status.PENDING).values_list(
            "pk", flat=True
        )
    )
