"""The Head of CoPs role is the "CoP administrators" group, and it alone gives admin access."""

from django.contrib.auth.models import Group

from membership.models import HEAD_OF_COPS_GROUP, Person

from .factories import PersonFactory


def cop_administrators() -> Group:
    return Group.objects.get(name=HEAD_OF_COPS_GROUP)


def admin_access(person: Person) -> bool:
    return Person.objects.get(pk=person.pk).is_staff


def test_the_migration_creates_the_cop_administrators_group_with_the_heads_permissions(db):
    codenames = set(cop_administrators().permissions.values_list("codename", flat=True))

    assert {"add_community", "change_community", "change_membership", "view_interest"} <= codenames
    # Memberships end rather than vanish, and communities close: the Head deletes nothing.
    assert not any(codename.startswith("delete_") for codename in codenames)


def test_adding_a_person_to_the_group_gives_admin_access(staff):
    staff.groups.add(cop_administrators())

    assert admin_access(staff) is True
    assert staff.is_staff is True


def test_removing_a_person_from_the_group_takes_admin_access_away(staff):
    staff.groups.add(cop_administrators())

    staff.groups.remove(cop_administrators())

    assert admin_access(staff) is False


def test_clearing_a_persons_groups_takes_admin_access_away(staff):
    staff.groups.add(cop_administrators())

    staff.groups.clear()

    assert admin_access(staff) is False


def test_adding_people_from_the_group_side_gives_them_admin_access(staff, other_staff):
    cop_administrators().user_set.add(staff, other_staff)

    assert (admin_access(staff), admin_access(other_staff)) == (True, True)


def test_removing_people_from_the_group_side_takes_admin_access_away(staff, other_staff):
    group = cop_administrators()
    group.user_set.add(staff, other_staff)

    group.user_set.remove(staff)

    assert (admin_access(staff), admin_access(other_staff)) == (False, True)


def test_clearing_the_group_takes_admin_access_from_everyone_in_it(staff, other_staff):
    group = cop_administrators()
    group.user_set.add(staff, other_staff)

    group.user_set.clear()

    assert (admin_access(staff), admin_access(other_staff)) == (False, False)


def test_setting_the_groups_members_keeps_admin_access_in_step(staff, other_staff):
    group = cop_administrators()
    group.user_set.add(staff)

    group.user_set.set([other_staff])

    assert (admin_access(staff), admin_access(other_staff)) == (False, True)


def test_joining_some_other_group_gives_no_admin_access(staff):
    staff.groups.add(Group.objects.create(name="Newsletter editors"))

    assert admin_access(staff) is False


def test_superusers_keep_admin_access_when_they_leave_the_group(superuser):
    superuser.groups.add(cop_administrators())
    superuser.groups.remove(cop_administrators())
    cop_administrators().user_set.clear()

    assert admin_access(superuser) is True


def test_the_head_is_recognised_as_head_of_cops(head, staff):
    assert head.is_head_of_cops is True
    assert staff.is_head_of_cops is False


def test_a_person_made_without_the_group_has_no_admin_access(db):
    assert admin_access(PersonFactory()) is False
