import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def experts_national(apps, schema_editor):
    """The Senegal-only word becomes the programme's: "national" experts are of the programme's country."""
    for name in ("Expert", "HistoricalExpert"):
        apps.get_model("courses", name).objects.filter(category="senegalese").update(category="national")


def experts_senegalese(apps, schema_editor):
    for name in ("Expert", "HistoricalExpert"):
        apps.get_model("courses", name).objects.filter(category="national").update(category="senegalese")


class Migration(migrations.Migration):
    """Roles per programme (memberships), experts on programmes' rosters, national experts."""

    dependencies = [
        ("courses", "0003_records_version_moved_to_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalMembership",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="created at")),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="last changed at"),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("coordinator", "Coordinator"),
                            ("official", "Official"),
                            ("admin", "Administrator"),
                        ],
                        max_length=20,
                        verbose_name="role",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical membership",
                "verbose_name_plural": "historical memberships",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last changed at")),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("coordinator", "Coordinator"),
                            ("official", "Official"),
                            ("admin", "Administrator"),
                        ],
                        max_length=20,
                        verbose_name="role",
                    ),
                ),
            ],
            options={
                "verbose_name": "membership",
                "verbose_name_plural": "memberships",
                "ordering": ["programme", "user__last_name", "user__first_name"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="expert",
            name="expert_category_valid",
        ),
        migrations.AddField(
            model_name="expert",
            name="programmes",
            field=models.ManyToManyField(
                blank=True,
                help_text="The programmes whose roster the expert is on (an assignment adds its programme).",
                related_name="experts",
                to="courses.programme",
                verbose_name="programmes",
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="country",
            field=models.CharField(
                choices=[
                    ("SN", "Senegal"),
                    ("ES", "Spain"),
                    ("FR", "France"),
                    ("PT", "Portugal"),
                    ("IT", "Italy"),
                    ("BE", "Belgium"),
                    ("DE", "Germany"),
                    ("NL", "Netherlands"),
                    ("MA", "Morocco"),
                    ("MR", "Mauritania"),
                    ("ML", "Mali"),
                    ("GM", "Gambia"),
                    ("GN", "Guinea"),
                    ("GW", "Guinea-Bissau"),
                    ("CV", "Cabo Verde"),
                    ("NE", "Niger"),
                    ("CI", "Côte d’Ivoire"),
                    ("ZZ", "Other country"),
                ],
                default="SN",
                help_text="Where the programme works: its national experts are of this country.",
                max_length=2,
                verbose_name="country",
            ),
        ),
        migrations.AlterField(
            model_name="expert",
            name="category",
            field=models.CharField(
                choices=[("international", "International"), ("national", "National")],
                max_length=20,
                verbose_name="category",
            ),
        ),
        migrations.AlterField(
            model_name="historicalexpert",
            name="category",
            field=models.CharField(
                choices=[("international", "International"), ("national", "National")],
                max_length=20,
                verbose_name="category",
            ),
        ),
        migrations.RunPython(experts_national, experts_senegalese),
        migrations.AddConstraint(
            model_name="expert",
            constraint=models.CheckConstraint(
                condition=models.Q(("category__in", ["international", "national"])),
                name="expert_category_valid",
            ),
        ),
        migrations.AddField(
            model_name="historicalmembership",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="created by",
            ),
        ),
        migrations.AddField(
            model_name="historicalmembership",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalmembership",
            name="programme",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="courses.programme",
                verbose_name="programme",
            ),
        ),
        migrations.AddField(
            model_name="historicalmembership",
            name="updated_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="last changed by",
            ),
        ),
        migrations.AddField(
            model_name="historicalmembership",
            name="user",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="created by",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="programme",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="memberships",
                to="courses.programme",
                verbose_name="programme",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="updated_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="last changed by",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="memberships",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(fields=("user", "programme"), name="membership_unique_pair"),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(("role__in", ["coordinator", "official", "admin"])),
                name="membership_role_valid",
            ),
        ),
    ]
