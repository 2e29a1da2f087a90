from django.db import migrations

ROLE_ORDER = ["admin", "coordinator", "official"]  # the strongest first


def fill(apps, schema_editor):
    """Rosters from the records, and each user's global role as a role in every programme.

    Experts and trainees are on the roster of the programmes of their activities; those with no
    activity yet are on every programme's roster (the site had a single programme until now).
    """
    Programme = apps.get_model("courses", "Programme")
    Expert = apps.get_model("courses", "Expert")
    ExpertAssignment = apps.get_model("courses", "ExpertAssignment")
    Trainee = apps.get_model("trainees", "Trainee")
    Participation = apps.get_model("trainees", "Participation")
    Membership = apps.get_model("courses", "Membership")
    User = apps.get_model("accounts", "User")
    programmes = list(Programme.objects.values_list("pk", flat=True))

    for model, links, person in (
        (Expert, ExpertAssignment, "expert_id"),
        (Trainee, Participation, "trainee_id"),
    ):
        through = model.programmes.through
        pairs = set(links.objects.values_list(person, "activity__programme_id").distinct())
        placed = {person_id for person_id, _programme in pairs}
        pairs |= {
            (person_id, programme)
            for person_id in model.objects.exclude(pk__in=placed).values_list("pk", flat=True)
            for programme in programmes
        }
        through.objects.bulk_create(
            [through(**{person: person_id, "programme_id": programme}) for person_id, programme in pairs],
            batch_size=5000,
        )

    memberships = []
    for user in User.objects.filter(groups__name__in=ROLE_ORDER).distinct().prefetch_related("groups"):
        names = {group.name for group in user.groups.all()}
        role = next(role for role in ROLE_ORDER if role in names)
        memberships += [Membership(user=user, programme_id=pk, role=role) for pk in programmes]
        user.groups.remove(*[group for group in user.groups.all() if group.name in ROLE_ORDER])
    Membership.objects.bulk_create(memberships, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [
        ("trainees", "0003_trainee_programmes"),
        ("courses", "0004_memberships_rosters_national_experts"),
        ("accounts", "0005_roles_lists"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
