"""Editing a community's page: its leads and the Head write the description, "how we meet" and
the Teams or SharePoint link; nobody else can, and nothing they write can run in a browser."""

import re
from types import SimpleNamespace

import pytest

from communities.models import Community
from membership import services

from .factories import CommunityFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = "/communities/data-and-insight/edit/"
PAGE = "/communities/data-and-insight/"


@pytest.fixture
def people(community, staff, other_staff):
    """Data and Insight: Lena leads it, Carl is core, Alice (staff) is a wider member. Bob
    (other_staff) is not a member; Olly leads another community."""
    lena = PersonFactory(full_name="Lena Lead")
    carl = PersonFactory(full_name="Carl Core")
    olly = PersonFactory(full_name="Olly Other")
    MembershipFactory(person=lena, community=community, kind="core", is_lead=True)
    MembershipFactory(person=carl, community=community, kind="core")
    MembershipFactory(person=staff, community=community, kind="wider")
    MembershipFactory(person=olly, community=CommunityFactory(), kind="core", is_lead=True)
    return SimpleNamespace(lead=lena, core=carl, wider=staff, outsider=other_staff, olly=olly)


def _page_data(**changes) -> dict:
    data = {
        "description": "We turn **data** into insight.",
        "how_we_meet": "- Monthly, online\n- Lunch and learn in person each term",
        "online_space_url": "https://teams.microsoft.com/l/team/data-and-insight",
    }
    return {**data, **changes}


# Who may edit -----------------------------------------------------------------------------------


def test_anonymous_visitors_are_asked_to_sign_in_first(client, people):
    response = client.get(URL)
    posted = client.post(URL, _page_data())

    assert response["Location"] == f"/accounts/login/?next={URL}"
    assert posted.status_code == 302
    assert Community.objects.get(slug="data-and-insight").description == ""


@pytest.mark.parametrize("role", ["core", "wider", "outsider", "olly"])
def test_anyone_but_the_leads_and_the_head_gets_a_friendly_403(client_for, people, role):
    client = client_for(getattr(people, role))

    page = client.get(URL)
    posted = client.post(URL, _page_data())

    assert page.status_code == 403
    assert "You do not have access" in page.text
    assert posted.status_code == 403
    assert Community.objects.get(slug="data-and-insight").description == ""
    assert 'href="/communities/data-and-insight/edit/"' not in client.get(PAGE).text


def test_a_lead_sees_the_form_filled_in_and_a_link_from_the_page(client_for, people, community):
    community.how_we_meet = "Every second Tuesday."
    community.save()
    client = client_for(people.lead)

    page = client.get(PAGE)
    form = client.get(URL)

    assert 'href="/communities/data-and-insight/edit/"' in page.text
    assert form.status_code == 200
    assert "Every second Tuesday." in form.text
    assert 'name="online_space_url"' in form.text


def test_a_lead_saves_the_page_and_everyone_reads_it(client, client_for, people):
    response = client_for(people.lead).post(URL, _page_data())

    assert response.status_code == 302
    assert response["Location"] == PAGE
    community = Community.objects.get(slug="data-and-insight")
    assert community.description == "We turn **data** into insight."
    text = client.get(PAGE).text
    assert "We turn <strong>data</strong> into insight." in text
    assert '<h3 class="h5">How we meet</h3>' in text
    assert "<li>Lunch and learn in person each term</li>" in text
    assert 'href="https://teams.microsoft.com/l/team/data-and-insight"' in text


@pytest.mark.parametrize("persona", ["head", "superuser"])
def test_the_head_and_superusers_can_edit_any_community(client_for, people, persona, request):
    person = request.getfixturevalue(persona)

    response = client_for(person).post(URL, _page_data(description="Edited by the Head."))

    assert response.status_code == 302
    assert Community.objects.get(slug="data-and-insight").description == "Edited by the Head."


def test_the_message_says_it_is_saved(client_for, people):
    response = client_for(people.lead).post(URL, _page_data(), follow=True)

    assert "The page of Data and Insight is saved." in response.text


