from django.db import migrations


def load(apps, schema_editor):
    from results.catalogue import catalogue_load

    catalogue_load(apps.get_model("results", "DonorIndicator"))


def unload(apps, schema_editor):
    apps.get_model("results", "DonorIndicator").objects.filter(donor="EUTF", indicators=None).delete()


class Migration(migrations.Migration):
    dependencies = [("results", "0001_framework")]

    operations = [migrations.RunPython(load, unload)]
