from django.db import migrations


def grant(apps, schema_editor):
    from accounts.roles import sync_roles

    sync_roles(apps, using=schema_editor.connection.alias, strict=False)


class Migration(migrations.Migration):
    """Grant officials and up the dashboard and the committee reports."""

    dependencies = [
        ("accounts", "0003_roles_records"),
        ("reports", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
