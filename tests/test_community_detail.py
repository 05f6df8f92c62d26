"""The community page: what it is, who runs it, and what the visitor can do there."""

from datetime import timedelta

import pytest
from django.utils import timezone

from .factories import InterestFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.now() - timedelta(days=365)
LAST_MONTH = timezone.now() - timedelta(days=30)


def test_the_page_shows_purpose_area_sponsor_status_leads_and_counts(client, sponsored_area):
    from .factories import CommunityFactory

    community = CommunityFactory(
        name="Data and Insight",
        slug="data-and-insight",
        practice_area=sponsored_area,
        summary="Staff who turn data into insight.",
    )
    lead = PersonFactory(full_name="Lena Lead")
    MembershipFactory(person=lead, community=community, kind="core", is_lead=True)
    MembershipFactory(community=community, kind="core")
    MembershipFactory.create_batch(3, community=community, kind="wider")
    MembershipFactory(community=community, kind="wider", joined_at=LAST_YEAR, ended_at=LAST_MONTH)

    response = client.get("/communities/data-and-insight/")

    assert response.status_code == 200
    text = response.text
    assert "Staff who turn data into insight." in text
    assert "Planning" in text
    assert "Sam Sponsor" in text
    assert "Launched" in text
    assert "Lena Lead" in text
    assert "2 core, 3 wider" in text


def test_a_practice_area_without_a_sponsor_shows_tbc(client, community):
    response = client.get(community.get_absolute_url())

    assert "<dt>SMT sponsor</dt><dd>TBC</dd>" in response.text


def test_anonymous_visitors_see_sign_in_links_that_return_here(client, community):
    response = client.get(community.get_absolute_url())

    main = response.text.split('id="main-content"')[1]
    assert main.count('href="/accounts/login/?next=/communities/data-and-insight/"') == 2
    assert "Sign in to join" in main
    assert 'action="/communities/data-and-insight/join/"' not in main


def test_anonymous_visitors_to_a_community_in_preparation_are_asked_to_sign_in_for_interest(
    client, preparing_community
):
    response = client.get(preparing_community.get_absolute_url())

    assert "Sign in to register interest" in response.text
    assert "Preparations underway" in response.text


def test_staff_who_are_not_members_see_both_ways_to_join(client_for, staff, community):
    response = client_for(staff).get(community.get_absolute_url())

    text = response.text
    assert 'action="/communities/data-and-insight/join/"' in text
    assert 'name="kind" value="core"' in text
    assert 'name="kind" value="wider"' in text
    assert "You can be a core member of one community at a time." in text
    assert "You can be a wider member of as many communities as you like." in text


def test_staff_core_elsewhere_are_told_joining_as_core_will_ask_first(
    client_for, staff, community, other_community
):
    MembershipFactory(person=staff, community=other_community, kind="core")

    response = client_for(staff).get(community.get_absolute_url())

    assert "You are a core member of" in response.text
    assert "Events Management" in response.text
    assert "we will ask what you would like to do with that membership first" in response.text


def test_a_core_member_sees_their_relation_and_can_change_or_leave(client_for, staff, community):
    MembershipFactory(person=staff, community=community, kind="core", is_lead=True)

    response = client_for(staff).get(community.get_absolute_url())

    text = response.text
    assert "You are a <strong>core member</strong> of Data and Insight" in text
    assert "one of its leads" in text
    assert "Change to wider member" in text
    assert 'action="/communities/data-and-insight/leave/"' in text
    assert "Join as a core member" not in text


def test_a_wider_member_can_change_to_core(client_for, staff, community):
    MembershipFactory(person=staff, community=community, kind="wider")

    response = client_for(staff).get(community.get_absolute_url())

    assert "You are a <strong>wider member</strong>" in response.text
    assert "Change to core member" in response.text


def test_staff_can_register_interest_in_a_community_in_preparation(
    client_for, staff, preparing_community
):
    response = client_for(staff).get(preparing_community.get_absolute_url())

    assert 'action="/communities/widening-participation/interest/"' in response.text
    assert "Join as" not in response.text


def test_staff_who_registered_interest_can_withdraw_it(client_for, staff, preparing_community):
    InterestFactory(person=staff, community=preparing_community)
    InterestFactory(community=preparing_community)

    response = client_for(staff).get(preparing_community.get_absolute_url())

    assert "You have <strong>registered interest</strong>" in response.text
    assert 'action="/communities/widening-participation/interest/withdraw/"' in response.text
    assert "<strong>2</strong> people have registered interest so far." in response.text


def test_a_closed_community_offers_no_actions_and_says_why(client_for, staff, closed_community):
    MembershipFactory(
        person=staff,
        community=closed_community,
        kind="core",
        joined_at=LAST_YEAR,
        ended_at=LAST_MONTH,
    )

    response = client_for(staff).get(closed_community.get_absolute_url())

    assert response.status_code == 200
    assert "This community has closed." in response.text
    assert "<form" not in response.text.split('id="main-content"')[1]


def test_a_member_left_in_a_community_in_preparation_can_only_leave(
    client_for, staff, preparing_community
):
    MembershipFactory(person=staff, community=preparing_community, kind="wider")

    response = client_for(staff).get(preparing_community.get_absolute_url())

    assert "Leave" in response.text
    assert "Change to core member" not in response.text
    assert "not open to members at the moment" in response.text


def test_an_unknown_community_is_a_friendly_not_found(client):
    response = client.get("/communities/no-such-community/")

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Browse all communities" in response.text
