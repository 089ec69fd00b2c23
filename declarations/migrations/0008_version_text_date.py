from django.db import migrations, models


def adopted_texts_dated(apps, schema_editor):
    """A text loaded with its adoption date, as the demo loads Montréal 2015 and Düsseldorf 2019, carries that date on
    its first version."""
    DeclarationVersion = apps.get_model("declarations", "DeclarationVersion")
    for version in DeclarationVersion.objects.filter(
        number=1, declaration__adopted_on__isnull=False
    ).select_related("declaration"):
        version.text_date = version.declaration.adopted_on
        version.save(update_fields=["text_date"])


class Migration(migrations.Migration):
    dependencies = [("declarations", "0007_update_photos")]

    operations = [
        migrations.AddField(
            model_name="declarationversion",
            name="text_date",
            field=models.DateField(blank=True, null=True, verbose_name="date of the text"),
        ),
        migrations.RunPython(adopted_texts_dated, migrations.RunPython.noop),
    ]
