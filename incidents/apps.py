from django.apps import AppConfig

from notifications import registry as outbox


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents, drills and concerns"

    def ready(self) -> None:
        # Told to the outbox, which imports no feature, once the models have loaded:
        # what incidents' messages say (messages.py declares them with @builds as it
        # loads) and what their scan finds; and to the core's hooks, the figures a
        # school's public page shows.
        from incidents import messages, registrations, scans  # noqa: F401

        outbox.scan_register(scan=scans.scan)
        registrations.register()
