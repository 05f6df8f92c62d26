"""The home page: what a community of practice is, and the programme at a glance."""

import pytest

from .factories import CommunityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_home_explains_a_cop_in_the_seeds_words(client, programme):
    response = client.get("/")

    text = response.text
    assert response.status_code == 200
    assert "share a concern or a passion for something they do" in text
    assert "It is not a working group or task force, and it is not a staff network." in text
    assert "<strong>Professional identity:</strong>" in text
    assert "<strong>Learning and development:</strong>" in text
    assert "<strong>Shared resources:</strong>" in text
    assert "Etienne and Beverly Wenger-Trayner, 2015" in text


def test_home_shows_the_programme_at_a_glance(client, programme):
    response = client.get("/")

    text = response.text
    assert "7 communities have launched and 2 are being prepared, across 5 practice areas." in text
    assert "Technicians" in text
    assert "Technical support" in text
    assert '<span class="status-badge status-preparing">Preparations underway</span>' in text


def test_home_has_one_clear_start_action(client, programme):
    response = client.get("/")

    assert 'class="btn btn-primary btn-lg" href="/communities/">Browse communities' in response.text
    assert response.text.count("btn-primary") == 1


def test_closed_communities_are_left_out_of_the_glance(client, community):
    CommunityFactory(name="Bygone Practice", status="closed")

    response = client.get("/")

    assert "Bygone Practice" not in response.text
    assert "1 community has launched and 0 are being prepared" in response.text


def test_signed_in_staff_see_their_core_community(client_for, staff, community):
    MembershipFactory(person=staff, community=community, kind="core")

    response = client_for(staff).get("/")

    assert "Your communities" in response.text
    assert '<a href="/communities/data-and-insight/">Data and Insight</a>' in response.text
    assert "Core member" in response.text


def test_signed_in_staff_without_a_core_community_are_told_so(client_for, staff, community):
    MembershipFactory(person=staff, community=community, kind="wider")

    response = client_for(staff).get("/")

    assert "You are not a core member of any community yet." in response.text


def test_anonymous_visitors_see_no_personal_panel(client, community):
    response = client.get("/")

    assert "Your communities" not in response.text
