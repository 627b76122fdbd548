from django.apps import AppConfig

from notifications import registry as outbox


class FollowupsConfig(AppConfig):
    name = "followups"
    verbose_name = "Follow-ups"

    def ready(self):
        # committees imports nothing of follow-ups, and the outbox no feature: follow-ups
        # join their registries here (messages.py declares its kinds as it loads).
        from followups import messages, registrations, scans  # noqa: F401

        registrations.register()
        outbox.scan_register(scan=scans.scan)
