"""Named grants: one record shared with one person, and every disclosure on record.

The grant is a guardian permission on the record, written and removed only here, in
the same transaction as its ``NamedGrantRecord`` and its audit entry.
"""

from auditlog import get_logentry_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from committees import access
from committees.access import Cap
from committees.models import Level, NamedGrantRecord
from committees.services.membership import district_admins, grant_refusal, require_cap
from notifications import services as notifications
from notifications.models import Kind


@transaction.atomic
def named_grant_add(*, record: models.Model, user, by=None) -> None:
    """Share one record with one person, e.g. the fire marshal who is not a member."""
    spec = access.spec_for(type(record))
    if not spec.named_grants:
        raise TypeError(f"{type(record).__name__} cannot be shared by a named grant.")
    require_cap(by, Cap.MANAGE_MEMBERSHIP, record)
    refusal = grant_refusal(user, record)
    if refusal:
        raise ValidationError(refusal)
    if named_grants_of(record).filter(pk=user.pk).exists():
        return
    assign_perm(access.view_permission(type(record)), user, record)
    access.forget(user)
    disclosure_record(record=record, by=by, to=user, via="named_grant")
    entry = _record_grant(record, user, NamedGrantRecord.Action.SHARED, by)
    # A restricted record shared by name is a disclosure the district's safety
    # administrators hear of (ACCESS.md, "Separation of duties").
    if entry.level == Level.RESTRICTED and by is not None:
        notifications.notify(
            recipients=district_admins(entry.committee),
            kind=Kind.ACCESS_GRANTED,
            subject=entry,
            period="p",
            by=by,
        )


@transaction.atomic
def named_grant_remove(*, record: models.Model, user, by=None) -> None:
    require_cap(by, Cap.MANAGE_MEMBERSHIP, record)
    if not named_grants_of(record).filter(pk=user.pk).exists():
        return
    remove_perm(access.view_permission(type(record)), user, record)
    access.forget(user)
    disclosure_record(record=record, by=by, to=user, via="named_grant", ended=True)
    _record_grant(record, user, NamedGrantRecord.Action.STOPPED, by)


def disclosure_record(
    *, record: models.Model, by, via: str, to=None, to_name: str = "", ended: bool = False
) -> None:
    """Keep in the audit trail that ``record`` was handed on, or no longer is.

    FERPA (34 CFR 99.32) asks for a record of each disclosure: to whom, by whom, when.
    ``via`` is "named_grant" or "copy"; ``to`` a person of the portal, or ``to_name``
    whoever received a copy.
    """
    entry = get_logentry_model()
    name = to_name or (to.display_name if to is not None else "")
    change = {"no longer shared with": [name, None]} if ended else {"disclosed to": [None, name]}
    entry.objects.log_create(
        record,
        force_log=True,
        action=entry.Action.DISCLOSE,
        changes=change,
        actor=by,
        actor_email=getattr(by, "email", None),
        via=via,
        disclosed_to=to,
    )


def _record_grant(record: models.Model, user, action: str, by) -> NamedGrantRecord:
    spec = access.spec_for(type(record))
    return NamedGrantRecord.objects.create(
        committee_id=spec.committee_id_of(record),
        record_type=record._meta.label_lower,
        record_id=record.pk,
        level=access.effective_level(record),
        person=user,
        action=action,
        actor=by,
    )


def named_grants_of(record: models.Model):
    """The people a record is shared with by a named grant."""
    return get_users_with_perms(
        record,
        only_with_perms_in=[f"view_{type(record)._meta.model_name}"],
        with_superusers=False,
        with_group_users=False,
    ).order_by("last_name", "first_name")
