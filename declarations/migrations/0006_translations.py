"""Organisers' translations of a version of a declaration's text."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('declarations', '0005_printed'),
    ]

    operations = [
        migrations.CreateModel(
            name='VersionTranslation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(choices=[('en', 'English'), ('de', 'German'), ('fr', 'French')], max_length=5, verbose_name='language')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('clauses', models.JSONField(help_text="The translated clauses, in the original's order.", verbose_name='clauses')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='translations', to='declarations.declarationversion')),
            ],
            options={
                'verbose_name': 'translation',
                'verbose_name_plural': 'translations',
                'constraints': [models.UniqueConstraint(fields=('version', 'language'), name='one_translation_per_language')],
            },
        ),
    ]
