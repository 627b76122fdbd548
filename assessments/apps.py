from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Security assessments"

    def ready(self):
        # committees imports nothing of assessments, and the outbox no feature: assessments
        # join their registries here (messages.py declares its kinds as it loads).
        from assessments import messages, registrations  # noqa: F401

        registrations.register()
