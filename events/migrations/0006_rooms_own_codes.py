"""Rooms own their codes now (rooms.Room, for workshops' rooms too): each event's code moves to its room, so the
codes on screens and in phones' passes stay the same."""

from django.db import migrations


def codes_to_rooms(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Room = apps.get_model("rooms", "Room")
    Room.objects.bulk_create(
        [Room(key=f"programme-{item_id}", code=code) for item_id, code in Event.objects.values_list("item_id", "room_code")],
        ignore_conflicts=True,
    )


def codes_to_events(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Room = apps.get_model("rooms", "Room")
    for room in Room.objects.filter(key__startswith="programme-"):
        Event.objects.filter(item_id=int(room.key.removeprefix("programme-"))).update(room_code=room.code)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_status_histories"),
        ("rooms", "0001_rooms"),
    ]

    operations = [
        migrations.RunPython(codes_to_rooms, codes_to_events),
        migrations.RemoveField(model_name="event", name="room_code"),
    ]
