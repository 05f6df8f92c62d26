"""The membership services tell the apps above what happened, once the change has committed."""

import pytest
from django.db import transaction

from membership import services, signals
from membership.models import Membership

from .factories import MembershipFactory


@pytest.fixture
def heard():
    """Every signal of `membership.signals` received during the test, as (name, kwargs)."""
    received = []
    names = [
        "membership_joined",
        "membership_ended",
        "core_moved",
        "kind_changed",
        "community_launched",
        "community_closed",
    ]
    receivers = {}
    for name in names:

        def receiver(sender, name=name, **kwargs):
            kwargs.pop("signal")
            received.append((name, kwargs))

        receivers[name] = receiver
        getattr(signals, name).connect(receiver, weak=False)
    yield received
    for name, receiver in receivers.items():
        getattr(signals, name).disconnect(receiver)


def test_joining_is_heard_only_after_commit(
    staff, community, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        change = services.join(person=staff, community=community, kind="wider")
    assert heard == []

    for callback in callbacks:
        callback()

    assert heard == [("membership_joined", {"membership": change.membership})]


def test_a_change_that_rolls_back_is_never_heard(
    staff, community, heard, django_capture_on_commit_callbacks
):
    def join_then_fail():
        with transaction.atomic():
            services.join(person=staff, community=community, kind="wider")
            raise RuntimeError("the request failed after the join")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        join_then_fail()

    assert heard == []


def test_a_core_switch_is_heard_as_a_move_and_a_change_of_kind(
    staff, community, other_community, heard, django_capture_on_commit_callbacks
):
    old = MembershipFactory(person=staff, community=community, kind="core")
    with django_capture_on_commit_callbacks(execute=True):
        change = services.join(
            person=staff, community=other_community, kind="core", switch_core=True
        )

    assert [name for name, _ in heard] == ["kind_changed", "membership_joined", "core_moved"]
    assert heard[0][1] == {"membership": old, "old_kind": "core", "new_kind": "wider"}
    assert heard[2][1] == {"person": staff, "previous": old, "current": change.membership}


def test_leaving_the_previous_core_community_is_heard_as_an_ending(
    staff, community, other_community, heard, django_capture_on_commit_callbacks
):
    old = MembershipFactory(person=staff, community=community, kind="core")
    with django_capture_on_commit_callbacks(execute=True):
        services.join(
            person=staff,
            community=other_community,
            kind="core",
            switch_core=True,
            leave_previous=True,
        )

    assert ("membership_ended", {"membership": old, "reason": "switched"}) in heard


def test_leaving_is_heard(staff, community, heard, django_capture_on_commit_callbacks):
    membership = MembershipFactory(person=staff, community=community, kind="wider")
    with django_capture_on_commit_callbacks(execute=True):
        services.leave(person=staff, community=community)

    assert heard == [("membership_ended", {"membership": membership, "reason": "left"})]


def test_a_change_of_kind_from_the_admin_is_heard_like_one_from_the_page(
    staff, community, heard, django_capture_on_commit_callbacks
):
    membership = MembershipFactory(person=staff, community=community, kind="core", is_lead=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_membership(membership=membership, kind="wider", is_lead=False)

    assert heard == [
        ("kind_changed", {"membership": membership, "old_kind": "core", "new_kind": "wider"})
    ]


def test_launching_and_closing_are_heard(
    staff, preparing_community, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.launch_community(community=preparing_community)
    change = services.join(person=staff, community=preparing_community, kind="core")
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.close_community(community=preparing_community)

    assert heard == [
        ("membership_ended", {"membership": change.membership, "reason": "community_closed"}),
        (
            "community_closed",
            {"community": preparing_community, "membership_ids": [change.membership.pk]},
        ),
    ]
    assert not Membership.objects.active().exists()


def test_a_failing_receiver_is_logged_and_the_change_stands(
    staff, community, caplog, django_capture_on_commit_callbacks
):
    def broken(sender, **kwargs):
        raise ValueError("a higher app's bug")

    signals.membership_joined.connect(broken, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.join(person=staff, community=community, kind="wider")
    finally:
        signals.membership_joined.disconnect(broken)

    assert Membership.objects.active().filter(person=staff).exists()
    assert "a higher app's bug" in caplog.text
