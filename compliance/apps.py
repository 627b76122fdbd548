from django.apps import AppConfig

from notifications import registry as outbox


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Compliance calendar"

    def ready(self) -> None:
        # The outbox and the core import no feature: the calendar's messages (declared
        # with @builds as messages.py loads), its scan, and its committee page's link
        # and panel join their registries here.
        from compliance import messages, registrations, scans  # noqa: F401

        outbox.scan_register(scan=scans.scan)
        registrations.register()
