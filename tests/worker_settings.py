"""Settings for a Celery worker that a test starts in its own process."""

from safety_portal.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.notifications.backends.FileTrailBackend"
