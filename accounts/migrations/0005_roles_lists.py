from django.db import migrations


def grant(apps, schema_editor):
    from accounts.roles import sync_roles

    sync_roles(apps, using=schema_editor.connection.alias, strict=False)


class Migration(migrations.Migration):
    """Grant coordinators and admins the participant lists, attendance proofs and certificates."""

    dependencies = [
        ("accounts", "0004_roles_reports"),
        ("trainees", "0002_lists_proofs_certificates"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
