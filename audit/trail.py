"""What goes into the audit trail, and how it is read back.

Changes: every model that joined the access gate is registered with django-auditlog,
which records who (the request's user, through its middleware; elsewhere the person
given to auditlog's ``set_actor``, as the demo does), when, which record and each field
before and after. Reads of restricted records: ``committees.access.record_reads``. Disclosures:
``committees.services.disclosure_record``, called where a record is shared or copied.
"""

import datetime

from auditlog.registry import auditlog
from django.db import models
from django.db.models import Q

from audit.models import AuditEntry
from committees import access
from committees.models import MembershipChange

# History tables of their own, kept as they are: their rows are written together with
# a change that the trail already holds.
NOT_TRACKED = {MembershipChange}


def register_gated_models() -> None:
    for model in access.REGISTRY:
        if model not in NOT_TRACKED and not auditlog.contains(model):
            # The record's own columns only: auditlog would otherwise read each reverse
            # one-to-one (a meeting's summary), a query per save that also leaves the
            # caller's instance believing the related row does not exist.
            auditlog.register(model, include_fields=[f.name for f in model._meta.concrete_fields])


# --- reading the trail ------------------------------------------------------------------

KINDS = {
    "change": Q(
        action__in=[AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE, AuditEntry.Action.DELETE]
    ),
    "read": Q(action=AuditEntry.Action.ACCESS),
    "disclosure": Q(action=AuditEntry.Action.DISCLOSE),
}


def district_trail(
    *,
    district_id: int,
    person: int | None = None,
    record: str = "",
    kind: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    tz=None,
) -> models.QuerySet:
    """A district's trail, newest first, filtered by person, record, kind and dates.

    ``record`` is "<app>.<model>:<id>" (as the record's own page links to it) or words
    of the record's name.
    """
    entries = AuditEntry.objects.filter(district_id=district_id).select_related(
        "actor", "content_type", "disclosed_to"
    )
    if person:
        entries = entries.filter(actor_id=person)
    if record:
        entries = entries.filter(_record_q(record))
    if kind in KINDS:
        entries = entries.filter(KINDS[kind])
    if since:
        entries = entries.filter(timestamp__gte=_midnight(since, tz))
    if until:
        entries = entries.filter(timestamp__lt=_midnight(until + datetime.timedelta(days=1), tz))
    return entries.order_by("-timestamp", "-pk")


def _record_q(record: str) -> Q:
    label, _, pk = record.partition(":")
    if pk.isdigit() and "." in label:
        app_label, _, model = label.partition(".")
        return Q(content_type__app_label=app_label, content_type__model=model.lower(), object_id=pk)
    return Q(object_repr__icontains=record)


def _midnight(day: datetime.date, tz) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=tz or datetime.UTC)
