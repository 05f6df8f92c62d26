"""My communities: my core community, my wider ones and my interests, each with its actions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from .factories import CommunityFactory, InterestFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_asked_to_sign_in_first(client):
    response = client.get("/me/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/me/"


def test_someone_with_no_communities_is_pointed_to_the_list(client_for, staff):
    response = client_for(staff).get("/me/")

    assert response.status_code == 200
    assert "You have not joined any communities yet" in response.text
    assert 'href="/communities/">Browse communities' in response.text


def test_my_core_wider_and_interests_are_listed_with_their_actions(
    client_for, staff, community, other_community, preparing_community
):
    MembershipFactory(person=staff, community=community, kind="core")
    MembershipFactory(person=staff, community=other_community, kind="wider")
    InterestFactory(person=staff, community=preparing_community)

    response = client_for(staff).get("/me/")

    text = response.text
    core_section, rest = text.split('id="my-wider"')
    wider_section, interest_section = rest.split('id="my-interests"')
    assert "Data and Insight" in core_section
    assert "Change to wider member" in core_section
    assert "Events Management" in wider_section
    assert "Change to core member" in wider_section
    assert "Widening Participation" in interest_section
    assert "Withdraw interest" in interest_section
    assert text.count('action="/communities/data-and-insight/leave/"') == 1
    assert 'name="next" value="/me/"' in text


def test_ended_memberships_and_other_peoples_are_not_mine(
    client_for, staff, other_staff, community, other_community
):
    now = timezone.now()
    MembershipFactory(
        person=staff,
        community=community,
        kind="core",
        joined_at=now - timedelta(days=90),
        ended_at=now - timedelta(days=1),
    )
    MembershipFactory(person=other_staff, community=other_community, kind="core")

    response = client_for(staff).get("/me/")

    assert "You have not joined any communities yet" in response.text
    assert "Events Management" not in response.text.split('id="main-content"')[1]


def test_interest_in_a_community_that_launched_invites_me_to_join(client_for, staff):
    launched = CommunityFactory(name="Archives", slug="archives", status="launched")
    InterestFactory(person=staff, community=launched)

    response = client_for(staff).get("/me/")

    assert "Archives" in response.text
    assert "It has launched: you can join it now." in response.text


def test_interest_in_a_community_i_since_joined_or_that_closed_is_not_listed(
    client_for, staff, community, closed_community
):
    InterestFactory(person=staff, community=community)
    MembershipFactory(person=staff, community=community, kind="wider")
    InterestFactory(person=staff, community=closed_community)

    response = client_for(staff).get("/me/")

    interests = response.text.split('id="my-interests"')[1]
    assert "You have not registered interest in any community in preparation." in interests


def test_a_change_of_kind_from_my_communities_returns_there(client_for, staff, community):
    MembershipFactory(person=staff, community=community, kind="wider")

    response = client_for(staff).post(
        "/communities/data-and-insight/kind/", {"kind": "core", "next": "/me/"}, follow=True
    )

    assert response.redirect_chain == [("/me/", 302)]
    assert "You are now a core member of Data and Insight." in response.text
    assert "Change to wider member" in response.text.split('id="my-wider"')[0]
