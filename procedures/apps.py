from django.apps import AppConfig

from notifications import registry as outbox


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = "Confidential procedures"

    def ready(self):
        # committees imports nothing of procedures, and the outbox no feature: procedures
        # join their registries here (messages.py declares its kinds as it loads).
        from procedures import messages, registrations, scans  # noqa: F401

        registrations.register()
        outbox.scan_register(scan=scans.scan)
