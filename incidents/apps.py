from django.apps import AppConfig

from notifications import registry as outbox


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents, drills and concerns"

    def ready(self) -> None:
        # Told to the outbox, which imports no feature, once the models have loaded:
        # what incidents' messages say (messages.py declares them with @builds as it
        # loads) and what their scan finds.
        from incidents import messages, scans  # noqa: F401

        outbox.scan_register(scan=scans.scan)
