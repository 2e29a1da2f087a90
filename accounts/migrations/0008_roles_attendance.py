from django.db import migrations


def grant(apps, schema_editor):
    from accounts.roles import sync_roles

    sync_roles(apps, using=schema_editor.connection.alias, strict=False)


class Migration(migrations.Migration):
    """Coordinators keep the sessions of their activities and mark attendance on them."""

    dependencies = [
        ("accounts", "0007_api_tokens"),
        ("courses", "0006_sessions_and_attendance_threshold"),
        ("trainees", "0009_attendance_from_attended"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
