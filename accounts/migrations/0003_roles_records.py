from django.db import migrations


def grant(apps, schema_editor):
    from accounts.roles import sync_roles

    sync_roles(apps, using=schema_editor.connection.alias, strict=False)


class Migration(migrations.Migration):
    """Grant the roles their permissions on activities, experts, trainees and participations."""

    dependencies = [
        ("accounts", "0002_roles"),
        ("courses", "0001_initial"),
        ("trainees", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
