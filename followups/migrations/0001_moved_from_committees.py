"""Moved here from committees, in Django's state only: the tables keep their names and rows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('committees', '0017_procedures_moved'),
        ('meetings', '0001_moved_from_committees'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ActionItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200)),
                        ('description', models.TextField(blank=True)),
                        ('source', models.CharField(choices=[('none', 'None'), ('meeting', 'Meeting decision'), ('incident', 'Incident'), ('drill', 'Drill'), ('concern', 'Community concern'), ('assessment', 'Assessment finding')], default='none', max_length=12)),
                        ('source_detail', models.CharField(blank=True, help_text="E.g. 'October lockdown drill debrief'.", max_length=200)),
                        ('category', models.CharField(choices=[('access_control', 'Access control'), ('communication', 'Communication'), ('training', 'Training'), ('facilities', 'Facilities'), ('drills', 'Drills'), ('mental_health', 'Mental health'), ('transportation', 'Transportation'), ('other', 'Other')], default='other', max_length=20)),
                        ('visibility', models.CharField(choices=[('public', 'Public'), ('committee', 'Committee'), ('restricted', 'Restricted')], default='committee', max_length=12)),
                        ('priority', models.CharField(choices=[('high', 'High'), ('medium', 'Medium'), ('low', 'Low')], default='medium', max_length=10)),
                        ('status', models.CharField(choices=[('open', 'Open'), ('in_progress', 'In progress'), ('blocked', 'Blocked'), ('done', 'Done'), ('cancelled', 'Cancelled')], default='open', max_length=12)),
                        ('due_date', models.DateField(blank=True, null=True)),
                        ('completion_note', models.TextField(blank=True, help_text='Evidence that the work is done.')),
                        ('completed_at', models.DateTimeField(blank=True, null=True)),
                        ('verified_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('assigned_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('assignee', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assigned_action_items', to=settings.AUTH_USER_MODEL)),
                        ('committee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='action_items', to='committees.committee')),
                        ('minutes_section', models.ForeignKey(blank=True, help_text='The decision or discussion this item came from.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='action_items', to='meetings.minutessection')),
                        ('verified_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'committees_actionitem',
                        'ordering': ['due_date', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='ActionItemAttachment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(upload_to='action-items/%Y/%m/')),
                        ('name', models.CharField(max_length=200)),
                        ('content_type', models.CharField(max_length=100)),
                        ('size', models.PositiveIntegerField()),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                        ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='followups.actionitem')),
                        ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'committees_actionitemattachment',
                        'ordering': ['uploaded_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='ActionItemEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('created', 'Created'), ('assigned', 'Assigned'), ('status', 'Status changed'), ('progress', 'Progress note'), ('evidence', 'Evidence of completion'), ('verified', 'Verified'), ('edited', 'Edited')], max_length=10)),
                        ('from_status', models.CharField(blank=True, max_length=12)),
                        ('to_status', models.CharField(blank=True, max_length=12)),
                        ('note', models.TextField(blank=True)),
                        ('at', models.DateTimeField(auto_now_add=True)),
                        ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='followups.actionitem')),
                    ],
                    options={
                        'db_table': 'committees_actionitemevent',
                        'ordering': ['at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='ImprovementPlan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('school_year', models.PositiveSmallIntegerField(help_text='The year the school year starts, e.g. 2026 for 2026–27.')),
                        ('title', models.CharField(max_length=200)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('committee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='improvement_plans', to='committees.committee')),
                    ],
                    options={
                        'db_table': 'committees_improvementplan',
                        'ordering': ['-school_year', 'title'],
                    },
                ),
                migrations.CreateModel(
                    name='Milestone',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(help_text='For the committee: may be specific.', max_length=200)),
                        ('public_title', models.CharField(help_text='Written for the public: the kind of work, never which door, camera or room.', max_length=200)),
                        ('category', models.CharField(choices=[('access_control', 'Access control'), ('communication', 'Communication'), ('training', 'Training'), ('facilities', 'Facilities'), ('drills', 'Drills'), ('mental_health', 'Mental health'), ('transportation', 'Transportation'), ('other', 'Other')], max_length=20)),
                        ('target_date', models.DateField()),
                        ('visibility', models.CharField(choices=[('public', 'Public'), ('committee', 'Committee'), ('restricted', 'Restricted')], default='committee', max_length=12)),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='milestones', to='followups.improvementplan')),
                    ],
                    options={
                        'db_table': 'committees_milestone',
                        'ordering': ['target_date', 'id'],
                    },
                ),
                migrations.AddField(
                    model_name='actionitem',
                    name='milestone',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='action_items', to='followups.milestone'),
                ),
                migrations.CreateModel(
                    name='ActionItemGroupObjectPermission',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('content_object', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='followups.actionitem')),
                        ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='auth.group')),
                        ('permission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='auth.permission')),
                    ],
                    options={
                        'db_table': 'committees_actionitemgroupobjectpermission',
                        'abstract': False,
                        'unique_together': {('group', 'permission', 'content_object')},
                    },
                ),
                migrations.CreateModel(
                    name='ActionItemUserObjectPermission',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('content_object', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='followups.actionitem')),
                        ('permission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='auth.permission')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'committees_actionitemuserobjectpermission',
                        'abstract': False,
                        'unique_together': {('user', 'permission', 'content_object')},
                    },
                ),
                migrations.AddConstraint(
                    model_name='improvementplan',
                    constraint=models.UniqueConstraint(fields=('committee', 'school_year', 'title'), name='plan_title_per_year'),
                ),
                migrations.AddIndex(
                    model_name='actionitem',
                    index=models.Index(fields=['committee', 'visibility'], name='committees__committ_4e40ba_idx'),
                ),
                migrations.AddIndex(
                    model_name='actionitem',
                    index=models.Index(fields=['assignee', 'status'], name='committees__assigne_1e0505_idx'),
                ),
                migrations.AddIndex(
                    model_name='actionitem',
                    index=models.Index(fields=['committee', 'status', 'due_date'], name='committees__committ_36de2b_idx'),
                ),
    
            ],
        ),
    ]
