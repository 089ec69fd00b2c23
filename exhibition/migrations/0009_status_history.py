"""Editions and poster kits keep a history of their status; a kit's status is read from its fields once."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def kit_status_from_fields(apps, schema_editor):
    Showing = apps.get_model("exhibition", "Showing")
    Showing.objects.exclude(kit="").update(kit_status="ready")
    Showing.objects.filter(kit_started_at__isnull=False).update(kit_status="building")


class Migration(migrations.Migration):

    dependencies = [
        ('exhibition', '0008_showing_blocks_moved'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='showing',
            name='kit_status',
            field=models.CharField(choices=[('none', 'Not prepared yet'), ('building', 'Being prepared'), ('ready', 'Ready'), ('failed', 'Failed')], default='none', editable=False, max_length=10, verbose_name='poster kit status'),
        ),
        migrations.CreateModel(
            name='EditionTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_status', models.CharField(max_length=20, verbose_name='from')),
                ('to_status', models.CharField(max_length=20, verbose_name='to')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='at')),
                ('reason', models.TextField(blank=True, verbose_name='why')),
                ('by', models.ForeignKey(blank=True, help_text='Empty when the system made the change (the nightly compile, a worker, reports).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('edition', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='exhibition.edition')),
            ],
            options={
                'verbose_name': 'status change',
                'verbose_name_plural': 'status changes',
                'ordering': ['-at', '-id'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='KitTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_status', models.CharField(max_length=20, verbose_name='from')),
                ('to_status', models.CharField(max_length=20, verbose_name='to')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='at')),
                ('reason', models.TextField(blank=True, verbose_name='why')),
                ('by', models.ForeignKey(blank=True, help_text='Empty when the system made the change (the nightly compile, a worker, reports).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('showing', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='kit_transitions', to='exhibition.showing')),
            ],
            options={
                'verbose_name': 'poster kit step',
                'verbose_name_plural': 'poster kit steps',
                'ordering': ['-at', '-id'],
                'abstract': False,
            },
        ),
        migrations.RunPython(kit_status_from_fields, migrations.RunPython.noop),
    ]
