"""Joining as core, or changing to core, while already a core member elsewhere: the confirmation
page and each of its answers."""

import pytest

from membership.models import Membership

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def core_elsewhere(staff, other_community):
    """Alice is a core member of Events Management."""
    return MembershipFactory(person=staff, community=other_community, kind="core")


def join_url(community):
    return f"/communities/{community.slug}/join/"


def kind_url(community):
    return f"/communities/{community.slug}/kind/"


def test_second_core_join_offers_a_switch_and_writes_nothing(
    client_for, staff, community, core_elsewhere
):
    response = client_for(staff).post(join_url(community), {"kind": "core"})

    assert response.status_code == 200
    assert "You are already a core member of Events Management" in response.text
    assert "a core member of one community at a time" in response.text
    assert "Switch and stay a wider member" in response.text
    assert "Switch and leave Events Management" in response.text
    assert "Join as a wider member instead" in response.text
    assert 'href="/communities/data-and-insight/">Cancel and change nothing' in response.text
    assert list(Membership.objects.active().values_list("community__slug", "kind")) == [
        ("events-management", "core")
    ]


def test_switching_makes_the_old_core_membership_wider(
    client_for, staff, community, core_elsewhere
):
    response = client_for(staff).post(
        join_url(community), {"kind": "core", "confirm_switch": "1"}, follow=True
    )

    assert "You are now a core member of Data and Insight." in response.text
    assert "You are now a wider member of Events Management." in response.text
    core_elsewhere.refresh_from_db()
    assert core_elsewhere.kind == "wider"
    assert core_elsewhere.ended_at is None
    assert Membership.objects.active().get(person=staff, community=community).kind == "core"


def test_switching_and_leaving_ends_the_old_membership(
    client_for, staff, community, core_elsewhere
):
    response = client_for(staff).post(
        join_url(community),
        {"kind": "core", "confirm_switch": "1", "previous": "leave"},
        follow=True,
    )

    assert "You have left Events Management." in response.text
    core_elsewhere.refresh_from_db()
    assert core_elsewhere.ended_at is not None
    assert list(Membership.objects.active().values_list("community__slug", "kind")) == [
        ("data-and-insight", "core")
    ]


def test_joining_as_wider_instead_keeps_the_core_membership(
    client_for, staff, community, core_elsewhere
):
    response = client_for(staff).post(join_url(community), {"kind": "wider"}, follow=True)

    assert "You are now a wider member of Data and Insight." in response.text
    core_elsewhere.refresh_from_db()
    assert core_elsewhere.kind == "core"
    assert Membership.objects.active().get(person=staff, community=community).kind == "wider"


def test_a_double_click_on_switch_is_reported_as_done(client_for, staff, community, core_elsewhere):
    signed_in = client_for(staff)
    signed_in.post(join_url(community), {"kind": "core", "confirm_switch": "1"})
    response = signed_in.post(
        join_url(community), {"kind": "core", "confirm_switch": "1"}, follow=True
    )

    assert "You are already a core member of Data and Insight." in response.text
    assert Membership.objects.filter(person=staff).count() == 2
    assert Membership.objects.active().core().get(person=staff).community == community


def test_a_lead_is_warned_and_stops_leading_after_the_switch(
    client_for, staff, community, other_community
):
    MembershipFactory(person=staff, community=other_community, kind="core", is_lead=True)
    signed_in = client_for(staff)

    confirmation = signed_in.post(join_url(community), {"kind": "core"})
    assert "You are one of the leads of Events Management" in confirmation.text

    response = signed_in.post(
        join_url(community), {"kind": "core", "confirm_switch": "1"}, follow=True
    )
    assert "You are no longer a lead of Events Management" in response.text
    old = Membership.objects.get(person=staff, community=other_community)
    assert (old.kind, old.is_lead) == ("wider", False)


def test_changing_to_core_while_core_elsewhere_shows_the_same_confirmation(
    client_for, staff, community, core_elsewhere
):
    MembershipFactory(person=staff, community=community, kind="wider")

    response = client_for(staff).post(kind_url(community), {"kind": "core"})

    assert response.status_code == 200
    assert "You are already a core member of Events Management" in response.text
    assert f'action="{kind_url(community)}"' in response.text
    assert "Join as a wider member instead" not in response.text
    assert Membership.objects.active().get(person=staff, community=community).kind == "wider"


def test_confirming_the_change_to_core_moves_the_core_membership(
    client_for, staff, community, core_elsewhere
):
    MembershipFactory(person=staff, community=community, kind="wider")

    response = client_for(staff).post(
        kind_url(community),
        {"kind": "core", "confirm_switch": "1", "previous": "leave"},
        follow=True,
    )

    assert "You are now a core member of Data and Insight." in response.text
    core_elsewhere.refresh_from_db()
    assert core_elsewhere.ended_at is not None
    assert Membership.objects.active().get(person=staff).community == community


def test_a_switch_into_a_community_that_closed_meanwhile_is_refused(
    client_for, staff, closed_community, core_elsewhere
):
    response = client_for(staff).post(
        join_url(closed_community), {"kind": "core", "confirm_switch": "1"}, follow=True
    )

    assert "has closed" in response.text
    core_elsewhere.refresh_from_db()
    assert (core_elsewhere.kind, core_elsewhere.ended_at) == ("core", None)
