"""Official answers keep the facts (city, title) instead of an English label, so every reader gets their language."""

import django.db.models.deletion
from django.db import migrations, models


def facts_from_delegations(apps, schema_editor):
    """The answering delegation, as comment_post chose it: the thread's city, or the author's first city."""
    Comment = apps.get_model("exhibition", "Comment")
    Delegate = apps.get_model("summit", "Delegate")
    for comment in Comment.objects.filter(is_official=True).select_related("thread").iterator():
        delegations = Delegate.objects.filter(user_id=comment.author_id)
        if comment.thread.city_id:
            delegations = delegations.filter(city_id=comment.thread.city_id)
        delegation = delegations.order_by("id").first()
        if delegation is not None:
            comment.official_city_id = delegation.city_id
            comment.official_title = delegation.title
            comment.save(update_fields=["official_city", "official_title"])


class Migration(migrations.Migration):
    dependencies = [
        ("exhibition", "0005_showings"),
        ("summit", "0003_discussion_block"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="official_city",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="summit.city",
                verbose_name="answered for",
            ),
        ),
        migrations.AddField(
            model_name="comment",
            name="official_title",
            field=models.CharField(
                blank=True,
                choices=[("mayor", "Mayor"), ("deputy_mayor", "Deputy mayor"), ("thought_leader", "Thought leader")],
                max_length=20,
                verbose_name="answered as",
            ),
        ),
        migrations.RunPython(facts_from_delegations, migrations.RunPython.noop),
        migrations.RemoveField(model_name="comment", name="official_label"),
    ]
