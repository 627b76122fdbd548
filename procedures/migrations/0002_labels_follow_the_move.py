"""The moved models' content types and labels: from ``committees`` to ``procedures``.

Content types are renamed in place, keeping their ids, so that every row that points
at one (the audit trail, guardian's grants, the permissions, the admin's log) keeps
pointing at the same records. Rows that name a model by its label as text follow too:
the outbox's subject (its uniqueness per period depends on it) and the named-grant
records.
"""

from django.db import migrations

MODELS = ("procedure", "procedureversion", "procedurereview", "procedurecopy")


def _move(apps, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    notification = apps.get_model("notifications", "Notification")
    grant_record = apps.get_model("committees", "NamedGrantRecord")
    for model in MODELS:
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


def forwards(apps, schema_editor) -> None:
    _move(apps, "committees", "procedures")


def backwards(apps, schema_editor) -> None:
    _move(apps, "procedures", "committees")


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0001_initial"),
        ("committees", "0017_procedures_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("notifications", "0007_public_text_review"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
