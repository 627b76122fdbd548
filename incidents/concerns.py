"""Community concerns: sent by anyone without signing in, triaged by the committee.

The sender's name and contact are committee data; the public sees a concern only
through its reference number, and then only its building, status and date.
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from committees.models import Building, Committee, District
from followups import services as followups
from followups.models import ActionItem
from incidents.models import Concern, ConcernEvent, FollowUp
from incidents.receipts import address_of
from incidents.services import hand_on, require_triage, status_change, tell_triagers
from notifications import services as outbox
from notifications.models import Kind

__all__ = [
    "concern_action_item",
    "concern_public_status",
    "concern_set_status",
    "concern_submit",
    "concern_triage",
]

# Easy to read aloud and copy: no 0/O, 1/I/L.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8
RATE_WINDOW = datetime.timedelta(hours=1)


def source_key(address: str) -> str:
    """A keyed hash of the sender's address: enough to count, never to recover it."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"concern-source:{address}".encode(), hashlib.sha256
    ).hexdigest()


def _new_reference() -> str:
    while True:
        reference = "C-" + "".join(
            secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH)
        )
        if not Concern.objects.filter(reference=reference).exists():
            return reference


def _lock(key: str) -> None:
    """Serialize submissions from one source until the transaction ends, so that two at
    once cannot both pass the limit. SQLite (the demo) writes one at a time anyway."""
    if connection.vendor == "postgresql":
        number = int.from_bytes(bytes.fromhex(key[:16]), "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def _over_limit(district: District) -> ValidationError:
    message = _("You have sent several concerns in the last hour. Please try again later.")
    if district.tip_line:
        message += " " + _("If it cannot wait, call the district's tip line: %(tip_line)s.") % {
            "tip_line": district.tip_line
        }
    message += " " + _("In an emergency, call %(number)s.") % {"number": district.emergency_number}
    return ValidationError(message, code="rate_limited")


@transaction.atomic
def concern_submit(
    *,
    building: Building,
    location: str,
    description: str,
    address: str,
    name: str = "",
    contact: str = "",
) -> Concern:
    """Anyone sends a concern about a building; the building's committee receives it.

    ``address`` is the sender's network address: only its keyed hash is kept, to hold
    the limit of ``settings.CONCERN_RATE_LIMIT`` concerns an hour from one address.
    """
    committee = Committee.objects.filter(building=building).order_by("pk").first()
    if committee is None:
        raise ValidationError({"building": _("This school has no safety committee yet.")})
    key = source_key(address)
    _lock(key)
    now = timezone.now()
    recent = Concern.objects.filter(source_key=key, created_at__gte=now - RATE_WINDOW).count()
    if recent >= settings.CONCERN_RATE_LIMIT:
        raise _over_limit(building.district)
    concern = Concern(
        reference=_new_reference(),
        building=building,
        committee=committee,
        location=location.strip(),
        description=description.strip(),
        name=name.strip(),
        contact=contact.strip(),
        language=translation.get_language() or "",
        status_changed_at=now,
        source_key=key,
        created_at=now,
    )
    concern.full_clean()
    concern.save()
    ConcernEvent.objects.create(concern=concern, to_status=concern.status, actor=None)
    tell_triagers(concern, kind=Kind.CONCERN_RECEIVED)
    if address_of(concern):
        outbox.sender_notify(
            kind=Kind.CONCERN_RECEIPT,
            subject=concern,
            period="received",
            district_id=concern.building.district_id,
        )
    return concern


@transaction.atomic
def concern_set_status(*, concern: Concern, status: str, by, note: str) -> Concern:
    """Move along ``Concern.TRANSITIONS``; every step says why. The public sees the status."""
    require_triage(by, concern, "concern")
    return status_change(
        concern, status=status, by=by, note=note, event_model=ConcernEvent, noun="concern"
    )


@transaction.atomic
def concern_triage(*, concern: Concern, committee: Committee, by, note: str) -> Concern:
    """Hand the concern to the committee that takes it up (of the same district)."""
    require_triage(by, concern, "concern")
    return hand_on(
        concern,
        committee=committee,
        by=by,
        note=note,
        first_step=(Concern.Status.RECEIVED, Concern.Status.UNDER_REVIEW),
        event_model=ConcernEvent,
        noun="concern",
    )


@transaction.atomic
def concern_action_item(*, concern: Concern, title: str, by, **values) -> ActionItem:
    """A follow-up from the concern, at its level, on its committee, linked back."""
    require_triage(by, concern, "concern")
    item = followups.action_item_create(
        committee=concern.committee,
        title=title,
        by=by,
        source=ActionItem.Source.CONCERN,
        # Never the reference number: with it, anyone reads the concern's status, and the
        # sender is the one who holds it.
        source_detail=f"Community concern: {concern.building.name}, {concern.created_at:%Y-%m-%d}",
        visibility=concern.visibility,
        **values,
    )
    FollowUp.objects.create(item=item, concern=concern)
    return item


def concern_public_status(*, district: District, reference: str) -> Concern | None:
    """The concern a reference number names, in this district, for its public status.

    Callers show its building, status and date only: nothing the sender wrote.
    """
    reference = "".join(reference.split())
    if not reference:
        return None
    return (
        Concern.objects.filter(building__district=district, reference__iexact=reference)
        .select_related("building")
        .only("reference", "status", "status_changed_at", "building__name")
        .first()
    )
