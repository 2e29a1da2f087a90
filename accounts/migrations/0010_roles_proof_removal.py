from django.db import migrations


def grant(apps, schema_editor):
    from accounts.roles import sync_roles

    sync_roles(apps, using=schema_editor.connection.alias, strict=False)


class Migration(migrations.Migration):
    """Programme administrators may remove any signed attendance sheet of their programme."""

    dependencies = [
        ("accounts", "0009_roles_results"),
        ("trainees", "0010_attendance_proof_session_and_history"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
