from django.db import migrations

# The four rendition tasks became one (summit.tasks.image_renditions): tasks still waiting in the outbox under an
# old name are handed over under the new one, so no photo waits for a task no worker knows any more.
OLD_TASKS = {
    "workshops.tasks.practice_image_renditions": ("workshops.PracticeImage", "image_id"),
    "workshops.tasks.outcome_photo_renditions": ("workshops.OutcomePhoto", "photo_id"),
    "events.tasks.press_photo_renditions": ("events.PressPhoto", "photo_id"),
    "declarations.tasks.pledge_update_renditions": ("declarations.PledgeUpdate", "update_id"),
}


def waiting_tasks_renamed(apps, schema_editor):
    OutboxTask = apps.get_model("summit", "OutboxTask")
    for row in OutboxTask.objects.filter(task__in=OLD_TASKS):
        model, key = OLD_TASKS[row.task]
        row.task = "summit.tasks.image_renditions"
        row.kwargs = {"model": model, "pk": row.kwargs[key]}
        row.save(update_fields=["task", "kwargs"])


class Migration(migrations.Migration):
    dependencies = [("summit", "0006_outbox")]

    operations = [migrations.RunPython(waiting_tasks_renamed, migrations.RunPython.noop)]
