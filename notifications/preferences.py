"""How each person wants each kind of message, and what their district makes mandatory.

The district's list of mandatory kinds is checked here, where the kinds are known.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from notifications.models import Kind, Mode, Preference


def mandatory_kinds_check(*, kinds) -> None:
    """A district's mandatory kinds: a list of known kinds, or a ValidationError."""
    if not isinstance(kinds, list) or not set(kinds) <= set(Kind.values):
        raise ValidationError(
            {"mandatory_notifications": "List kinds from: " + ", ".join(Kind.values) + "."}
        )


def mandatory(user) -> set[str]:
    district = user.district
    return set(district.mandatory_notifications) if district else set()


def mode_for(user, kind: str) -> str:
    """How ``user`` wants ``kind``: right away unless they chose otherwise and may."""
    return modes_for([(user, kind)])[user.pk, kind]


def modes_for(wanted: Iterable[tuple[Any, str]]) -> dict[tuple[int, str], str]:
    """(person id, kind) -> how each person wants each kind, in one query for them all
    (the outbox asks for a batch of messages at once)."""
    wanted = list(wanted)
    rows = Preference.objects.filter(
        user_id__in={user.pk for user, _kind in wanted}, kind__in={kind for _user, kind in wanted}
    ).values_list("user_id", "kind", "mode")
    chosen = {(user_id, kind): mode for user_id, kind, mode in rows}
    return {
        (user.pk, kind): Mode.IMMEDIATE
        if kind in mandatory(user)
        else chosen.get((user.pk, kind), Mode.IMMEDIATE)
        for user, kind in wanted
    }


@transaction.atomic
def preferences_save(
    *, user, modes: dict[str, str], due_soon_days: int | None = None, language: str | None = None
) -> None:
    """Save a person's choices; a kind the district made mandatory cannot be switched off."""
    unknown = set(modes) - set(Kind.values)
    if unknown:
        raise ValidationError(f"Unknown kinds: {', '.join(sorted(unknown))}.")
    forced = {k for k, mode in modes.items() if k in mandatory(user) and mode != Mode.IMMEDIATE}
    if forced:
        names = ", ".join(str(Kind(k).label) for k in sorted(forced))
        raise ValidationError(f"The district requires these to be sent right away: {names}.")
    for kind, mode in modes.items():
        if mode not in Mode.values:
            raise ValidationError(f"Unknown choice {mode!r}.")
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"mode": mode})
    fields = []
    if due_soon_days is not None:
        user.due_soon_days = due_soon_days
        fields.append("due_soon_days")
    if language is not None:
        user.language = language
        fields.append("language")
    if fields:
        user.full_clean(validate_unique=False)
        user.save(update_fields=fields)
