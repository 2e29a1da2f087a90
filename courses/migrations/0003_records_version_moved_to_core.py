from django.db import migrations


class Migration(migrations.Migration):
    """The records' version now belongs to core (its table was renamed there); forget it here."""

    dependencies = [
        ("courses", "0002_records_version"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RecordsVersion")],
            database_operations=[],
        ),
    ]
