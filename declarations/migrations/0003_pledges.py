"""Pledges: a signatory city's local actions, their progress updates and their status history."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('declarations', '0002_signature_log'),
        ('summit', '0005_discussion_block_moved'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='signature',
            name='city',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='signatures', to='summit.city', verbose_name='city'),
        ),
        migrations.CreateModel(
            name='Pledge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('description', models.TextField(help_text='Markdown: what, where, for whom.', max_length=4000, verbose_name='description')),
                ('target_date', models.DateField(verbose_name='target date')),
                ('status', models.CharField(choices=[('planned', 'Planned'), ('in_progress', 'In progress'), ('done', 'Done'), ('dropped', 'Dropped')], default='planned', max_length=12, verbose_name='status')),
                ('is_demo', models.BooleanField(default=False, verbose_name='demo content')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('city', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pledges', to='summit.city', verbose_name='city')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pledges', to='declarations.declaration')),
                ('topic', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pledges', to='summit.topic', verbose_name='topic')),
            ],
            options={
                'verbose_name': 'pledge',
                'verbose_name_plural': 'pledges',
                'ordering': ['target_date', 'id'],
            },
        ),
        migrations.CreateModel(
            name='PledgeTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_status', models.CharField(max_length=20, verbose_name='from')),
                ('to_status', models.CharField(max_length=20, verbose_name='to')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='at')),
                ('reason', models.TextField(blank=True, verbose_name='why')),
                ('by', models.ForeignKey(blank=True, help_text='Empty when the system made the change (the nightly compile, a worker, reports).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='declarations.pledge')),
            ],
            options={
                'verbose_name': 'status change',
                'verbose_name_plural': 'status changes',
                'ordering': ['-at', '-id'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='PledgeUpdate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(max_length=4000, verbose_name='what happened')),
                ('posted_on', models.DateField(verbose_name='date')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='declarations.pledge')),
            ],
            options={
                'verbose_name': 'progress update',
                'verbose_name_plural': 'progress updates',
                'ordering': ['-posted_on', '-id'],
            },
        ),
    ]
