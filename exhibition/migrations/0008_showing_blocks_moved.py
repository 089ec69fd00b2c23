"""Blocks are Block rows in the discussion now (copied there by discussion 0002)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('exhibition', '0007_discussion_moved_out'),
        ('discussion', '0002_scopes_and_blocks'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='showing',
            name='blocked_authors',
        ),
    ]
