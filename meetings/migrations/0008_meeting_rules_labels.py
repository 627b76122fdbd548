from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0007_meeting_documents"),
    ]

    operations = [
        migrations.AlterField(
            model_name="meetingrules",
            name="draft_minutes_days",
            field=models.PositiveSmallIntegerField(
                default=7,
                help_text="Days after a meeting by which its draft minutes are ready.",
                verbose_name="days to draft the minutes",
            ),
        ),
        migrations.AlterField(
            model_name="meetingrules",
            name="holidays",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Legal holidays the district observes (dates).",
                verbose_name="holidays",
            ),
        ),
        migrations.AlterField(
            model_name="meetingrules",
            name="notice_hours",
            field=models.PositiveSmallIntegerField(
                default=24,
                help_text="How many hours before a meeting its notice must be public.",
                verbose_name="hours of notice",
            ),
        ),
        migrations.AlterField(
            model_name="meetingrules",
            name="notice_skips_weekends_and_holidays",
            field=models.BooleanField(
                default=False,
                help_text="Saturdays, Sundays and the holidays below do not count toward the hours.",
                verbose_name="weekends and holidays not counted",
            ),
        ),
        migrations.AlterField(
            model_name="meetingrules",
            name="posted_minutes_days",
            field=models.PositiveSmallIntegerField(
                default=30,
                help_text="Days after a meeting by which its approved minutes are posted.",
                verbose_name="days to post approved minutes",
            ),
        ),
        migrations.AlterField(
            model_name="meetingrules",
            name="remote_reason_required",
            field=models.BooleanField(
                default=False,
                help_text="A member who takes part remotely gives a reason.",
                verbose_name="reason for remote participation",
            ),
        ),
        migrations.AlterField(
            model_name="meetingrules",
            name="roll_call_in_executive",
            field=models.BooleanField(
                default=False,
                help_text="Votes in executive session are taken by roll call.",
                verbose_name="roll call in executive session",
            ),
        ),
    ]
