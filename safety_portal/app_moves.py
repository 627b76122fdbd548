"""For migrations that move models from one app to another and keep their tables.

Content types are renamed in place, keeping their ids, so that every row that points at
one (the audit trail, guardian's grants, the permissions, the admin's log) keeps pointing
at the same records. Rows that name a model by its label as text follow too: the
outbox's subject (its uniqueness per period depends on it) and the named-grant records.
"""


def labels_move(apps, *, old: str, new: str, models: tuple[str, ...]) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    notification = apps.get_model("notifications", "Notification")
    grant_record = apps.get_model("committees", "NamedGrantRecord")
    for model in models:
        # A new database has none yet: post_migrate creates them under the new label.
        if content_type.objects.filter(app_label=old, model=model).exists():
            # A migrate run that stopped between the two apps' migrations has let
            # post_migrate create the new label already, with only its default permissions.
            duplicate = content_type.objects.filter(app_label=new, model=model)
            permission.objects.filter(content_type__in=duplicate).delete()
            duplicate.delete()
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)
        notification.objects.filter(subject_type=f"{old}.{model}").update(
            subject_type=f"{new}.{model}"
        )
        grant_record.objects.filter(record_type=f"{old}.{model}").update(
            record_type=f"{new}.{model}"
        )
