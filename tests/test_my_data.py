"""/me/data/: a person downloads everything the portal holds about them, and nothing else."""

import json

import pytest

from ucl_cop.my_data import collect

from .leaver_world import DEPARTMENT, EMAIL, NAME, build_leaver_world
from .proposal_factories import ProposalFactory, SupportFactory

pytestmark = pytest.mark.django_db

URL = "/me/data/"


@pytest.fixture
def world(head):
    return build_leaver_world(head)


def _download(client_for, person) -> dict:
    response = client_for(person).get(URL)
    assert response.status_code == 200
    return json.loads(response.content)


def test_anonymous_visitors_are_asked_to_sign_in_first(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_it_is_a_json_attachment_no_cache_keeps(world, client_for):
    response = client_for(world.person).get(URL)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="my-cop-portal-data-')
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    json.loads(response.content)  # valid JSON


def test_it_holds_their_profile_memberships_with_history_and_interests(world, client_for):
    data = _download(client_for, world.person)["membership"]

    assert data["profile"]["full_name"] == NAME
    assert data["profile"]["email"] == EMAIL
    assert data["profile"]["department"] == DEPARTMENT
    assert data["profile"]["sponsor_of"] == ["Operations"]
    memberships = {row["community"]: row for row in data["memberships"]}
    assert memberships["Data and Insight"]["kind"] == "core"
    assert memberships["Data and Insight"]["lead"] is True
    assert memberships["Data and Insight"]["history"][0]["change"] == "created"
    assert memberships["Events Management"]["kind"] == "wider"
    assert [row["community"] for row in data["interests"]] == ["Widening Participation"]


def test_it_holds_what_they_do_in_the_communities(world, client_for):
    data = _download(client_for, world.person)["activities"]

    assert {row["status"] for row in data["rsvps"]} == {"going"}
    assert [row["attended"] for row in data["rsvps"]].count(True) == 1
    assert data["calendar_feed"]["address"].endswith(f"/calendar/{world.feed_token}.ics")
    assert [row["title"] for row in data["sessions_you_host"]] == ["Zeb's session on dashboards"]
    assert [row["subject"] for row in data["announcements_you_wrote"]] == ["Dashboards next week"]
    assert [row["title"] for row in data["projects_you_lead"]] == ["Dashboard standards"]
    assert [row["project"] for row in data["projects_you_take_part_in"]] == ["Data glossary"]
    shared = {row["title"]: row for row in data["resources_you_shared"]}
    assert shared["Zeb's PDF"]["file_name"] == "Month-end checklist.pdf"
    assert data["communities_whose_announcements_you_turned_off"] == ["Events Management"]


def test_it_holds_the_proposals_they_made_and_support(world, client_for):
    ProposalFactory(proposer=world.person, name="Research Data Stewards")
    SupportFactory(person=world.person, proposal=ProposalFactory(name="Digital Accessibility"))

    data = _download(client_for, world.person)["proposals"]

    assert [row["name"] for row in data["proposals"]] == [
        "Dashboard Builders",  # from the world
        "Research Data Stewards",
    ]
    assert [row["name"] for row in data["supported_proposals"]] == ["Digital Accessibility"]


def test_it_holds_their_sign_in_records(world, client_for):
    data = _download(client_for, world.person)["sign_in"]

    assert data["single_sign_on_accounts"][0]["subject_id"] == "entra-subject-zeb"
    assert data["sign_in_addresses"] == [{"email": EMAIL, "verified": True, "primary": True}]
    assert data["failed_sign_in_attempts"][0]["ip_address"] == "10.0.0.7"
    assert len(data["failed_sign_in_log"]) == 1


def test_it_lists_the_emails_sent_to_them_without_their_links(world, client_for):
    data = _download(client_for, world.person)["emails"]

    kinds = [row["kind"] for row in data["emails_sent_to_you"]]
    assert "password_reset" in kinds
    assert "/reset/" not in json.dumps(data)  # no body: a reset link must not sit in a file


def test_someone_elses_download_holds_nothing_of_the_leaver(world, client_for):
    text = client_for(world.colleague).get(URL).content.decode()

    assert "Cara Colleague" in text
    for needle in (NAME, EMAIL, "zq.smythe", DEPARTMENT, world.feed_token, "entra-subject-zeb"):
        assert needle not in text


def test_every_value_is_plain_json(world):
    # Every app's part goes through json.dumps unaided: no datetimes or model objects slip in.
    json.dumps(collect(world.person))


def test_my_settings_and_the_privacy_notice_link_to_it(world, client_for):
    client = client_for(world.person)

    assert f'href="{URL}"' in client.get("/me/settings/").text
    assert f'href="{URL}"' in client.get("/privacy/").text
