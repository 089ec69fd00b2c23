"""Thread, Comment, Reaction and Flag now belong to the discussion app; their tables stay (see discussion 0001)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('exhibition', '0006_official_answer_facts'),
        ('discussion', '0001_tables_from_exhibition'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='flag',
                    name='comment',
                ),
                migrations.RemoveField(
                    model_name='reaction',
                    name='comment',
                ),
                migrations.RemoveField(
                    model_name='flag',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='reaction',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='thread',
                    name='city',
                ),
                migrations.DeleteModel(
                    name='Comment',
                ),
                migrations.DeleteModel(
                    name='Flag',
                ),
                migrations.DeleteModel(
                    name='Reaction',
                ),
                migrations.DeleteModel(
                    name='Thread',
                ),
            ],
            database_operations=[],
        ),
    ]
