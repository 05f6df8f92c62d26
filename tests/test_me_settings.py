"""/me/settings/: choosing, community by community, whether announcements come by email."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activities.models import AnnouncementOptOut

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db

URL = "/me/settings/"


@pytest.fixture
def member(staff, community, other_community):
    MembershipFactory(person=staff, community=community, kind="core")
    MembershipFactory(person=staff, community=other_community, kind="wider")
    return staff


def _opted_out(person) -> set[str]:
    return set(
        AnnouncementOptOut.objects.filter(person=person).values_list("community__slug", flat=True)
    )


def _checkbox(slug: str) -> str:
    return f'name="announcements_on" value="{slug}" id="announcements-{slug}"'


def test_anonymous_visitors_are_asked_to_sign_in_first(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_my_communities_are_listed_each_emailing_me_until_i_say_otherwise(
    member, client_for, community
):
    AnnouncementOptOut.objects.create(person=member, community=community)

    response = client_for(member).get(URL)

    assert response.status_code == 200
    text = response.text
    assert text.count("Email me this community's announcements") == 2
    assert f"{_checkbox('data-and-insight')}>" in text
    assert f"{_checkbox('events-management')} checked>" in text


def test_communities_i_left_are_not_listed(staff, client_for, community, other_community):
    MembershipFactory(person=staff, community=community)
    MembershipFactory(
        person=staff,
        community=other_community,
        joined_at=timezone.now() - timedelta(days=30),
        ended_at=timezone.now() - timedelta(days=1),
    )

    text = client_for(staff).get(URL).text

    assert "Data and Insight" in text
    assert "Events Management" not in text


def test_unticking_a_community_stops_its_announcements(member, client_for):
    client = client_for(member)
    response = client.post(
        URL,
        {
            "announcements_shown": ["data-and-insight", "events-management"],
            "announcements_on": ["events-management"],
        },
    )

    assert response.status_code == 302
    assert response["Location"] == URL
    assert _opted_out(member) == {"data-and-insight"}
    page = client.get(URL).text
    assert "Your settings are saved." in page
    assert f"{_checkbox('data-and-insight')}>" in page


def test_ticking_it_again_starts_them_again(member, client_for, community):
    AnnouncementOptOut.objects.create(person=member, community=community)

    client_for(member).post(
        URL,
        {
            "announcements_shown": ["data-and-insight", "events-management"],
            "announcements_on": ["data-and-insight", "events-management"],
        },
    )

    assert _opted_out(member) == set()


def test_announcements_off_names_the_communities_to_stop_directly(member, client_for):
    client_for(member).post(URL, {"announcements_off": ["events-management"]})

    assert _opted_out(member) == {"events-management"}


def test_a_community_joined_since_the_page_was_shown_keeps_emailing(member, client_for):
    client_for(member).post(
        URL, {"announcements_shown": ["data-and-insight"], "announcements_on": []}
    )

    assert _opted_out(member) == {"data-and-insight"}


def test_communities_i_am_not_a_member_of_are_ignored(member, client_for, preparing_community):
    client_for(member).post(URL, {"announcements_off": ["widening-participation", "nonsense"]})

    assert _opted_out(member) == set()


def test_someone_in_no_community_is_told_there_is_nothing_to_choose(staff, client_for):
    response = client_for(staff).get(URL)

    assert "You are not a member of any community" in response.text
    assert "announcements_on" not in response.text


def test_my_communities_page_links_to_my_settings(member, client_for):
    assert f'href="{URL}"' in client_for(member).get("/me/").text
