from django.db import migrations


def grant(apps, schema_editor):
    from accounts.roles import sync_roles

    sync_roles(apps, using=schema_editor.connection.alias, strict=False)


class Migration(migrations.Migration):
    """Admins of a programme manage its team and answer personal-data requests; the admin site's
    user permissions are no longer part of a role (site administrators are superusers)."""

    dependencies = [
        ("accounts", "0005_roles_lists"),
        ("courses", "0004_memberships_rosters_national_experts"),
        ("trainees", "0005_personal_data_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
