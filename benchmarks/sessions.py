"""A signed-in session written straight to the database, as a sign-in leaves it.

The load tool then sends its cookie; no login form, no password hashing in the run.
Only Django's own auth and sessions: the floors use it as the product does.
"""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.contrib.sessions.backends.db import SessionStore


def session_for(user) -> str:
    """A new session of ``user``; its key (the value of the ``sessionid`` cookie)."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key
