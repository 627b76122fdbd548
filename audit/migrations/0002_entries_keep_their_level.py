from django.db import migrations, models


class Migration(migrations.Migration):
    """Entries keep the level their record had when they were written.

    What a record's earlier entries were written at is not known: they are kept at the
    strictest level, so that only the cleared read them on the record's page.
    """

    dependencies = [
        ("audit", "0001_audit_trail"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="level",
            field=models.CharField(blank=True, default="restricted", max_length=10),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="level",
            field=models.CharField(blank=True, default="", max_length=10),
        ),
    ]
