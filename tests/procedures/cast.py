"""The cast's confidential procedures."""

from committees.models import Level
from procedures import services as procedure_services
from tests.cast_base import Cast, canary


def add_procedure(cast: Cast, committee_name: str) -> None:
    """A procedure per committee: its title is public, its words and copies restricted."""
    committee = getattr(cast, committee_name)
    procedure = procedure_services.procedure_create(
        committee=committee,
        kind="lockdown",
        title=f"Lockdown procedure ({committee_name})",
        body=canary("PROCEDURE-BODY", committee_name),
        owner=cast.chair if committee_name == "high" else None,
        by=None,
    )
    version = procedure_services.procedure_version_add(
        procedure=procedure,
        body=canary("PROCEDURE-BODY-V2", committee_name),
        note=canary("PROCEDURE-NOTE", committee_name),
        by=None,
    )
    review = procedure_services.procedure_review_record(
        procedure=procedure, note=canary("PROCEDURE-REVIEW", committee_name), by=None
    )
    if committee_name == "high":
        # A public title awaiting its second reader: as restricted as its procedure.
        pending = canary("PENDING-PROCEDURE-TITLE", committee_name)
        procedure_services.procedure_public_title_propose(
            procedure=procedure, public_title=pending, by=cast.secretary
        )
        cast.canaries[pending] = (committee_name, Level.RESTRICTED)
    copy = procedure_services.procedure_copy_record(
        procedure=procedure,
        given_to=canary("PROCEDURE-COPY", committee_name),
        how="printed",
        by=None,
    )
    for text in (version.body, version.note, review.note, copy.given_to):
        cast.canaries[text] = (committee_name, Level.RESTRICTED)
    cast.canaries[canary("PROCEDURE-BODY", committee_name)] = (committee_name, Level.RESTRICTED)
    procedure.refresh_from_db()  # reviewed since it was made
    cast.procedures[committee_name] = procedure
