import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """The records' version moves from courses to core: the same table, renamed, with its row."""

    initial = True

    dependencies = [
        ("courses", "0002_records_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RecordsVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("value", models.BigIntegerField(default=0)),
                        ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
                    ],
                    options={
                        "verbose_name": "records version",
                        "verbose_name_plural": "records versions",
                        "db_table": "courses_recordsversion",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="recordsversion", table=None),
    ]
