import django.db.models
from django.db import migrations

import events.models


def codes_give(apps, schema_editor):
    """Each event already there gets a room code of its own (a callable default gives every row the same one)."""
    Event = apps.get_model("events", "Event")
    taken = set()
    for event in Event.objects.all():
        code = events.models.code_new()
        while code in taken:
            code = events.models.code_new()
        taken.add(code)
        event.room_code = code
        event.save(update_fields=["room_code"])


class Migration(migrations.Migration):
    dependencies = [("events", "0003_press_room")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="room_code",
            field=django.db.models.CharField(max_length=6, null=True, verbose_name="room code"),
        ),
        migrations.RunPython(codes_give, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="event",
            name="room_code",
            field=django.db.models.CharField(
                default=events.models.code_new, max_length=6, unique=True, verbose_name="room code"
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="kept",
            field=django.db.models.BooleanField(default=False, verbose_name="kept by a moderator"),
        ),
        migrations.AddField(
            model_name="questionvote",
            name="weight",
            field=django.db.models.PositiveSmallIntegerField(default=0),
        ),
    ]
