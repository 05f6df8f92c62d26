"""Joining a community through the service: who may join what, and what is refused."""

import pytest

from membership import services
from membership.models import Membership


def test_staff_can_join_a_launched_community_as_a_core_member(staff, community):
    membership = services.join(person=staff, community=community, kind="core").membership

    assert membership.kind == Membership.Kind.CORE
    assert membership.is_active
    assert list(Membership.objects.active().filter(person=staff)) == [membership]


def test_staff_can_join_a_launched_community_as_a_wider_member(staff, community):
    membership = services.join(person=staff, community=community, kind="wider").membership

    assert membership.kind == Membership.Kind.WIDER
    assert membership.community == community


def test_wider_memberships_of_several_communities_sit_beside_one_core(
    staff, community, other_community
):
    services.join(person=staff, community=community, kind="core")
    services.join(person=staff, community=other_community, kind="wider")

    kinds = dict(Membership.objects.active().values_list("community__name", "kind"))
    assert kinds == {"Data and Insight": "core", "Events Management": "wider"}


def test_joining_a_community_in_preparation_is_refused_and_suggests_interest(
    staff, preparing_community
):
    with pytest.raises(services.NotAcceptingMembers) as refused:
        services.join(person=staff, community=preparing_community, kind="wider")

    assert refused.value.message == (
        "Widening Participation is not open to members yet: preparations are underway. "
        "You can register your interest instead."
    )
    assert refused.value.community == preparing_community
    assert not Membership.objects.exists()


def test_joining_a_closed_community_is_refused(staff, closed_community):
    with pytest.raises(services.NotAcceptingMembers, match="Old Practice has closed"):
        services.join(person=staff, community=closed_community, kind="core")

    assert not Membership.objects.exists()


def test_joining_a_community_that_closed_since_the_page_loaded_is_refused(staff, community):
    # The page held a launched community; the Head closed it before the form was sent.
    stale = type(community).objects.get(pk=community.pk)
    services.close_community(community=community)

    with pytest.raises(services.NotAcceptingMembers):
        services.join(person=staff, community=stale, kind="wider")

    assert not Membership.objects.exists()


def test_joining_twice_is_refused_with_the_membership_already_held(staff, community):
    first = services.join(person=staff, community=community, kind="wider").membership

    with pytest.raises(services.AlreadyMember) as refused:
        services.join(person=staff, community=community, kind="core")

    assert refused.value.message == "You are already a wider member of Data and Insight."
    assert refused.value.membership == first
    assert Membership.objects.count() == 1
    first.refresh_from_db()
    assert first.kind == Membership.Kind.WIDER


def test_joining_again_after_leaving_starts_a_new_membership_and_keeps_the_old_one(
    staff, community
):
    first = services.join(person=staff, community=community, kind="core").membership
    services.leave(person=staff, community=community)

    second = services.join(person=staff, community=community, kind="wider").membership

    first.refresh_from_db()
    assert first.ended_at is not None
    assert second.pk != first.pk
    assert second.is_active
    assert Membership.objects.filter(person=staff, community=community).count() == 2


@pytest.mark.parametrize("kind", ["lead", "CORE", "", "associate"])
def test_an_unknown_kind_of_membership_is_refused(staff, community, kind):
    with pytest.raises(services.InvalidKind) as refused:
        services.join(person=staff, community=community, kind=kind)

    assert refused.value.message == f"“{kind}” is not a kind of membership: choose core or wider."
    assert not Membership.objects.exists()
