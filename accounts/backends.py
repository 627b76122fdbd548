"""Signing in and reading the signed-in person, with their district.

Every signed-in page reads the person's district (its time zone, the categories it
clears): ``get_user`` loads it in the same query as the person, one query less on
every request. A service account never signs in, whatever its row says.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PortalBackend(ModelBackend):
    def get_user(self, user_id):
        # ``get``, not ``first``: no ORDER BY (the person's Meta.ordering is by name) to
        # build and compile for a read of one row by its key, on every request.
        users = get_user_model()._default_manager.select_related("district")
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user) -> bool:
        # A service account has no password, and no session either: only its tokens.
        return super().user_can_authenticate(user) and not user.is_service_account
