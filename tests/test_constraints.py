"""The database is the last word: its named constraints hold even against writes that bypass
the services (a script, a careless admin change, a race)."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from membership.models import Interest, Membership

from .factories import CommunityFactory, InterestFactory, MembershipFactory

EARLIER = timezone.now() - timezone.timedelta(days=30)


def refused_by_database(**fields) -> bool:
    """Try to write a membership directly; True if the database refused it."""
    try:
        with transaction.atomic():
            Membership.objects.create(**fields)
    except IntegrityError:
        return True
    return False


def test_a_second_active_core_membership_is_refused_by_the_database(staff, community):
    MembershipFactory(person=staff, community=community, kind="core")

    assert refused_by_database(person=staff, community=CommunityFactory(), kind="core")
    assert Membership.objects.filter(person=staff).count() == 1


def test_a_second_active_membership_of_the_same_community_is_refused(staff, community):
    MembershipFactory(person=staff, community=community, kind="wider")

    assert refused_by_database(person=staff, community=community, kind="core")
    assert refused_by_database(person=staff, community=community, kind="wider")
    assert Membership.objects.filter(person=staff).count() == 1


def test_a_wider_member_cannot_be_a_lead_in_the_database(staff, community):
    assert refused_by_database(person=staff, community=community, kind="wider", is_lead=True)
    assert not Membership.objects.exists()


def test_an_ended_membership_cannot_be_a_lead_in_the_database(staff, community):
    assert refused_by_database(
        person=staff,
        community=community,
        kind="core",
        is_lead=True,
        joined_at=EARLIER,
        ended_at=timezone.now(),
    )


def test_turning_a_lead_into_a_wider_member_directly_is_refused(staff, community):
    lead = MembershipFactory(person=staff, community=community, kind="core", is_lead=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=lead.pk).update(kind="wider")

    lead.refresh_from_db()
    assert lead.kind == "core"


def test_a_membership_cannot_end_before_it_starts(staff, community):
    assert refused_by_database(
        person=staff,
        community=community,
        kind="wider",
        joined_at=timezone.now(),
        ended_at=EARLIER,
    )


def test_ended_memberships_do_not_count_against_a_new_one(staff, community, other_community):
    MembershipFactory(
        person=staff, community=community, kind="core", joined_at=EARLIER, ended_at=EARLIER
    )
    MembershipFactory(
        person=staff, community=other_community, kind="core", joined_at=EARLIER, ended_at=EARLIER
    )

    assert not refused_by_database(person=staff, community=community, kind="core")
    assert not refused_by_database(person=staff, community=other_community, kind="wider")
    assert Membership.objects.active().filter(person=staff).count() == 2


def test_different_people_can_each_hold_a_core_membership_of_one_community(
    staff, other_staff, community
):
    MembershipFactory(person=staff, community=community, kind="core", is_lead=True)

    assert not refused_by_database(person=other_staff, community=community, kind="core")


def test_one_core_and_several_wider_memberships_are_allowed(staff):
    MembershipFactory(person=staff, kind="core")

    for _ in range(3):
        assert not refused_by_database(person=staff, community=CommunityFactory(), kind="wider")


def test_a_second_registration_of_interest_is_refused_by_the_database(staff, preparing_community):
    InterestFactory(person=staff, community=preparing_community)

    with pytest.raises(IntegrityError), transaction.atomic():
        Interest.objects.create(person=staff, community=preparing_community)

    assert Interest.objects.count() == 1


def test_each_constraint_has_a_name_code_and_message_for_forms():
    constraints = {c.name: c for c in Membership._meta.constraints}

    assert {name: c.violation_error_code for name, c in constraints.items()} == {
        "one_active_core_membership_per_person": "core_taken",
        "one_active_membership_per_person_and_community": "already_member",
        "lead_is_active_core_member": "lead_not_core",
        "membership_ends_after_it_starts": "ends_before_start",
    }
    assert all(c.violation_error_message for c in constraints.values())
