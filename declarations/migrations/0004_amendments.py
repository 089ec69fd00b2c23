"""Amendments to a draft declaration, their supporters and their history."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('declarations', '0003_pledges'),
        ('summit', '0005_discussion_block_moved'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Amendment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('change', 'Change a clause'), ('add', 'Add a clause after one'), ('delete', 'Delete a clause')], max_length=10, verbose_name='kind')),
                ('clause_text', models.TextField(blank=True, editable=False, verbose_name='clause as proposed against')),
                ('text', models.TextField(blank=True, max_length=2000, verbose_name='new text')),
                ('reason', models.TextField(max_length=2000, verbose_name='reason')),
                ('status', models.CharField(choices=[('proposed', 'Proposed'), ('accepted', 'Accepted'), ('rejected', 'Rejected')], default='proposed', max_length=10, verbose_name='status')),
                ('decision_reason', models.TextField(blank=True, verbose_name='reason for the decision')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='proposed')),
                ('city', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='summit.city', verbose_name='city')),
                ('clause', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='amendments', to='declarations.clause', verbose_name='clause')),
                ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='amendments', to='declarations.declaration')),
                ('proposed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='proposed by')),
            ],
            options={
                'verbose_name': 'amendment',
                'verbose_name_plural': 'amendments',
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='AmendmentTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_status', models.CharField(max_length=20, verbose_name='from')),
                ('to_status', models.CharField(max_length=20, verbose_name='to')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='at')),
                ('reason', models.TextField(blank=True, verbose_name='why')),
                ('amendment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='declarations.amendment')),
                ('by', models.ForeignKey(blank=True, help_text='Empty when the system made the change (the nightly compile, a worker, reports).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
            ],
            options={
                'verbose_name': 'status change',
                'verbose_name_plural': 'status changes',
                'ordering': ['-at', '-id'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='AmendmentSupport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('amendment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='supports', to='declarations.amendment')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'support',
                'verbose_name_plural': 'supports',
                'constraints': [models.UniqueConstraint(fields=('amendment', 'user'), name='one_support_per_person')],
            },
        ),
    ]
