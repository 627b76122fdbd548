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
                    name='PublicUpdate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200)),
                        ('body', models.TextField(help_text='Plain words for families: what, not where.')),
                        ('visibility', models.CharField(default='public', editable=False, max_length=12)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('published_at', models.DateTimeField(blank=True, null=True)),
                        ('first_published_at', models.DateTimeField(blank=True, null=True)),
                        ('corrected_at', models.DateTimeField(blank=True, null=True)),
                        ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                        ('withdrawal_reason', models.CharField(blank=True, max_length=300)),
                        ('committee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='committees.committee')),
                        ('corrected_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('withdrawn_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('written_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'committees_publicupdate',
                        'ordering': ['-first_published_at', '-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='PublicUpdateTranslation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('language', models.CharField(choices=[('en', 'English'), ('es', 'Español'), ('pt', 'Português')], max_length=8)),
                        ('title', models.CharField(max_length=200)),
                        ('body', models.TextField()),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('update', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='translations', to='publishing.publicupdate')),
                        ('written_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'committees_publicupdatetranslation',
                    },
                ),
                migrations.AddIndex(
                    model_name='publicupdate',
                    index=models.Index(fields=['committee', '-published_at'], name='committees__committ_6d89fe_idx'),
                ),
                migrations.AddConstraint(
                    model_name='publicupdatetranslation',
                    constraint=models.UniqueConstraint(fields=('update', 'language'), name='one_translation_each'),
                ),
    
            ],
        ),
    ]
