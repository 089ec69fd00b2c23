"""Declarations keep their status history, and every signature given, recorded or withdrawn is logged."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('declarations', '0001_declarations_signatures'),
        ('summit', '0005_discussion_block_moved'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DeclarationTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_status', models.CharField(max_length=20, verbose_name='from')),
                ('to_status', models.CharField(max_length=20, verbose_name='to')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='at')),
                ('reason', models.TextField(blank=True, verbose_name='why')),
                ('by', models.ForeignKey(blank=True, help_text='Empty when the system made the change (the nightly compile, a worker, reports).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='declarations.declaration')),
            ],
            options={
                'verbose_name': 'status change',
                'verbose_name_plural': 'status changes',
                'ordering': ['-at', '-id'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='SignatureLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('signed', 'Signed'), ('recorded', 'Recorded from paper'), ('withdrawn', 'Withdrawn')], max_length=10, verbose_name='what')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='at')),
                ('reason', models.TextField(blank=True, verbose_name='why')),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('city', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='summit.city', verbose_name='city')),
                ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signature_log', to='declarations.declaration')),
                ('version', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='declarations.declarationversion', verbose_name='text')),
            ],
            options={
                'verbose_name': 'signature log entry',
                'verbose_name_plural': 'signature log',
                'ordering': ['-at', '-id'],
            },
        ),
    ]