def test_an_unknown_community_answers_a_friendly_404(client_for, head):
    response = client_for(head).get("/communities/nowhere/edit/")

    assert response.status_code == 404
    assert "Page not found" in response.text


def test_a_lead_who_stepped_down_can_no_longer_edit(client_for, people, community):
    membership = people.lead.memberships.get(community=community)
    services.set_lead(membership=membership, is_lead=False)

    assert client_for(people.lead).get(URL).status_code == 403


def test_saving_the_page_leaves_the_status_as_it_is(client_for, people, community):
    client = client_for(people.lead)
    client.get(URL)
    Community.objects.filter(pk=community.pk).update(launched_on="2024-05-01")

    client.post(URL, _page_data())

    assert str(Community.objects.get(pk=community.pk).launched_on) == "2024-05-01"


# What may be written ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.ucl.ac.uk/data",
        "not a link",
    ],
)
def test_a_link_that_is_not_http_or_https_is_refused_with_a_message(client_for, people, link):
    response = client_for(people.lead).post(URL, _page_data(online_space_url=link))

    assert response.status_code == 200
    assert "Enter a web address that starts with https:// (or http://)." in response.text
    assert Community.objects.get(slug="data-and-insight").online_space_url == ""


def test_the_service_refuses_a_javascript_link_too(people, community):
    with pytest.raises(services.InvalidPageLink):
        services.update_community_page(
            community=community,
            by=people.lead,
            description="",
            how_we_meet="",
            online_space_url="javascript:alert(1)",
        )


def test_the_service_refuses_someone_who_is_not_a_lead(people, community):
    with pytest.raises(services.CannotEditPage):
        services.update_community_page(
            community=community,
            by=people.core,
            description="Mine now",
            how_we_meet="",
            online_space_url="",
        )


def test_markdown_on_the_page_is_inert(client, client_for, people):
    client_for(people.lead).post(
        URL,
        _page_data(
            description=(
                "<script>alert('x')</script>\n\n"
                '<img src=x onerror="alert(1)">\n\n'
                "[Click me](javascript:alert(1))"
            ),
            how_we_meet="<a href='javascript:alert(2)' onclick='alert(3)'>Meet</a>",
        ),
    )

    main = client.get(PAGE).text.split('id="main-content"')[1]
    assert "<script>alert" not in main
    assert "<img" not in main
    # Typed event handlers may show as text, never as an attribute of a tag.
    assert not re.search(r"<[^>]*\son(error|click)=", main)
    assert 'href="javascript:' not in main.lower()
    assert "&lt;script&gt;alert" in main  # Shown as the text that was typed.


def test_an_empty_page_shows_the_summary_and_no_empty_sections(client, community):
    text = client.get(PAGE).text

    assert "A community for testing." in text
    assert "How we meet" not in text
    assert "Teams or SharePoint space" not in text


# The Head, in the admin -------------------------------------------------------------------------


def test_the_head_edits_the_same_fields_in_the_admin(client_for, head, community):
    client = client_for(head)
    url = f"/admin/communities/community/{community.pk}/change/"

    page = client.get(url)
    assert page.status_code == 200
    for name in ("description", "how_we_meet", "online_space_url"):
        assert f'name="{name}"' in page.text

    data = {
        "name": community.name,
        "slug": community.slug,
        "practice_area": community.practice_area_id,
        "summary": community.summary,
        "description": "Written in the admin.",
        "how_we_meet": "Online.",
        "online_space_url": "javascript:alert(1)",
        "keywords": "",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert Community.objects.get(pk=community.pk).description == ""

    saved = client.post(url, {**data, "online_space_url": "https://ucl.sharepoint.com/sites/d"})
    assert saved.status_code == 302
    community.refresh_from_db()
    assert community.description == "Written in the admin."
    assert community.online_space_url == "https://ucl.sharepoint.com/sites/d"
