"""What the meetings' services share: who may record a meeting, and the next place in a list."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max

from committees import access
from committees.access import Cap
from meetings.models import Meeting


def require_recorder(by, obj) -> None:
    """``by`` None is the system itself (seed, tasks).

    A meeting is written only by someone who records meetings and may see it: an
    uncleared secretary does not touch a restricted executive session's parts.
    """
    if by is None:
        return
    if not access.can(by, Cap.RECORD_MEETINGS, obj):
        raise PermissionDenied("You may not record this committee's meetings.")
    if isinstance(obj, Meeting) and not access.can(by, access.VIEW, obj):
        raise PermissionDenied("You may not record this committee's meetings.")


def next_order(rows) -> int:
    """The place after the last of a meeting's agenda items or minutes sections."""
    return (rows.aggregate(n=Max("order"))["n"] or 0) + 1


def require_started(meeting: Meeting, refusal: str) -> None:
    """Refuse what only happens once a meeting has begun (its start in UTC against now)."""
    if not meeting.has_started():
        raise ValidationError(refusal)
