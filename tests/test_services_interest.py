"""Registering interest: only in communities still in preparation, once, and withdrawable."""

import pytest

from membership import services
from membership.models import Interest


def test_staff_can_register_interest_in_a_community_in_preparation(staff, preparing_community):
    interest = services.register_interest(person=staff, community=preparing_community)

    assert interest.person == staff
    assert interest.notified_at is None
    assert list(Interest.objects.values_list("community__name", flat=True)) == [
        "Widening Participation"
    ]


def test_interest_in_a_launched_community_is_refused_with_a_pointer_to_join(staff, community):
    with pytest.raises(services.NotAcceptingInterest) as refused:
        services.register_interest(person=staff, community=community)

    assert refused.value.message == (
        "Data and Insight is not taking registrations of interest: "
        "it has launched, so you can join it now."
    )
    assert not Interest.objects.exists()


def test_interest_in_a_closed_community_is_refused(staff, closed_community):
    with pytest.raises(services.NotAcceptingInterest, match="it has closed"):
        services.register_interest(person=staff, community=closed_community)

    assert not Interest.objects.exists()


def test_registering_interest_twice_is_refused_and_keeps_one_registration(
    staff, preparing_community
):
    services.register_interest(person=staff, community=preparing_community)

    with pytest.raises(services.AlreadyInterested) as refused:
        services.register_interest(person=staff, community=preparing_community)

    assert refused.value.message == (
        "You have already registered interest in Widening Participation."
    )
    assert Interest.objects.count() == 1


def test_two_people_can_register_interest_in_the_same_community(
    staff, other_staff, preparing_community
):
    services.register_interest(person=staff, community=preparing_community)
    services.register_interest(person=other_staff, community=preparing_community)

    assert Interest.objects.filter(community=preparing_community).count() == 2


def test_withdrawing_interest_removes_the_registration(staff, other_staff, preparing_community):
    services.register_interest(person=staff, community=preparing_community)
    services.register_interest(person=other_staff, community=preparing_community)

    services.withdraw_interest(person=staff, community=preparing_community)

    assert list(Interest.objects.values_list("person__email", flat=True)) == ["bob@ucl.ac.uk"]


def test_withdrawing_interest_never_registered_is_refused(staff, preparing_community):
    with pytest.raises(services.NotInterested) as refused:
        services.withdraw_interest(person=staff, community=preparing_community)

    assert refused.value.message == "You have not registered interest in Widening Participation."


def test_interest_can_be_registered_again_after_withdrawing(staff, preparing_community):
    services.register_interest(person=staff, community=preparing_community)
    services.withdraw_interest(person=staff, community=preparing_community)

    services.register_interest(person=staff, community=preparing_community)

    assert Interest.objects.filter(person=staff).count() == 1
