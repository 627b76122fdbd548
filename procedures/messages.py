"""What the procedures' notifications say, decided when they are sent.

Each builder declares its kind to the outbox (``@builds``) when
``ProceduresConfig.ready()`` loads this module; the gate is asked again as the
recipient (see ``committees.messages``).
"""

from django.urls import reverse

from committees.messages import builds, require_view
from notifications.content import Skip, attention
from notifications.models import Kind


@builds(Kind.PROCEDURE_REVIEW)
def procedure_review(row, user, procedure):
    """Restricted, always: the owner is told only that something needs attention."""
    if procedure.owner_id != user.pk:
        raise Skip("the person no longer owns the procedure")
    due = procedure.next_review_on
    if due is None or row.period != due.isoformat():
        raise Skip("the procedure was reviewed since")
    require_view(user, procedure)
    return attention(reverse("procedures:procedure", args=[procedure.pk]))
