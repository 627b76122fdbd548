"""Confidential procedures: written and reviewed by those who record the committee's work."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from committees import access, public_cache
from committees.access import Cap
from committees.models import Committee, PublicTextChange
from committees.services.grants import disclosure_record
from committees.services.public_text import public_text_propose
from procedures.models import Procedure, ProcedureCopy, ProcedureReview, ProcedureVersion

__all__ = [
    "procedure_copy_record",
    "procedure_create",
    "procedure_public_title_propose",
    "procedure_review_record",
    "procedure_version_add",
]


def _require(by, obj) -> None:
    """``by`` None is the system (seed). Others: may see it, and record the committee's work."""
    if by is None:
        return
    if not access.can(by, Cap.RECORD_MEETINGS, obj) or not access.can(by, Cap.VIEW_RESTRICTED, obj):
        raise PermissionDenied("You may not change this committee's procedures.")


@transaction.atomic
def procedure_create(
    *,
    committee: Committee,
    kind: str,
    title: str,
    body: str,
    by,
    owner=None,
    review_every_months: int = 12,
) -> Procedure:
    _require(by, committee)
    title = title.strip()
    procedure = Procedure(
        committee=committee,
        kind=kind,
        title=title,
        owner=owner or by,
        review_every_months=review_every_months,
    )
    procedure.full_clean()
    procedure.save()
    procedure_version_add(procedure=procedure, body=body, note="First version", by=by)
    # The title is proposed for the public index: the guard reads it now, and a second
    # person with publish rights approves it before the index lists the procedure.
    procedure_public_title_propose(procedure=procedure, public_title=title, by=by)
    return procedure


@transaction.atomic
def procedure_public_title_propose(
    *, procedure: Procedure, public_title: str, by
) -> PublicTextChange | None:
    """The title the public index shows: proposed here, public once approved (four eyes)."""
    _require(by, procedure)
    if not public_title.strip():
        raise ValidationError({"public_title": "Give the procedure a public title."})
    try:
        return public_text_propose(
            kind=PublicTextChange.Kind.PROCEDURE,
            record=procedure,
            texts={"public_title": public_title},
            by=by,
        )
    except ValidationError as error:
        raise ValidationError(
            {"title": "The title is public; " + " ".join(error.messages)}
        ) from None


@transaction.atomic
def procedure_version_add(
    *, procedure: Procedure, body: str, by, note: str = ""
) -> ProcedureVersion:
    _require(by, procedure)
    if not body.strip():
        raise ValidationError({"body": "Write the procedure."})
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    number = (procedure.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return ProcedureVersion.objects.create(
        procedure=procedure, number=number, body=body.strip(), note=note.strip(), created_by=by
    )


@transaction.atomic
def procedure_review_record(
    *, procedure: Procedure, by, note: str = "", reviewed_on: datetime.date | None = None
) -> ProcedureReview:
    """The procedure was reviewed (changed or not); the cycle starts again from that day."""
    _require(by, procedure)
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    reviewed_on = reviewed_on or access.district_today(procedure.committee.district)
    review = ProcedureReview.objects.create(
        procedure=procedure,
        version=procedure.versions.first(),
        reviewed_on=reviewed_on,
        reviewed_by=by,
        note=note.strip(),
    )
    if procedure.last_reviewed_on is None or reviewed_on > procedure.last_reviewed_on:
        procedure.last_reviewed_on = reviewed_on
        procedure.save(update_fields=["last_reviewed_on"])
        public_cache.bump_on_commit(procedure.committee.district_id)
    return review


@transaction.atomic
def procedure_copy_record(
    *, procedure: Procedure, given_to: str, how: str, by, note: str = ""
) -> ProcedureCopy:
    """Record a copy given or exported. Anyone who may read it records what they hand on."""
    if by is not None and not access.can(by, access.VIEW, procedure):
        raise PermissionDenied("You may not see this procedure.")
    if not given_to.strip():
        raise ValidationError({"given_to": "Say who received the copy."})
    copy = ProcedureCopy(
        procedure=procedure,
        version=procedure.versions.first(),
        given_by=by,
        given_to=given_to.strip(),
        how=how,
        note=note.strip(),
    )
    copy.full_clean()
    copy.save()
    disclosure_record(record=procedure, by=by, via="copy", to_name=copy.given_to)
    return copy
