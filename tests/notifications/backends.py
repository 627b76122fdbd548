"""Mail backends for the outbox's fault tests."""

import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend


class SlowMemoryBackend(EmailBackend):
    """Django's in-memory backend, a little slow, so that concurrent senders overlap."""

    def send_messages(self, messages):
        time.sleep(0.05)
        return super().send_messages(messages)


class FileTrailBackend(BaseEmailBackend):
    """For a worker in another process: writes a line per message really sent.

    SENDING_MAIL_FILE is touched when a send starts; SLOW_MAIL_SECONDS later the
    message is appended to SENT_MAIL_FILE, so a test can kill the worker between.
    """

    def send_messages(self, messages):
        Path(os.environ["SENDING_MAIL_FILE"]).touch()
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0")))
        with Path(os.environ["SENT_MAIL_FILE"]).open("a") as trail:
            for message in messages:
                trail.write(f"{message.to[0]} {message.subject}\n".replace("\n", " ") + "\n")
        return len(messages)
