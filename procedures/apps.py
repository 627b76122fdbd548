from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = "Confidential procedures"

    def ready(self):
        # committees imports nothing of procedures: they join its registries here.
        from procedures import registrations

        registrations.register()
