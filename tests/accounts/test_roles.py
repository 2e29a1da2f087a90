from django.contrib.auth.models import Group

from accounts.roles import ROLE_PERMISSIONS, Role, landing_url_name, sync_roles
from tests.factories import UserFactory


def permission_names(group: Group) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


def test_the_migrations_create_each_role_with_exactly_its_permissions(db):
    for role, names in ROLE_PERMISSIONS.items():
        assert permission_names(Group.objects.get(name=role)) == set(names)


def test_syncing_roles_again_changes_nothing(db):
    before = {g.name: permission_names(g) for g in Group.objects.all()}
    sync_roles()
    assert {g.name: permission_names(g) for g in Group.objects.all()} == before


def test_an_admin_holds_every_permission_of_a_coordinator_and_a_coordinator_every_one_of_an_official():
    assert set(ROLE_PERMISSIONS[Role.OFFICIAL]) <= set(ROLE_PERMISSIONS[Role.COORDINATOR])
    assert set(ROLE_PERMISSIONS[Role.COORDINATOR]) <= set(ROLE_PERMISSIONS[Role.ADMIN])


def test_the_strongest_role_among_programmes_chooses_the_landing_page(roles):
    from tests.factories import ProgrammeFactory

    user = UserFactory(role=Role.OFFICIAL)
    UserFactory(
        username=user.username, role=Role.COORDINATOR, role__programme=ProgrammeFactory(name="POC Mali")
    )
    assert landing_url_name(user) == "courses:activity-list"


def test_a_user_without_a_membership_has_no_landing_page(roles):
    user = UserFactory()
    assert landing_url_name(user) is None


def test_a_role_group_is_never_given_to_a_user_by_the_migrations(roles):
    """Groups mirror the roles' permissions for the admin site; memberships carry the roles."""
    UserFactory(role=Role.ADMIN)
    assert not Group.objects.filter(user__isnull=False).exists()
