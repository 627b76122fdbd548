"""Settings for a Celery worker that a test starts in its own process."""

import os

from safety_portal.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.notifications.backends.FileTrailBackend"

# A test may shorten how long Redis waits before it hands an unacknowledged task
# (its worker killed) to another worker, and how often the worker looks for those.
if os.environ.get("WORKER_VISIBILITY_TIMEOUT"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
        "visibility_timeout": float(os.environ["WORKER_VISIBILITY_TIMEOUT"]),
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
