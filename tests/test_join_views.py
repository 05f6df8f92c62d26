"""Joining a launched community as core or wider, from the community page."""

import pytest
from django.test import Client

from membership.models import Membership

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


def join_url(community):
    return f"/communities/{community.slug}/join/"


def test_staff_join_as_wider_member_and_return_to_the_community_page(client_for, staff, community):
    response = client_for(staff).post(join_url(community), {"kind": "wider"}, follow=True)

    assert response.redirect_chain == [(community.get_absolute_url(), 302)]
    assert "You are now a wider member of Data and Insight." in response.text
    membership = Membership.objects.active().get(person=staff, community=community)
    assert membership.kind == "wider"


def test_staff_without_a_core_community_join_as_core_at_once(client_for, staff, community):
    response = client_for(staff).post(join_url(community), {"kind": "core"}, follow=True)

    assert "You are now a core member of Data and Insight." in response.text
    assert Membership.objects.active().get(person=staff).kind == "core"


def test_anonymous_join_is_sent_to_sign_in_and_back_to_the_community_page(client, community):
    response = client.post(join_url(community), {"kind": "core"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/communities/data-and-insight/"
    assert not Membership.objects.exists()


def test_opening_the_join_address_in_a_browser_explains_it_needs_a_button(client, community):
    response = client.get(join_url(community))

    assert response.status_code == 405
    assert "That action needs a button" in response.text
    assert not Membership.objects.exists()


def test_joining_an_unknown_community_is_a_friendly_not_found(client_for, staff):
    response = client_for(staff).post("/communities/no-such-thing/join/", {"kind": "core"})

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert not Membership.objects.exists()


@pytest.mark.parametrize("kind", ["", "leader", "CORE"])
def test_an_invalid_kind_is_refused_with_a_message_and_nothing_written(
    client_for, staff, community, kind
):
    response = client_for(staff).post(join_url(community), {"kind": kind}, follow=True)

    assert response.status_code == 200
    assert "choose core or wider" in response.text.lower()
    assert not Membership.objects.exists()


def test_joining_a_community_in_preparation_is_refused(client_for, staff, preparing_community):
    response = client_for(staff).post(join_url(preparing_community), {"kind": "wider"}, follow=True)

    assert "is not open to members yet" in response.text
    assert "alert-danger" in response.text
    assert not Membership.objects.exists()


def test_joining_a_closed_community_is_refused(client_for, staff, closed_community):
    response = client_for(staff).post(join_url(closed_community), {"kind": "core"}, follow=True)

    assert "has closed, so it is not accepting members" in response.text
    assert not Membership.objects.exists()


def test_a_double_click_on_join_is_reported_as_done(client_for, staff, community):
    signed_in = client_for(staff)
    signed_in.post(join_url(community), {"kind": "core"})
    response = signed_in.post(join_url(community), {"kind": "core"}, follow=True)

    assert "You are already a core member of Data and Insight." in response.text
    assert "alert-info" in response.text
    assert Membership.objects.filter(person=staff).count() == 1


def test_join_as_core_when_already_wider_here_points_to_the_change_button(
    client_for, staff, community
):
    MembershipFactory(person=staff, community=community, kind="wider")

    response = client_for(staff).post(join_url(community), {"kind": "core"}, follow=True)

    assert "You are already a wider member of Data and Insight." in response.text
    assert "use the change button" in response.text
    assert Membership.objects.active().get(person=staff).kind == "wider"


def test_join_without_the_form_token_is_refused_kindly_and_writes_nothing(staff, community):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff)

    response = strict.post(join_url(community), {"kind": "core"})

    assert response.status_code == 403
    assert "That form has expired" in response.text
    assert not Membership.objects.exists()


def test_join_ignores_a_return_address_on_another_site(client_for, staff, community):
    response = client_for(staff).post(
        join_url(community), {"kind": "wider", "next": "https://evil.example/"}
    )

    assert response["Location"] == community.get_absolute_url()


def test_join_never_returns_to_an_action_address(client_for, staff, community):
    response = client_for(staff).post(
        join_url(community), {"kind": "wider", "next": join_url(community)}
    )

    assert response["Location"] == community.get_absolute_url()
