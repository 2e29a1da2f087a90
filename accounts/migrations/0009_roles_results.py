from django.db import migrations


def grant(apps, schema_editor):
    from accounts.roles import sync_roles

    sync_roles(apps, using=schema_editor.connection.alias, strict=False)


class Migration(migrations.Migration):
    """Admins of a programme edit its results framework and approve manual values; coordinators enter them."""

    dependencies = [
        ("accounts", "0008_roles_attendance"),
        ("results", "0001_framework"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
