"""The procedures, moved here from committees: in Django's state only.

Their tables stay where committees created them (``db_table``), with their rows, indexes
and constraints; committees 0017 then forgets the models, and 0002 renames their content
types, so the audit trail, the outbox and the permissions keep pointing at the same rows.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('committees', '0016_public_text_changes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Procedure',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('emergency_operations', 'Emergency operations plan'), ('lockdown', 'Lockdown'), ('evacuation', 'Evacuation'), ('reunification', 'Reunification'), ('medical', 'Medical emergency response'), ('other', 'Other')], max_length=24)),
                        ('title', models.CharField(help_text='For the committee.', max_length=200)),
                        ('public_title', models.CharField(blank=True, help_text='Public: the index of procedures shows it. Say what, not how.', max_length=200)),
                        ('review_every_months', models.PositiveSmallIntegerField(default=12)),
                        ('last_reviewed_on', models.DateField(blank=True, null=True)),
                        ('visibility', models.CharField(default='restricted', editable=False, max_length=12)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('committee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='procedures', to='committees.committee')),
                        ('owner', models.ForeignKey(blank=True, help_text='Hears when a review falls due.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'committees_procedure',
                        'ordering': ['committee', 'kind', 'title'],
                    },
                ),
                migrations.CreateModel(
                    name='ProcedureVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField()),
                        ('body', models.TextField(help_text='Markdown.')),
                        ('note', models.CharField(blank=True, help_text='What changed.', max_length=300)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('procedure', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='procedures.procedure')),
                    ],
                    options={
                        'db_table': 'committees_procedureversion',
                        'ordering': ['procedure', '-number'],
                    },
                ),
                migrations.CreateModel(
                    name='ProcedureReview',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reviewed_on', models.DateField()),
                        ('note', models.CharField(blank=True, max_length=500)),
                        ('procedure', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='procedures.procedure')),
                        ('reviewed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('version', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to='procedures.procedureversion')),
                    ],
                    options={
                        'db_table': 'committees_procedurereview',
                        'ordering': ['procedure', '-reviewed_on', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='ProcedureCopy',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('given_to', models.CharField(help_text='A person and their organisation.', max_length=200)),
                        ('how', models.CharField(choices=[('export_pdf', 'Exported as PDF'), ('export_text', 'Exported as text'), ('printed', 'Printed and handed over'), ('emailed', 'Sent by e-mail'), ('other', 'Other')], max_length=12)),
                        ('note', models.CharField(blank=True, max_length=300)),
                        ('at', models.DateTimeField(auto_now_add=True)),
                        ('given_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('procedure', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='copies', to='procedures.procedure')),
                        ('version', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to='procedures.procedureversion')),
                    ],
                    options={
                        'db_table': 'committees_procedurecopy',
                        'ordering': ['-at', '-id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='procedureversion',
                    constraint=models.UniqueConstraint(fields=('procedure', 'number'), name='one_version_number'),
                ),
            ],
        ),
    ]
