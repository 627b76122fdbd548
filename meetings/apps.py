from django.apps import AppConfig

from notifications import registry as outbox


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings"

    def ready(self):
        # committees imports nothing of meetings, and the outbox no feature: meetings join
        # their registries here (messages.py declares its kinds as it loads).
        from meetings import messages, registrations, scans  # noqa: F401

        registrations.register()
        outbox.scan_register(scan=scans.scan)
