"""The procedures moved to their own app (procedures 0001): forgotten here, in state only.

Their tables, named for this app, stay as they are and now belong to ``procedures``.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0016_public_text_changes"),
        ("procedures", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                # Those that point at the others first.
                migrations.DeleteModel(name="ProcedureCopy"),
                migrations.DeleteModel(name="ProcedureReview"),
                migrations.DeleteModel(name="ProcedureVersion"),
                migrations.DeleteModel(name="Procedure"),
            ],
        ),
    ]
