"""The moved models' content types and labels: from ``committees`` to ``procedures``.

Content types and the rows that name a model by its label follow the move
(``safety_portal.app_moves``).
"""

from django.db import migrations

from safety_portal.app_moves import labels_move

MODELS = ("procedure", "procedureversion", "procedurereview", "procedurecopy")


def forwards(apps, schema_editor) -> None:
    labels_move(apps, old="committees", new="procedures", models=MODELS)


def backwards(apps, schema_editor) -> None:
    labels_move(apps, old="procedures", new="committees", models=MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0001_initial"),
        ("committees", "0017_procedures_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("notifications", "0007_public_text_review"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
