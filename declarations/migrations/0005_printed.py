"""A declaration names the language of its text and keeps its printed PDF, with the text and signatures it shows."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('declarations', '0004_amendments'),
    ]

    operations = [
        migrations.AddField(
            model_name='declaration',
            name='language',
            field=models.CharField(choices=[('en', 'English'), ('de', 'German'), ('fr', 'French')], default='en', help_text='The language of the text.', max_length=5, verbose_name='language'),
        ),
        migrations.AddField(
            model_name='declaration',
            name='pdf',
            field=models.FileField(blank=True, editable=False, upload_to='declarations/', verbose_name='PDF'),
        ),
        migrations.AddField(
            model_name='declaration',
            name='pdf_source',
            field=models.CharField(blank=True, editable=False, max_length=30),
        ),
        migrations.AddField(
            model_name='declaration',
            name='pdf_started_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
