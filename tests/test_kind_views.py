"""Changing my membership of a community between core and wider."""

import pytest

from membership.models import Membership

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


def kind_url(community):
    return f"/communities/{community.slug}/kind/"


def test_a_core_member_changes_to_wider_on_the_same_row(client_for, staff, community):
    membership = MembershipFactory(person=staff, community=community, kind="core")

    response = client_for(staff).post(kind_url(community), {"kind": "wider"}, follow=True)

    assert response.redirect_chain == [(community.get_absolute_url(), 302)]
    assert "You are now a wider member of Data and Insight." in response.text
    membership.refresh_from_db()
    assert (membership.kind, membership.ended_at) == ("wider", None)


def test_a_wider_member_without_another_core_changes_to_core(client_for, staff, community):
    membership = MembershipFactory(person=staff, community=community, kind="wider")

    response = client_for(staff).post(kind_url(community), {"kind": "core"}, follow=True)

    assert "You are now a core member of Data and Insight." in response.text
    membership.refresh_from_db()
    assert membership.kind == "core"


def test_a_lead_who_changes_to_wider_is_told_they_no_longer_lead(client_for, staff, community):
    membership = MembershipFactory(person=staff, community=community, kind="core", is_lead=True)

    response = client_for(staff).post(
        kind_url(community), {"kind": "wider", "confirm": "1"}, follow=True
    )

    assert "You are no longer one of its leads" in response.text
    membership.refresh_from_db()
    assert (membership.kind, membership.is_lead) == ("wider", False)


def test_asking_for_the_kind_i_already_have_is_reported_as_done(client_for, staff, community):
    MembershipFactory(person=staff, community=community, kind="wider")

    response = client_for(staff).post(kind_url(community), {"kind": "wider"}, follow=True)

    assert "You are already a wider member of Data and Insight." in response.text
    assert "alert-info" in response.text
    assert Membership.objects.get(person=staff).kind == "wider"


def test_changing_kind_where_i_am_not_a_member_is_refused(client_for, staff, community):
    response = client_for(staff).post(kind_url(community), {"kind": "core"}, follow=True)

    assert "You are not a member of Data and Insight." in response.text
    assert "alert-danger" in response.text
    assert not Membership.objects.exists()


def test_an_invalid_kind_is_refused_and_the_membership_unchanged(client_for, staff, community):
    MembershipFactory(person=staff, community=community, kind="wider")

    response = client_for(staff).post(kind_url(community), {"kind": "lead"}, follow=True)

    assert response.status_code == 200
    assert "is not a kind of membership" in response.text
    assert Membership.objects.get(person=staff).kind == "wider"


def test_kind_cannot_change_in_a_community_in_preparation(client_for, staff, preparing_community):
    # A membership left over from before the community went back into preparation.
    MembershipFactory(person=staff, community=preparing_community, kind="wider")

    response = client_for(staff).post(kind_url(preparing_community), {"kind": "core"}, follow=True)

    assert "is not open to members yet" in response.text
    assert Membership.objects.get(person=staff).kind == "wider"


def test_anonymous_change_of_kind_is_sent_to_sign_in(client, community):
    response = client.post(kind_url(community), {"kind": "core"})

    assert response["Location"] == "/accounts/login/?next=/communities/data-and-insight/"


def test_opening_the_change_address_in_a_browser_is_a_friendly_405(client_for, staff, community):
    response = client_for(staff).get(kind_url(community))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "That action needs a button" in response.text


def test_changing_kind_in_an_unknown_community_is_not_found(client_for, staff):
    response = client_for(staff).post("/communities/nowhere/kind/", {"kind": "core"})

    assert response.status_code == 404


def test_a_lead_changing_to_wider_is_asked_first_and_nothing_changes(client_for, staff, community):
    membership = MembershipFactory(person=staff, community=community, kind="core", is_lead=True)

    response = client_for(staff).post(kind_url(community), {"kind": "wider"})

    assert response.status_code == 200
    assert "Stop leading Data and Insight?" in response.text
    assert 'name="confirm" value="1"' in response.text
    membership.refresh_from_db()
    assert (membership.kind, membership.is_lead) == ("core", True)
