"""Leaving a community: asked first, then done; double clicks and strangers handled calmly."""

import pytest

from membership.models import Membership

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


def leave_url(community):
    return f"/communities/{community.slug}/leave/"


def test_leaving_asks_first_and_writes_nothing(client_for, staff, community):
    membership = MembershipFactory(person=staff, community=community, kind="core")

    response = client_for(staff).post(leave_url(community))

    assert response.status_code == 200
    assert "Leave Data and Insight?" in response.text
    assert "you will no longer be counted as a core member" in response.text
    assert 'name="confirm" value="1"' in response.text
    membership.refresh_from_db()
    assert membership.ended_at is None


def test_the_confirmation_tells_a_lead_they_lose_the_lead_role(client_for, staff, community):
    MembershipFactory(person=staff, community=community, kind="core", is_lead=True)

    response = client_for(staff).post(leave_url(community))

    assert "you will stop being one of its leads" in response.text


def test_confirming_ends_the_membership_and_keeps_the_row(client_for, staff, community):
    membership = MembershipFactory(person=staff, community=community, kind="wider")

    response = client_for(staff).post(leave_url(community), {"confirm": "1"}, follow=True)

    assert response.redirect_chain == [(community.get_absolute_url(), 302)]
    assert "You have left Data and Insight." in response.text
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert "Join this community" in response.text


def test_a_double_click_on_leave_is_reported_as_done(client_for, staff, community):
    MembershipFactory(person=staff, community=community, kind="wider")
    signed_in = client_for(staff)
    signed_in.post(leave_url(community), {"confirm": "1"})

    response = signed_in.post(leave_url(community), {"confirm": "1"}, follow=True)

    assert "You are not a member of Data and Insight any more." in response.text
    assert "alert-info" in response.text
    assert Membership.objects.active().count() == 0


def test_asking_to_leave_a_community_i_am_not_in_says_so(client_for, staff, community):
    response = client_for(staff).post(leave_url(community), follow=True)

    assert "You are not a member of Data and Insight." in response.text
    assert not Membership.objects.exists()


def test_a_member_of_a_community_in_preparation_can_still_leave(
    client_for, staff, preparing_community
):
    membership = MembershipFactory(person=staff, community=preparing_community, kind="wider")
    signed_in = client_for(staff)

    confirmation = signed_in.post(leave_url(preparing_community))
    assert "you cannot join again until the community is open to members" in confirmation.text

    signed_in.post(leave_url(preparing_community), {"confirm": "1"})
    membership.refresh_from_db()
    assert membership.ended_at is not None


def test_leaving_from_my_communities_returns_there(client_for, staff, community):
    MembershipFactory(person=staff, community=community, kind="wider")
    signed_in = client_for(staff)

    confirmation = signed_in.post(leave_url(community), {"next": "/me/"})
    assert 'href="/me/">Cancel' in confirmation.text

    response = signed_in.post(leave_url(community), {"confirm": "1", "next": "/me/"})
    assert response["Location"] == "/me/"


def test_anonymous_leave_is_sent_to_sign_in_with_the_community_page_next(client, community):
    response = client.post(leave_url(community), {"confirm": "1"})

    assert response["Location"] == "/accounts/login/?next=/communities/data-and-insight/"


def test_opening_the_leave_address_in_a_browser_is_a_friendly_405(client, community):
    response = client.get(leave_url(community))

    assert response.status_code == 405
    assert "That action needs a button" in response.text


def test_leaving_a_wider_membership_keeps_my_core_membership_elsewhere(
    client_for, staff, community, other_community
):
    core = MembershipFactory(person=staff, community=other_community, kind="core")
    MembershipFactory(person=staff, community=community, kind="wider")

    client_for(staff).post(leave_url(community), {"confirm": "1"})

    core.refresh_from_db()
    assert (core.kind, core.ended_at) == ("core", None)
    assert Membership.objects.active().filter(person=staff).count() == 1
