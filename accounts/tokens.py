"""The API's token authentication: django-rest-knox's, with the last use on record.

A call with ``Authorization: Token <key>`` is made as the token's owner, with their
rights exactly: the gate decides on every request, as for their session. Knox refuses
(401) a key it does not know (never made, or revoked: the row is deleted), a token past
its expiry (and deletes it) and an owner who may no longer sign in (``is_active``).
"""

from zoneinfo import ZoneInfo

from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox import auth

from accounts import services


class TokenAuthentication(auth.TokenAuthentication):
    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        services.api_token_mark_used(token=token)
        if user.district_id:
            # As DistrictTimeZoneMiddleware does for a session (it cannot see a token):
            # the same answer, and the same ETag, whichever way the person calls.
            timezone.activate(ZoneInfo(user.district.time_zone))
        return user, token


class TokenScheme(KnoxTokenScheme):
    """How the OpenAPI schema tells the token (drf-spectacular knows knox's class only)."""

    target_class = TokenAuthentication
