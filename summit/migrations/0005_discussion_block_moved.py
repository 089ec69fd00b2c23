"""Blocks are Block rows in the discussion now (copied there by discussion 0002)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('summit', '0004_content_in_three_languages'),
        ('discussion', '0002_scopes_and_blocks'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='user',
            name='discussion_blocked',
        ),
    ]
