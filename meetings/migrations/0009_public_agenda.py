import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0008_meeting_rules_labels"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PublicAgenda",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("items", models.JSONField(blank=True, default=list, editable=False)),
                ("video_link", models.URLField(blank=True, editable=False)),
                (
                    "visibility",
                    models.CharField(default="public", editable=False, max_length=12),
                ),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("revised_at", models.DateTimeField(blank=True, null=True)),
                (
                    "meeting",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="public_agenda",
                        to="meetings.meeting",
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "public agenda",
                "verbose_name_plural": "public agendas",
            },
        ),
    ]
