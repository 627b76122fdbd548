from django.apps import AppConfig

from notifications import registry as outbox


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = "Committees"

    def ready(self) -> None:
        # The outbox imports no feature: each tells it what its messages say (the
        # builders in messages.py declare their kinds with @builds as it loads) and what
        # its scans find. These modules read models, so they load once the models have.
        from committees import access, messages, scans  # noqa: F401

        outbox.scan_register(scan=scans.scan)
        # The gate's app tells the outbox how a batch asks the gate once for all its messages.
        outbox.batch_register(prime=access.prime, subjects=access.with_chain)
