"""Mail backends for the outbox's fault tests."""

import os
import smtplib
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


class RefusingBackend(BaseEmailBackend):
    """A mail server that hangs up on every message."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class CountingBackend(EmailBackend):
    """Django's in-memory backend, counting the connections opened to it (opening an
    open one does nothing, as with the SMTP backend)."""

    opened = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_open = False

    def open(self):
        if self.is_open:
            return False
        self.is_open = True
        CountingBackend.opened += 1
        return True

    def close(self):
        self.is_open = False
