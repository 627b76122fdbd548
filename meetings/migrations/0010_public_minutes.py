import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _user(related_name="+", blank=False):
    return models.ForeignKey(
        blank=blank,
        null=True,
        on_delete=django.db.models.deletion.SET_NULL,
        related_name=related_name,
        to=settings.AUTH_USER_MODEL,
    )


LEVELS = [("public", "Public"), ("committee", "Committee"), ("restricted", "Restricted")]


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0009_public_agenda"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="minutes_review_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name="PublicMinutes",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("minutes", "Prepared from the approved minutes"),
                            ("release", "Written on its own for a release"),
                        ],
                        default="minutes",
                        max_length=8,
                    ),
                ),
                ("parts", models.JSONField(blank=True, default=list)),
                ("minutes_revision", models.PositiveSmallIntegerField(default=0)),
                ("visibility", models.CharField(choices=LEVELS, default="committee", max_length=12)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("withdrawn_at", models.DateTimeField(blank=True, null=True)),
                ("withdrawal_reason", models.CharField(blank=True, max_length=300)),
                (
                    "meeting",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="public_minutes",
                        to="meetings.meeting",
                    ),
                ),
                ("written_by", _user()),
                ("published_by", _user(blank=True)),
                ("withdrawn_by", _user(blank=True)),
            ],
            options={
                "verbose_name_plural": "public minutes",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("visibility__in", ["public", "committee", "restricted"])),
                        name="public_minutes_level_known",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="MinutesReleaseDecision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "decision",
                    models.CharField(
                        choices=[("keep_closed", "Keep closed"), ("release", "Release")],
                        max_length=12,
                    ),
                ),
                ("reason", models.TextField(blank=True)),
                ("next_review_on", models.DateField(blank=True, null=True)),
                ("visibility", models.CharField(choices=LEVELS, default="restricted", max_length=12)),
                ("at", models.DateTimeField(auto_now_add=True)),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="release_decisions",
                        to="meetings.meeting",
                    ),
                ),
                ("decided_by", _user()),
            ],
            options={
                "ordering": ["meeting", "-at", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("visibility__in", ["public", "committee", "restricted"])),
                        name="release_decision_level_known",
                    )
                ],
            },
        ),
    ]
