"""Declarations, their clauses and text versions, and the cities' signatures."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('summit', '0005_discussion_block_moved'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Declaration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(unique=True, verbose_name='slug')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('place', models.CharField(max_length=100, verbose_name='place')),
                ('status', models.CharField(choices=[('reference', 'Reference text'), ('draft', 'Draft'), ('open_for_signature', 'Open for signature'), ('adopted', 'Adopted')], default='draft', max_length=20, verbose_name='status')),
                ('adopted_on', models.DateField(blank=True, null=True, verbose_name='adopted on')),
                ('note', models.TextField(blank=True, help_text='Shown above the text, e.g. where the wording comes from.', verbose_name='note')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
            ],
            options={
                'verbose_name': 'declaration',
                'verbose_name_plural': 'declarations',
                'ordering': ['-adopted_on', 'title'],
            },
        ),
        migrations.CreateModel(
            name='DeclarationVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(verbose_name='version')),
                ('clauses', models.JSONField(help_text="The clauses' texts, in order.", verbose_name='clauses')),
                ('note', models.CharField(blank=True, max_length=250, verbose_name='what changed')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='declarations.declaration')),
            ],
            options={
                'verbose_name': 'text version',
                'verbose_name_plural': 'text versions',
                'ordering': ['-number'],
            },
        ),
        migrations.CreateModel(
            name='Signature',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('signer_title', models.CharField(blank=True, choices=[('mayor', 'Mayor'), ('deputy_mayor', 'Deputy mayor'), ('thought_leader', 'Thought leader')], max_length=20, verbose_name='signed as')),
                ('signed_on', models.DateField(verbose_name='signed on')),
                ('on_paper', models.BooleanField(default=False, verbose_name='signed on paper')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('city', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='summit.city', verbose_name='city')),
                ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signatures', to='declarations.declaration')),
                ('signed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='signed by')),
                ('version', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='signatures', to='declarations.declarationversion', verbose_name='text signed')),
            ],
            options={
                'verbose_name': 'signature',
                'verbose_name_plural': 'signatures',
                'ordering': ['city__country', 'city__name'],
            },
        ),
        migrations.CreateModel(
            name='Clause',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(verbose_name='number')),
                ('text', models.TextField(verbose_name='text')),
                ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='clauses', to='declarations.declaration')),
            ],
            options={
                'verbose_name': 'clause',
                'verbose_name_plural': 'clauses',
                'ordering': ['number'],
                'constraints': [models.UniqueConstraint(fields=('declaration', 'number'), name='one_clause_per_number')],
            },
        ),
        migrations.AddConstraint(
            model_name='declarationversion',
            constraint=models.UniqueConstraint(fields=('declaration', 'number'), name='one_version_per_number'),
        ),
        migrations.AddConstraint(
            model_name='signature',
            constraint=models.UniqueConstraint(fields=('declaration', 'city'), name='one_signature_per_city'),
        ),
    ]
