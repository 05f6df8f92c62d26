"""Registering and withdrawing interest in a community in preparation."""

import pytest

from membership.models import Interest

from .factories import InterestFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def interest_url(community):
    return f"/communities/{community.slug}/interest/"


def withdraw_url(community):
    return f"/communities/{community.slug}/interest/withdraw/"


def test_staff_register_interest_in_a_community_in_preparation(
    client_for, staff, preparing_community
):
    response = client_for(staff).post(interest_url(preparing_community), follow=True)

    assert response.redirect_chain == [(preparing_community.get_absolute_url(), 302)]
    assert "we will email you when Widening Participation launches" in response.text
    assert "Withdraw interest" in response.text
    assert Interest.objects.filter(person=staff, community=preparing_community).exists()


def test_registering_twice_is_reported_as_done_and_kept_once(
    client_for, staff, preparing_community
):
    signed_in = client_for(staff)
    signed_in.post(interest_url(preparing_community))

    response = signed_in.post(interest_url(preparing_community), follow=True)

    assert "You have already registered interest in Widening Participation." in response.text
    assert "alert-info" in response.text
    assert Interest.objects.filter(person=staff).count() == 1


def test_interest_in_a_launched_community_is_refused_with_a_pointer_to_join(
    client_for, staff, community
):
    response = client_for(staff).post(interest_url(community), follow=True)

    assert "it has launched, so you can join it now" in response.text
    assert not Interest.objects.exists()


def test_interest_in_a_closed_community_is_refused(client_for, staff, closed_community):
    response = client_for(staff).post(interest_url(closed_community), follow=True)

    assert "it has closed" in response.text
    assert not Interest.objects.exists()


def test_withdrawing_removes_the_registration(client_for, staff, preparing_community):
    InterestFactory(person=staff, community=preparing_community)

    response = client_for(staff).post(withdraw_url(preparing_community), follow=True)

    assert "You have withdrawn your interest in Widening Participation." in response.text
    assert "Register interest" in response.text
    assert not Interest.objects.exists()


def test_withdrawing_twice_is_reported_as_done(client_for, staff, preparing_community):
    response = client_for(staff).post(withdraw_url(preparing_community), follow=True)

    assert "You have no registration of interest in Widening Participation." in response.text
    assert "alert-info" in response.text


def test_withdrawing_leaves_other_peoples_interest_alone(
    client_for, staff, other_staff, preparing_community
):
    InterestFactory(person=other_staff, community=preparing_community)

    client_for(staff).post(withdraw_url(preparing_community))

    assert Interest.objects.filter(person=other_staff).exists()


@pytest.mark.parametrize("url", [interest_url, withdraw_url])
def test_anonymous_interest_actions_are_sent_to_sign_in(client, preparing_community, url):
    response = client.post(url(preparing_community))

    assert response["Location"] == "/accounts/login/?next=/communities/widening-participation/"
    assert not Interest.objects.exists()


@pytest.mark.parametrize("url", [interest_url, withdraw_url])
def test_opening_interest_addresses_in_a_browser_is_a_friendly_405(
    client, preparing_community, url
):
    response = client.get(url(preparing_community))

    assert response.status_code == 405
    assert "That action needs a button" in response.text


def test_a_core_member_elsewhere_can_register_interest_too(
    client_for, staff, community, preparing_community
):
    MembershipFactory(person=staff, community=community, kind="core")

    response = client_for(staff).post(interest_url(preparing_community), follow=True)

    assert "we will email you when Widening Participation launches" in response.text
    assert Interest.objects.filter(person=staff, community=preparing_community).exists()
