"""A progress update may carry a photo, with its renditions."""

import declarations.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('declarations', '0006_translations'),
    ]

    operations = [
        migrations.AddField(
            model_name='pledgeupdate',
            name='card',
            field=models.ImageField(blank=True, editable=False, upload_to='renditions/%Y/%m/'),
        ),
        migrations.AddField(
            model_name='pledgeupdate',
            name='height',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='pledgeupdate',
            name='original',
            field=models.ImageField(blank=True, upload_to=declarations.models.pledge_photo_path, verbose_name='photo'),
        ),
        migrations.AddField(
            model_name='pledgeupdate',
            name='photo_alt',
            field=models.CharField(blank=True, max_length=200, verbose_name='what the photo shows'),
        ),
        migrations.AddField(
            model_name='pledgeupdate',
            name='poster',
            field=models.ImageField(blank=True, editable=False, upload_to='renditions/%Y/%m/'),
        ),
        migrations.AddField(
            model_name='pledgeupdate',
            name='thumbnail',
            field=models.ImageField(blank=True, editable=False, upload_to='renditions/%Y/%m/'),
        ),
        migrations.AddField(
            model_name='pledgeupdate',
            name='width',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
    ]
