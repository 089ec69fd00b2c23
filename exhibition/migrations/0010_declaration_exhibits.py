"""Editions show the declarations too: an exhibit kind of their own."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('exhibition', '0009_status_history'),
    ]

    operations = [
        migrations.AlterField(
            model_name='exhibit',
            name='kind',
            field=models.CharField(choices=[('overview', 'Overview'), ('topic', 'Topic'), ('workshop', 'Workshop'), ('practice', 'Best practice'), ('declaration', 'Declaration')], max_length=12, verbose_name='kind'),
        ),
    ]
