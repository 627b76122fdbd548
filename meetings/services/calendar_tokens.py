"""A member's private calendar address: made on first use, replaced on demand."""

import secrets

from django.db import transaction

from meetings.models import CalendarToken

__all__ = ["calendar_token_get", "calendar_token_reset"]


def calendar_token_get(*, user) -> CalendarToken:
    """The person's private calendar address, made on first use."""
    token, _created = CalendarToken.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token


@transaction.atomic
def calendar_token_reset(*, user) -> CalendarToken:
    """A new secret: the old address stops working at once (a lost phone, a shared link)."""
    token = calendar_token_get(user=user)
    token.token = secrets.token_urlsafe(32)
    token.save(update_fields=["token", "created_at"])
    return token
