"""Moved here from committees, in Django's state only: the tables keep their names and rows."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('followups', '0001_moved_from_committees'),
        ('incidents', '0003_follow_ups_held_by_their_source'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='drillproblem',
                    name='action_item',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='drill_problem', to='followups.actionitem'),
                ),
                migrations.AlterField(
                    model_name='followup',
                    name='item',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='origin', to='followups.actionitem'),
                ),
    
            ],
        ),
    ]
