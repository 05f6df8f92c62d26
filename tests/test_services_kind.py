"""Changing between core and wider edits the same membership, and the change is recorded."""

import pytest

from membership import services
from membership.models import Membership


def test_becoming_core_edits_the_same_membership(staff, community):
    membership = services.join(person=staff, community=community, kind="wider").membership

    changed = services.change_kind(person=staff, community=community, kind="core").membership

    assert changed.pk == membership.pk
    membership.refresh_from_db()
    assert membership.kind == Membership.Kind.CORE
    assert Membership.objects.count() == 1


def test_becoming_wider_edits_the_same_membership(staff, community):
    membership = services.join(person=staff, community=community, kind="core").membership

    services.change_kind(person=staff, community=community, kind="wider")

    membership.refresh_from_db()
    assert (membership.kind, membership.ended_at) == (Membership.Kind.WIDER, None)


def test_every_change_of_kind_is_recorded_in_the_membership_history(staff, community):
    membership = services.join(person=staff, community=community, kind="wider").membership
    services.change_kind(person=staff, community=community, kind="core")
    services.change_kind(person=staff, community=community, kind="wider")

    recorded = list(membership.history.order_by("history_date").values_list("kind", flat=True))
    assert recorded == ["wider", "core", "wider"]
    latest = membership.history.latest()
    assert latest.history_type == "~"
    assert latest.history_date >= membership.joined_at


def test_the_history_says_who_made_the_change_when_someone_is_named(staff, head, community):
    membership = services.join(person=staff, community=community, kind="wider").membership
    # Requests name the user through simple_history's middleware; here we name them directly.
    from simple_history.models import HistoricalRecords

    HistoricalRecords.context.request = type("Request", (), {"user": head})()
    try:
        services.change_kind(person=staff, community=community, kind="core")
    finally:
        del HistoricalRecords.context.request

    assert membership.history.latest().history_user == head


def test_becoming_core_while_core_elsewhere_needs_the_switch(staff, community, other_community):
    services.join(person=staff, community=community, kind="core")
    wider = services.join(person=staff, community=other_community, kind="wider").membership

    with pytest.raises(services.CoreMembershipElsewhere) as refused:
        services.change_kind(person=staff, community=other_community, kind="core")

    assert refused.value.community == community
    assert refused.value.message.startswith("You are already a core member of Data and Insight.")
    wider.refresh_from_db()
    assert wider.kind == Membership.Kind.WIDER


def test_becoming_core_with_the_switch_makes_the_old_core_wider(staff, community, other_community):
    old = services.join(person=staff, community=community, kind="core").membership
    services.join(person=staff, community=other_community, kind="wider")

    services.change_kind(person=staff, community=other_community, kind="core", switch_core=True)

    old.refresh_from_db()
    assert old.kind == Membership.Kind.WIDER
    kinds = dict(Membership.objects.active().values_list("community__name", "kind"))
    assert kinds == {"Data and Insight": "wider", "Events Management": "core"}


def test_becoming_core_with_the_switch_and_leaving_ends_the_old_core(
    staff, community, other_community
):
    old = services.join(person=staff, community=community, kind="core").membership
    services.join(person=staff, community=other_community, kind="wider")

    services.change_kind(
        person=staff,
        community=other_community,
        kind="core",
        switch_core=True,
        leave_previous=True,
    )

    old.refresh_from_db()
    assert old.ended_at is not None
    assert list(Membership.objects.active().values_list("community__name", "kind")) == [
        ("Events Management", "core")
    ]


def test_changing_to_the_kind_already_held_is_refused(staff, community):
    services.join(person=staff, community=community, kind="core")

    with pytest.raises(services.AlreadyThatKind) as refused:
        services.change_kind(person=staff, community=community, kind="core")

    assert refused.value.message == "You are already a core member of Data and Insight."
    assert Membership.objects.get().history.count() == 1


def test_changing_kind_in_a_community_never_joined_is_refused(staff, community):
    with pytest.raises(services.NotAMember):
        services.change_kind(person=staff, community=community, kind="core")

    assert not Membership.objects.exists()


def test_changing_to_an_unknown_kind_is_refused(staff, community):
    membership = services.join(person=staff, community=community, kind="wider").membership

    with pytest.raises(services.InvalidKind):
        services.change_kind(person=staff, community=community, kind="leader")

    membership.refresh_from_db()
    assert membership.kind == Membership.Kind.WIDER


def test_a_lead_who_becomes_wider_stops_being_lead_and_the_head_is_emailed(
    staff, head, community, django_capture_on_commit_callbacks, mailoutbox
):
    membership = services.join(person=staff, community=community, kind="core").membership
    services.set_lead(membership=membership, is_lead=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_kind(person=staff, community=community, kind="wider")

    membership.refresh_from_db()
    assert (membership.kind, membership.is_lead) == (Membership.Kind.WIDER, False)
    assert [message.to for message in mailoutbox] == [[head.email]]
