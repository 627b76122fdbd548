from django.apps import AppConfig

from notifications import registry as outbox


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Publishing"

    def ready(self) -> None:
        # committees imports nothing of publishing, and the outbox no feature: publishing
        # joins the core's registries here, and tells the outbox what its e-mails to the
        # public's subscribers say. These modules read models, so they load once the
        # models have.
        from publishing import registrations, subscriptions

        registrations.register()
        for kind, compose in subscriptions.COMPOSERS.items():
            outbox.subscriber_message_register(kind=kind, compose=compose)
