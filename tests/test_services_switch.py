"""One core membership at a time: a second core join is refused unless the person switches."""

import pytest

from membership import services
from membership.models import Membership

from .factories import CommunityFactory


def test_a_second_core_join_is_refused_naming_the_current_core_community(
    staff, community, other_community
):
    current = services.join(person=staff, community=community, kind="core").membership

    with pytest.raises(services.CoreMembershipElsewhere) as refused:
        services.join(person=staff, community=other_community, kind="core")

    assert refused.value.message == (
        "You are already a core member of Data and Insight. "
        "You can be a core member of one community at a time."
    )
    assert refused.value.current == current
    assert refused.value.community == community
    assert refused.value.code == "core_elsewhere"


def test_a_refused_second_core_join_writes_nothing(staff, community, other_community):
    services.join(person=staff, community=community, kind="core")
    before = list(Membership.objects.values_list("pk", "community_id", "kind", "ended_at"))

    with pytest.raises(services.CoreMembershipElsewhere):
        services.join(person=staff, community=other_community, kind="core")

    after = list(Membership.objects.values_list("pk", "community_id", "kind", "ended_at"))
    assert after == before


def test_switching_core_makes_the_old_core_membership_wider(staff, community, other_community):
    old = services.join(person=staff, community=community, kind="core").membership

    new = services.join(
        person=staff, community=other_community, kind="core", switch_core=True
    ).membership

    old.refresh_from_db()
    assert new.kind == Membership.Kind.CORE
    assert old.kind == Membership.Kind.WIDER
    assert old.is_active
    assert Membership.objects.count() == 2


def test_switching_core_and_leaving_the_previous_community_ends_the_old_membership(
    staff, community, other_community
):
    old = services.join(person=staff, community=community, kind="core").membership

    services.join(
        person=staff,
        community=other_community,
        kind="core",
        switch_core=True,
        leave_previous=True,
    )

    old.refresh_from_db()
    assert old.ended_at is not None
    active = Membership.objects.active().filter(person=staff)
    assert list(active.values_list("community__name", "kind")) == [("Events Management", "core")]


def test_switch_core_does_nothing_extra_when_there_is_no_core_membership_to_move(
    staff, community, other_community
):
    services.join(person=staff, community=community, kind="wider")

    services.join(
        person=staff, community=other_community, kind="core", switch_core=True, leave_previous=True
    )

    kinds = dict(Membership.objects.active().values_list("community__name", "kind"))
    assert kinds == {"Data and Insight": "wider", "Events Management": "core"}


def test_a_lead_who_switches_core_stops_being_lead_and_the_head_is_emailed(
    staff, head, community, other_community, django_capture_on_commit_callbacks, mailoutbox
):
    old = services.join(person=staff, community=community, kind="core").membership
    services.set_lead(membership=old, is_lead=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.join(person=staff, community=other_community, kind="core", switch_core=True)

    old.refresh_from_db()
    assert old.is_lead is False
    assert old.kind == Membership.Kind.WIDER
    # Alice is welcomed to her new community; the Head hears that the old one lost a lead.
    told = [message for message in mailoutbox if message.to == [head.email]]
    assert len(told) == 1
    assert told[0].subject == "Data and Insight has lost a lead: Alice Adams"
    assert [message.to for message in mailoutbox if message not in told] == [[staff.email]]


def test_a_lead_who_switches_core_and_leaves_stops_being_lead(
    staff, head, community, other_community, django_capture_on_commit_callbacks, mailoutbox
):
    old = services.join(person=staff, community=community, kind="core").membership
    services.set_lead(membership=old, is_lead=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.join(
            person=staff,
            community=other_community,
            kind="core",
            switch_core=True,
            leave_previous=True,
        )

    old.refresh_from_db()
    assert (old.is_lead, old.ended_at is not None) == (False, True)
    assert sorted(message.to for message in mailoutbox) == [[staff.email], [head.email]]


def test_a_switch_refused_because_the_new_community_is_not_open_keeps_the_old_core(
    staff, community, preparing_community
):
    old = services.join(person=staff, community=community, kind="core").membership

    with pytest.raises(services.NotAcceptingMembers):
        services.join(person=staff, community=preparing_community, kind="core", switch_core=True)

    old.refresh_from_db()
    assert (old.kind, old.ended_at) == (Membership.Kind.CORE, None)
    assert Membership.objects.count() == 1


def test_a_switch_into_a_community_already_joined_as_wider_is_refused_as_already_member(
    staff, community, other_community
):
    services.join(person=staff, community=community, kind="core")
    services.join(person=staff, community=other_community, kind="wider")

    # Joining is for new communities; becoming core where one is already wider is change_kind.
    with pytest.raises(services.AlreadyMember):
        services.join(person=staff, community=other_community, kind="core", switch_core=True)

    kinds = dict(Membership.objects.active().values_list("community__name", "kind"))
    assert kinds == {"Data and Insight": "core", "Events Management": "wider"}


def test_moving_core_round_several_communities_leaves_one_core_and_the_rest_wider(staff):
    communities = CommunityFactory.create_batch(4)
    for target in communities:
        services.join(person=staff, community=target, kind="core", switch_core=True)

    active = Membership.objects.active().filter(person=staff)
    assert active.core().get().community == communities[-1]
    assert active.wider().count() == 3
