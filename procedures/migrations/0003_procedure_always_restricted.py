"""Every procedure is restricted, and the database says so.

A row that said otherwise is made restricted first: that only hides it from more
people, never shows it to anyone more.
"""

from django.db import migrations, models


def restrict(apps, schema_editor) -> None:
    Procedure = apps.get_model("procedures", "Procedure")
    Procedure.objects.exclude(visibility="restricted").update(visibility="restricted")


class Migration(migrations.Migration):
    dependencies = [("procedures", "0002_labels_follow_the_move")]

    operations = [
        migrations.RunPython(restrict, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="procedure",
            constraint=models.CheckConstraint(
                condition=models.Q(("visibility", "restricted")),
                name="procedure_always_restricted",
            ),
        ),
    ]
