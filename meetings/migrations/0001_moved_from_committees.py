"""Moved here from committees, in Django's state only: the tables keep their names and rows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('committees', '0017_procedures_moved'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='AgendaTemplateItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('order', models.PositiveSmallIntegerField()),
                        ('title', models.CharField(max_length=200)),
                        ('minutes', models.PositiveSmallIntegerField(default=10)),
                        ('committee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='agenda_template', to='committees.committee')),
                    ],
                    options={
                        'db_table': 'committees_agendatemplateitem',
                        'ordering': ['committee', 'order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='CalendarToken',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.CharField(max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(auto_now=True)),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='calendar_token', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'committees_calendartoken',
                    },
                ),
                migrations.CreateModel(
                    name='Meeting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200)),
                        ('kind', models.CharField(choices=[('regular', 'Regular meeting'), ('special', 'Special meeting'), ('drill_debrief', 'Drill debrief'), ('executive', 'Executive session')], default='regular', max_length=16)),
                        ('starts_at', models.DateTimeField(help_text="Stored in UTC, shown in the district's time zone.")),
                        ('ends_at', models.DateTimeField(blank=True, null=True)),
                        ('location', models.CharField(blank=True, max_length=200)),
                        ('video_link', models.URLField(blank=True)),
                        ('status', models.CharField(choices=[('scheduled', 'Scheduled'), ('held', 'Held'), ('cancelled', 'Cancelled')], default='scheduled', max_length=10)),
                        ('visibility', models.CharField(choices=[('public', 'Public'), ('committee', 'Committee'), ('restricted', 'Restricted')], default='committee', max_length=12)),
                        ('public_purpose', models.CharField(blank=True, help_text='For an executive session: its purpose in general terms, as the public record will show it.', max_length=300)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('minutes_revision', models.PositiveSmallIntegerField(default=1)),
                        ('minutes_approved_at', models.DateTimeField(blank=True, null=True)),
                        ('committee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='committees.committee')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('minutes_approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'committees_meeting',
                        'ordering': ['-starts_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Guest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=150)),
                        ('organization', models.CharField(blank=True, max_length=150)),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='guests', to='meetings.meeting')),
                    ],
                    options={
                        'db_table': 'committees_guest',
                        'ordering': ['meeting', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='Attendance',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('present', 'Present'), ('absent', 'Absent'), ('excused', 'Excused')], max_length=8)),
                        ('note', models.CharField(blank=True, max_length=300)),
                        ('membership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='committees.membership')),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='meetings.meeting')),
                    ],
                    options={
                        'db_table': 'committees_attendance',
                        'ordering': ['meeting', 'membership__user__last_name'],
                    },
                ),
                migrations.CreateModel(
                    name='AgendaItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('order', models.PositiveSmallIntegerField()),
                        ('title', models.CharField(max_length=200)),
                        ('presenter', models.CharField(blank=True, max_length=120)),
                        ('minutes', models.PositiveSmallIntegerField(default=10, help_text='Time allotted.')),
                        ('visibility', models.CharField(choices=[('public', 'Public'), ('committee', 'Committee'), ('restricted', 'Restricted')], default='committee', max_length=12)),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='agenda_items', to='meetings.meeting')),
                    ],
                    options={
                        'db_table': 'committees_agendaitem',
                        'ordering': ['meeting', 'order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='MeetingChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('scheduled', 'Scheduled'), ('changed', 'Changed'), ('cancelled', 'Cancelled')], max_length=10)),
                        ('changes', models.JSONField(default=dict, help_text='Field: [before, after].')),
                        ('reason', models.CharField(blank=True, max_length=500)),
                        ('at', models.DateTimeField(auto_now_add=True)),
                        ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='changes', to='meetings.meeting')),
                    ],
                    options={
                        'db_table': 'committees_meetingchange',
                        'ordering': ['at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='MeetingNotice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(help_text='As the public will read it.', max_length=200)),
                        ('place', models.CharField(blank=True, help_text='In general terms: a building, not a room.', max_length=200)),
                        ('purpose', models.CharField(blank=True, help_text='For an executive session, in general terms.', max_length=300)),
                        ('visibility', models.CharField(default='public', editable=False, max_length=12)),
                        ('published_at', models.DateTimeField(blank=True, null=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('meeting', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='notice', to='meetings.meeting')),
                        ('published_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'committees_meetingnotice',
                    },
                ),
                migrations.CreateModel(
                    name='MinutesSection',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('order', models.PositiveSmallIntegerField()),
                        ('heading', models.CharField(max_length=200)),
                        ('body', models.TextField(blank=True, help_text='Markdown.')),
                        ('documents', models.TextField(blank=True, help_text='Documents referenced, one per line: a title, then optionally a link.')),
                        ('visibility', models.CharField(choices=[('public', 'Public'), ('committee', 'Committee'), ('restricted', 'Restricted')], default='committee', max_length=12)),
                        ('agenda_item', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='sections', to='meetings.agendaitem')),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sections', to='meetings.meeting')),
                    ],
                    options={
                        'db_table': 'committees_minutessection',
                        'ordering': ['meeting', 'order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='MinutesSectionRevision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('revision', models.PositiveSmallIntegerField()),
                        ('order', models.PositiveSmallIntegerField()),
                        ('heading', models.CharField(max_length=200)),
                        ('body', models.TextField(blank=True)),
                        ('documents', models.TextField(blank=True)),
                        ('visibility', models.CharField(choices=[('public', 'Public'), ('committee', 'Committee'), ('restricted', 'Restricted')], max_length=12)),
                        ('approved_at', models.DateTimeField()),
                        ('approved_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='old_sections', to='meetings.meeting')),
                        ('section', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='revisions', to='meetings.minutessection')),
                    ],
                    options={
                        'db_table': 'committees_minutessectionrevision',
                        'ordering': ['meeting', '-revision', 'order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='PublicSummary',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(help_text='Plain words for families: what, not where.')),
                        ('visibility', models.CharField(default='public', editable=False, max_length=12)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('published_at', models.DateTimeField(blank=True, null=True)),
                        ('corrected_at', models.DateTimeField(blank=True, null=True)),
                        ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                        ('withdrawal_reason', models.CharField(blank=True, max_length=300)),
                        ('record', models.JSONField(blank=True, default=dict, editable=False)),
                        ('meeting', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='summary', to='meetings.meeting')),
                        ('published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('withdrawn_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('written_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'committees_publicsummary',
                    },
                ),
                migrations.CreateModel(
                    name='Vote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('motion', models.CharField(max_length=500)),
                        ('mover', models.CharField(blank=True, max_length=150)),
                        ('seconder', models.CharField(blank=True, max_length=150)),
                        ('result', models.CharField(choices=[('carried', 'Carried'), ('failed', 'Failed'), ('tabled', 'Tabled')], max_length=8)),
                        ('yes', models.PositiveSmallIntegerField(default=0)),
                        ('no', models.PositiveSmallIntegerField(default=0)),
                        ('abstain', models.PositiveSmallIntegerField(default=0)),
                        ('note', models.CharField(blank=True, help_text='Anything the record should keep: who abstained and why, an amendment.', max_length=500)),
                        ('public_motion', models.CharField(blank=True, help_text='For an executive session: the motion in general terms, as the public record will show it.', max_length=300)),
                        ('section', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='meetings.minutessection')),
                    ],
                    options={
                        'db_table': 'committees_vote',
                        'ordering': ['section', 'id'],
                    },
                ),
                migrations.AddIndex(
                    model_name='meeting',
                    index=models.Index(fields=['committee', '-starts_at'], name='committees__committ_226abe_idx'),
                ),
                migrations.AddConstraint(
                    model_name='attendance',
                    constraint=models.UniqueConstraint(fields=('meeting', 'membership'), name='one_attendance_per_member'),
                ),
    
            ],
        ),
    ]
