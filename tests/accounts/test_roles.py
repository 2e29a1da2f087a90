from django.contrib.auth.models import Group

from accounts.roles import ROLE_PERMISSIONS, Role, landing_url_name, sync_roles, user_role
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


def test_the_strongest_group_gives_the_role(roles):
    user = UserFactory(role=Role.OFFICIAL)
    user.groups.add(Group.objects.get(name=Role.COORDINATOR))
    assert user_role(user) == Role.COORDINATOR


def test_a_user_without_a_group_has_no_role_and_no_landing_page(roles):
    user = UserFactory()
    assert user_role(user) is None
    assert landing_url_name(user) is None
