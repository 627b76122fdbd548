"""Writes about accounts that are not a committee's: the password e-mail's throttle and
the person's API tokens."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.models import ApiToken, PasswordResetRequest, User

# How stale a token's last use may be on record (one write a minute at most).
LAST_USED_STEP = datetime.timedelta(minutes=1)


def _key(kind: str, value: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"password-reset-{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()


@transaction.atomic
def password_reset_request_record(*, address: str, email: str) -> None:
    """Count a request for a password e-mail, or refuse it past the limit.

    ``settings.PASSWORD_RESET_LIMIT`` requests from one address, or for one e-mail
    address, within the sign-in lockout window (``AXES_COOLOFF_TIME``); a refused
    request is not counted, so the refusal ends by itself when the window has passed
    the last accepted one. Whether the e-mail belongs to an account plays no part:
    the answer must not tell.
    """
    now = timezone.now()
    window = settings.AXES_COOLOFF_TIME
    address_key = _key("address", address)
    email_key = _key("email", email.strip().lower())
    PasswordResetRequest.objects.filter(requested_at__lt=now - window).delete()
    recent = PasswordResetRequest.objects.filter(requested_at__gte=now - window)
    by_address = recent.filter(address_key=address_key).count()
    by_email = recent.filter(email_key=email_key).count()
    if max(by_address, by_email) >= settings.PASSWORD_RESET_LIMIT:
        minutes = int(window.total_seconds() // 60)
        raise ValidationError(
            ngettext(
                "Too many password e-mails were asked for, for this address or from this "
                "network. Try again in %(minutes)d minute.",
                "Too many password e-mails were asked for, for this address or from this "
                "network. Try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
            code="rate_limited",
        )
    PasswordResetRequest.objects.create(
        address_key=address_key, email_key=email_key, requested_at=now
    )


def api_token_create(*, user: User, name: str, days: int) -> tuple[ApiToken, str]:
    """A new API token of ``user``, valid ``days`` days, and its key (shown once: only a
    digest is kept). The lifetime is one of ``ApiToken.Lifetime``; none is endless."""
    if days not in ApiToken.Lifetime.values:
        raise ValidationError("Choose how long the token lasts.", code="lifetime")
    return ApiToken.objects.create(user=user, expiry=datetime.timedelta(days=days), name=name)


def api_token_revoke(*, token: ApiToken) -> None:
    """Revoke a token: its row is gone, so the next call with its key is refused."""
    token.delete()


def api_token_mark_used(*, token: ApiToken) -> None:
    """Put a call with ``token`` on record, at most once a minute: a script that calls
    many times a minute costs one UPDATE a minute, not a write per request."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_STEP:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
