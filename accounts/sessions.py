"""Sessions in the database whose idle deadline slides at most once a minute.

A signed-in session ends after ``SESSION_IDLE_MINUTES`` without a request (shared school
computers). Saving the session on every request would keep that exact, but costs every
page a transaction that rewrites its row (three round trips to the database). Here a
request saves the session only when its deadline has drifted more than ``SLIDE`` from a
full idle period, so a person who keeps working is never signed out, and an idle one is
signed out within a minute of the set time.
"""

import datetime

from django.conf import settings
from django.contrib.sessions.backends import db
from django.utils import timezone

SLIDE = datetime.timedelta(minutes=1)


class SessionStore(db.SessionStore):
    def load(self) -> dict:
        session = self._get_session_from_db()
        if session is None:
            return {}
        idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        if session.expire_date - timezone.now() < idle - SLIDE:
            self.modified = True  # the response saves it, with a new deadline and cookie
        return self.decode(session.session_data)
