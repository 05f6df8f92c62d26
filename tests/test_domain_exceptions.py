"""Refusals carry what a page needs, and a lost race is refused like a second request."""

import pytest
from django.db import IntegrityError

from membership import services
from membership.models import Membership
from membership.services import memberships

from .factories import MembershipFactory


def test_every_refusal_is_a_membership_error_with_its_own_code():
    refusals = [
        services.InvalidKind,
        services.NotAcceptingMembers,
        services.AlreadyMember,
        services.CoreMembershipElsewhere,
        services.NotAMember,
        services.AlreadyThatKind,
        services.NotAcceptingInterest,
        services.AlreadyInterested,
        services.NotInterested,
        services.LeadMustBeCore,
        services.InvalidStatusChange,
    ]

    assert all(issubclass(refusal, services.MembershipError) for refusal in refusals)
    codes = [refusal.code for refusal in refusals]
    assert len(set(codes)) == len(codes)


def test_a_refusal_reads_as_its_message(staff, community):
    with pytest.raises(services.NotAMember) as refused:
        services.leave(person=staff, community=community)

    assert str(refused.value) == refused.value.message


def test_a_core_join_that_loses_a_race_is_refused_like_a_second_request(
    staff, community, other_community, monkeypatch
):
    # Another request committed a core membership after this one read that there was none:
    # the database constraint catches it, and the person hears the usual refusal.
    MembershipFactory(person=staff, community=community, kind="core")
    monkeypatch.setattr(memberships, "active_core", lambda person: None)

    with pytest.raises(services.CoreMembershipElsewhere) as refused:
        services.join(person=staff, community=other_community, kind="core")

    assert refused.value.community == community
    assert Membership.objects.filter(person=staff).count() == 1


def test_a_double_join_that_loses_a_race_is_refused_as_already_member(
    staff, community, monkeypatch
):
    MembershipFactory(person=staff, community=community, kind="wider")
    monkeypatch.setattr(memberships, "active_membership", lambda person, community: None)

    with pytest.raises(services.AlreadyMember) as refused:
        services.join(person=staff, community=community, kind="wider")

    assert refused.value.membership.kind == "wider"
    assert Membership.objects.filter(person=staff).count() == 1


def test_a_lost_race_leaves_the_transaction_usable(staff, community, other_community, monkeypatch):
    MembershipFactory(person=staff, community=community, kind="core")
    monkeypatch.setattr(memberships, "active_core", lambda person: None)
    with pytest.raises(services.CoreMembershipElsewhere):
        services.join(person=staff, community=other_community, kind="core")
    monkeypatch.undo()

    services.join(person=staff, community=other_community, kind="wider")

    assert Membership.objects.active().filter(person=staff).count() == 2


def test_a_lead_appointment_that_loses_a_race_is_refused_as_lead_must_be_core(
    staff, community, other_community, monkeypatch
):
    # The Head read a core membership, but another request made it wider before she saved:
    # the lead check in the database catches it, and she hears why, not "already a member".
    MembershipFactory(person=staff, community=other_community, kind="core")
    membership = MembershipFactory(person=staff, community=community, kind="wider")
    stale = Membership.objects.get(pk=membership.pk)
    stale.kind = "core"
    monkeypatch.setattr(memberships, "lock_membership", lambda membership: stale)

    with pytest.raises(services.LeadMustBeCore) as refused:
        services.set_lead(membership=membership, is_lead=True)

    assert "already" not in refused.value.message
    assert refused.value.community == community
    assert not Membership.objects.filter(is_lead=True).exists()


def test_an_unknown_integrity_error_is_refused_with_the_generic_message(
    staff, community, monkeypatch
):
    MembershipFactory(person=staff, community=community, kind="core")

    def fails(person):
        raise IntegrityError("FOREIGN KEY constraint failed")

    monkeypatch.setattr(memberships, "lock_person", fails)

    with pytest.raises(services.MembershipError) as refused:
        services.leave(person=staff, community=community)

    assert type(refused.value) is services.MembershipError
    assert refused.value.message == (
        "Someone changed this at the same moment. Please check and try again."
    )
    assert Membership.objects.active().filter(person=staff).count() == 1
