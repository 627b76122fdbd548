"""What the tests of a move between apps share: migrating the test database back and
forth, and writing, with the models of the old layout, the rows that point at a record
by content type (a permission, an audit entry) and by label (an outbox row)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def old_pointers(old, *, record, content_types: dict, district_id: int, level: str, **outbox):
    """A permission, an audit entry and an outbox row about ``record`` (of the old app
    ``committees``), as main wrote them; ``outbox``: the row's recipient_id, kind and
    period. Returns their ids."""
    model = record._meta.model_name
    permission = old.get_model("auth", "Permission").objects.get_or_create(
        content_type_id=content_types[model],
        codename=f"view_{model}",
        defaults={"name": f"Can view {model}"},
    )[0]
    audit = old.get_model("audit", "AuditEntry").objects.create(
        content_type_id=content_types[model],
        object_pk=str(record.pk),
        object_id=record.pk,
        object_repr=record.title,
        action=1,
        changes={"title": [None, record.title]},
        district_id=district_id,
        level=level,
    )
    notification = old.get_model("notifications", "Notification").objects.create(
        subject_type=f"committees.{model}", subject_id=record.pk, **outbox
    )
    return {"permission": permission.pk, "audit": audit.pk, "notification": notification.pk}
