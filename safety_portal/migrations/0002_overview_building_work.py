from django.db import migrations, models


def count_again(apps, schema_editor):
    """The rows stored before hold no work counts: each is marked, so that its next
    reader counts it all again rather than read zeros."""
    counts = apps.get_model("safety_portal", "OverviewCounts")
    counts.objects.update(version=models.F("version") + 1, as_of=None)


class Migration(migrations.Migration):
    dependencies = [
        ("safety_portal", "0001_overview_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="overviewcounts",
            name="open_incidents",
            field=models.PositiveIntegerField(default=0, db_default=0),
        ),
        migrations.AddField(
            model_name="overviewcounts",
            name="new_concerns",
            field=models.PositiveIntegerField(default=0, db_default=0),
        ),
        migrations.AddField(
            model_name="overviewcounts",
            name="drills_due",
            field=models.PositiveIntegerField(default=0, db_default=0),
        ),
        migrations.AddField(
            model_name="overviewcounts",
            name="drills_missing",
            field=models.PositiveIntegerField(default=0, db_default=0),
        ),
        migrations.RunPython(count_again, migrations.RunPython.noop),
    ]
