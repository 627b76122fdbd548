"""Signing in and reading the signed-in person, with their district.

Every signed-in page reads the person's district (its time zone, the categories it
clears): ``get_user`` loads it in the same query as the person, one query less on
every request. A service account never signs in, whatever its row says.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PortalBackend(ModelBackend):
    def get_user(self, user_id):
        user = (
            get_user_model()._default_manager.select_related("district").filter(pk=user_id).first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user) -> bool:
        # A service account has no password, and no session either: only its tokens.
        return super().user_can_authenticate(user) and not user.is_service_account
