import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """A practice's history becomes a Transition like every other: its `comment` is the `reason`, rows kept."""

    dependencies = [
        ("workshops", "0005_outcome_workshop_order_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="practicetransition", old_name="comment", new_name="reason"),
        migrations.AlterField(
            model_name="practicetransition",
            name="reason",
            field=models.TextField(blank=True, verbose_name="why"),
        ),
        migrations.AlterField(
            model_name="practicetransition",
            name="by",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty when the system made the change (the nightly compile, a worker, reports).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="by",
            ),
        ),
    ]
