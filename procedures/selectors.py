"""Reads of procedures that carry rules: the public index, the guard's restricted text."""

import datetime
from collections.abc import Iterable

from django.db.models import F, OuterRef, Q, Subquery

from committees.models import Committee, District
from procedures.models import Procedure, ProcedureReview, ProcedureVersion


def public_procedures(district: District):
    """The district's procedures as the public may know them: public title and last review.

    A deliberate public projection (docs/access.md, "Aggregates"): a procedure is
    restricted, but its title and the date it was last reviewed are meant for the
    public index; nothing else is read.
    """
    return (
        Procedure.objects.filter(committee__district=district)
        .exclude(public_title="")  # its public title awaits a second person's approval
        .order_by("public_title")
        .values("public_title", "kind", "last_reviewed_on")
    )


def restricted_text(committee: Committee, since: datetime.datetime) -> Iterable[str]:
    """Procedures are always restricted: versions of the last year and every current one.

    A current version stays confidential however old it is. The district committee's
    procedures (the emergency operations plan) cover every school, so they guard each
    school's public text too. The redaction guard reads this (``redaction.RESTRICTED_TEXT``).
    """
    mine = Q(procedure__committee=committee) | Q(
        procedure__committee__district_id=committee.district_id,
        procedure__committee__building__isnull=True,
    )
    current = ProcedureVersion.objects.filter(procedure=OuterRef("procedure")).order_by("-number")
    versions = ProcedureVersion.objects.filter(mine).annotate(
        current=Subquery(current.values("pk")[:1])
    )
    for body, note in versions.filter(Q(created_at__gte=since) | Q(pk=F("current"))).values_list(
        "body", "note"
    ):
        yield from (body, note)
    yield from ProcedureReview.objects.filter(mine, reviewed_on__gte=since.date()).values_list(
        "note", flat=True
    )
