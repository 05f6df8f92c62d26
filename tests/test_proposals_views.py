"""Proposal pages: proposing in two steps (similar names first), the list, one proposal, support
and its withdrawal, and the proposer's edit and withdrawal; who may do what, and how anonymous
visitors, GETs of buttons and unknown ids are answered."""

import pytest
from django.urls import resolve

from communities.models import Community
from proposals import services
from proposals.models import Proposal, Support

from .factories import CommunityFactory, PersonFactory, PracticeAreaFactory
from .proposal_factories import ProposalFactory, SupportFactory

pytestmark = pytest.mark.django_db

PROPOSE = "/communities/propose/"


@pytest.fixture
def area(db):
    return PracticeAreaFactory(name="Research Support", slug="research-support")


@pytest.fixture
def proposal(staff, area):
    return ProposalFactory(
        name="Research Data Management",
        proposer=staff,
        practice_area=area,
        purpose="Research data managers <b>across</b> faculties.",
        would_lead=True,
    )


def _form(area, **changes):
    return {
        "name": "Research Data Management",
        "practice_area": area.pk,
        "new_area": "",
        "purpose": "Research data managers across faculties.",
        "why_now": "Funders ask for data plans.",
        "would_lead": "yes",
        "checked_name": "Research Data Management",
        **changes,
    }


# Proposing ------------------------------------------------------------------------------------


def test_propose_is_its_own_page_not_a_community(db):
    assert resolve(PROPOSE).url_name == "proposal-new"


def test_a_community_called_propose_does_not_hide_the_page(client_for, staff):
    CommunityFactory(name="Propose", slug="propose-community")

    response = client_for(staff).get(PROPOSE)

    assert response.status_code == 200
    assert "Step 1 of 2: is there one already?" in response.text


def test_the_first_step_asks_for_the_name_only(client_for, staff):
    response = client_for(staff).get(PROPOSE)

    assert 'name="name"' in response.text
    assert 'name="purpose"' not in response.text
    assert 'method="get"' in response.text


def test_an_empty_name_check_says_what_is_missing(client_for, staff):
    response = client_for(staff).get(PROPOSE, {"name": " "})

    assert "Type the name of the community you have in mind." in response.text


def test_the_second_step_shows_similar_communities_and_open_proposals_first(
    client_for, staff, other_staff, area
):
    CommunityFactory(name="Research Data Network", slug="research-data-network", practice_area=area)
    CommunityFactory(name="Events Management", slug="events-management")
    ProposalFactory(name="Research data stewards", proposer=other_staff)
    ProposalFactory(
        name="Old research data",
        proposer=other_staff,
        status="withdrawn",
        decided_at="2025-01-01T00:00:00Z",
    )

    response = client_for(staff).get(PROPOSE, {"name": "Research data"})

    text = response.text
    assert text.index("Similar to “Research data”") < text.index('name="purpose"')
    assert "Research Data Network" in text
    assert "Research data stewards" in text
    assert "Events Management" not in text
    assert "Old research data" not in text
    assert "Propose it anyway" in text
    assert 'value="Research data"' in text  # the name is carried into the form


def test_with_nothing_similar_the_second_step_says_go_ahead(client_for, staff):
    response = client_for(staff).get(PROPOSE, {"name": "Lab animal welfare"})

    assert "No community or open proposal has a similar name. Go ahead." in response.text
    assert "Propose the community" in response.text


def test_proposing_makes_the_proposal_and_goes_to_its_page(client_for, staff, area):
    response = client_for(staff).post(PROPOSE, _form(area), follow=True)

    proposal = Proposal.objects.get()
    assert response.redirect_chain == [(f"/proposals/{proposal.pk}/", 302)]
    assert proposal.proposer == staff
    assert proposal.would_lead is True
    assert "Research Data Management is proposed." in response.text


def test_a_new_name_with_similar_ones_is_checked_before_it_is_proposed(client_for, staff, area):
    CommunityFactory(name="Data Stewards Network", slug="data-stewards-network")
    client = client_for(staff)

    shown = client.post(PROPOSE, _form(area, name="Data Stewards"))

    assert shown.status_code == 200
    assert "You changed the name, and these are similar to the new one." in shown.text
    assert "Data Stewards Network" in shown.text
    assert not Proposal.objects.exists()

    client.post(PROPOSE, _form(area, name="Data Stewards", checked_name="Data Stewards"))

    assert Proposal.objects.get().name == "Data Stewards"


def test_a_form_with_mistakes_comes_back_with_what_was_typed(client_for, staff, area):
    response = client_for(staff).post(
        PROPOSE, _form(area, practice_area="", new_area="", why_now="", would_lead="")
    )

    assert response.status_code == 200
    assert "Choose the practice area it belongs to, or name a new one." in response.text
    assert "Say why the community is needed now." in response.text
    assert "Say whether you would lead it." in response.text
    assert "Research data managers across faculties." in response.text
    assert not Proposal.objects.exists()


def test_a_refusal_from_the_service_shows_on_the_name(client_for, staff, area):
    CommunityFactory(name="Research Data Management", slug="rdm")

    response = client_for(staff).post(PROPOSE, _form(area))

    assert "There is already a community called Research Data Management." in response.text
    assert not Proposal.objects.exists()


# Reading --------------------------------------------------------------------------------------


def test_the_list_shows_open_proposals_most_supported_first(client_for, staff, other_staff):
    few = ProposalFactory(name="Few supporters")
    many = ProposalFactory(name="Many supporters")
    SupportFactory.create_batch(3, proposal=many)
    SupportFactory(proposal=few)
    ProposalFactory(
        name="Declined one",
        status="declined",
        decline_reason="No.",
        decided_at="2025-01-01T00:00:00Z",
    )

    response = client_for(other_staff).get("/proposals/")

    text = response.text
    assert text.index("Many supporters") < text.index("Few supporters")
    assert "Declined one" not in text
    assert "<strong>4</strong> would join" in text


def test_the_list_shows_my_own_proposals_whatever_became_of_them(client_for, staff):
    ProposalFactory(
        name="My declined idea",
        proposer=staff,
        status="declined",
        decline_reason="No.",
        decided_at="2025-01-01T00:00:00Z",
    )

    response = client_for(staff).get("/proposals/")

    assert "Your proposals" in response.text
    assert "My declined idea" in response.text
    assert "Declined" in response.text


def test_a_proposal_page_shows_its_details_and_count_to_any_signed_in_person(
    client_for, proposal, other_staff
):
    SupportFactory(proposal=proposal, person=PersonFactory(full_name="Sara Supporter"))

    response = client_for(other_staff).get(f"/proposals/{proposal.pk}/")

    assert response.status_code == 200
    assert "Research Data Management" in response.text
    assert "<strong>2</strong> people, the proposer included" in response.text
    assert "The proposer offered to help lead it" in response.text
    assert "Research data managers &lt;b&gt;across&lt;/b&gt; faculties." in response.text
    assert "I would join this" in response.text


def test_supporters_names_are_shown_only_to_the_head(client_for, proposal, other_staff, head):
    SupportFactory(
        proposal=proposal, person=PersonFactory(full_name="Sara Supporter", department="Library")
    )

    as_staff = client_for(other_staff).get(f"/proposals/{proposal.pk}/")
    as_proposer = client_for(proposal.proposer).get(f"/proposals/{proposal.pk}/")
    as_head = client_for(head).get(f"/proposals/{proposal.pk}/")

    assert "Sara Supporter" not in as_staff.text
    assert "Sara Supporter" not in as_proposer.text
    assert "Sara Supporter, Library" in as_head.text
    assert "Only the Head of Communities of Practice sees these names." in as_head.text


def test_a_declined_proposal_shows_the_reason_on_its_page(client_for, proposal, head):
    services.decline(proposal=proposal, by=head, reason="Data and Insight covers this.")

    response = client_for(proposal.proposer).get(f"/proposals/{proposal.pk}/")

    assert "declined this proposal" in response.text
    assert "Data and Insight covers this." in response.text
    assert "Edit the proposal" not in response.text


def test_an_accepted_proposal_links_to_its_community(client_for, proposal, head, area):
    services.accept(proposal=proposal, by=head, name="RDM Network", summary="", practice_area=area)

    response = client_for(proposal.proposer).get(f"/proposals/{proposal.pk}/")

    assert '<a href="/communities/rdm-network/">RDM Network</a> is now being prepared' in (
        response.text
    )


# Support --------------------------------------------------------------------------------------


def test_i_would_join_this_counts_me_and_comes_back(client_for, proposal, other_staff):
    response = client_for(other_staff).post(f"/proposals/{proposal.pk}/support/", follow=True)

    assert response.redirect_chain == [(f"/proposals/{proposal.pk}/", 302)]
    assert Support.objects.filter(proposal=proposal, person=other_staff).exists()
    assert "you are counted among those who would join" in response.text
    assert "I would no longer join" in response.text


def test_a_second_click_is_done_already_and_counted_once(client_for, proposal, other_staff):
    client = client_for(other_staff)
    client.post(f"/proposals/{proposal.pk}/support/")

    response = client.post(f"/proposals/{proposal.pk}/support/", follow=True)

    assert "You have already said you would join" in response.text
    assert Support.objects.count() == 1


def test_support_of_a_decided_proposal_is_refused_with_a_message(
    client_for, proposal, other_staff, head
):
    services.decline(proposal=proposal, by=head, reason="Not now.")

    response = client_for(other_staff).post(f"/proposals/{proposal.pk}/support/", follow=True)

    assert "can no longer be supported" in response.text
    assert "takes no more support" in response.text
    assert not Support.objects.exists()


def test_withdrawing_support_uncounts_me(client_for, proposal, other_staff):
    SupportFactory(proposal=proposal, person=other_staff)

    response = client_for(other_staff).post(
        f"/proposals/{proposal.pk}/support/withdraw/", follow=True
    )

    assert not Support.objects.exists()
    assert "You are no longer counted" in response.text
    assert "I would join this" in response.text


def test_withdrawing_support_acts_on_my_own_support_only(client_for, proposal, other_staff):
    someone = PersonFactory(full_name="Sara Supporter")
    SupportFactory(proposal=proposal, person=someone)

    client_for(other_staff).post(f"/proposals/{proposal.pk}/support/withdraw/")

    assert Support.objects.filter(person=someone).exists()


def test_the_proposer_sees_no_support_button_but_edit_and_withdraw(client_for, proposal):
    response = client_for(proposal.proposer).get(f"/proposals/{proposal.pk}/")

    assert "I would join this" not in response.text
    assert "Edit the proposal" in response.text
    assert "Withdraw it" in response.text


# The proposer's edit and withdrawal -----------------------------------------------------------


def test_the_proposer_edits_their_open_proposal(client_for, proposal, area):
    client = client_for(proposal.proposer)
    page = client.get(f"/proposals/{proposal.pk}/edit/")
    assert 'value="Research Data Management"' in page.text

    response = client.post(
        f"/proposals/{proposal.pk}/edit/", _form(area, name="Research Data Stewards")
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.name == "Research Data Stewards"


def test_only_the_proposer_edits_or_withdraws(client_for, proposal, other_staff, head, area):
    for person in (other_staff, head):
        client = client_for(person)
        assert client.get(f"/proposals/{proposal.pk}/edit/").status_code == 403
        assert (
            client.post(f"/proposals/{proposal.pk}/edit/", _form(area, name="X")).status_code == 403
        )
        assert (
            client.post(f"/proposals/{proposal.pk}/withdraw/", {"confirm": "1"}).status_code == 403
        )

    proposal.refresh_from_db()
    assert (proposal.name, proposal.status) == ("Research Data Management", "open")


def test_a_decided_proposal_cannot_be_edited(client_for, proposal, head):
    services.decline(proposal=proposal, by=head, reason="Not now.")

    response = client_for(proposal.proposer).get(f"/proposals/{proposal.pk}/edit/", follow=True)

    assert response.redirect_chain == [(f"/proposals/{proposal.pk}/", 302)]
    assert "can no longer change" in response.text


def test_withdrawing_asks_first_then_withdraws(client_for, proposal):
    client = client_for(proposal.proposer)

    asked = client.post(f"/proposals/{proposal.pk}/withdraw/")
    assert asked.status_code == 200
    assert "Withdraw “Research Data Management”?" in asked.text
    proposal.refresh_from_db()
    assert proposal.status == "open"

    done = client.post(f"/proposals/{proposal.pk}/withdraw/", {"confirm": "1"}, follow=True)
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"
    assert "is withdrawn" in done.text
    assert "You withdrew this proposal" in done.text


# Access ---------------------------------------------------------------------------------------

GET_PAGES = [PROPOSE, "/proposals/", "/proposals/{pk}/", "/proposals/{pk}/edit/", "/contact/"]
BUTTONS = [
    "/proposals/{pk}/support/",
    "/proposals/{pk}/support/withdraw/",
    "/proposals/{pk}/withdraw/",
]


@pytest.mark.parametrize("address", GET_PAGES)
def test_anonymous_visitors_are_asked_to_sign_in(client, proposal, address):
    url = address.format(pk=proposal.pk)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("address", BUTTONS)
def test_an_anonymous_button_press_signs_in_and_comes_back_to_the_proposal(
    client, proposal, address
):
    response = client.post(address.format(pk=proposal.pk))

    assert response["Location"] == f"/accounts/login/?next=/proposals/{proposal.pk}/"
    assert not Support.objects.exists()


@pytest.mark.parametrize("address", BUTTONS)
def test_a_get_of_a_button_is_method_not_allowed(client_for, proposal, other_staff, address):
    response = client_for(other_staff).get(address.format(pk=proposal.pk))

    assert response.status_code == 405


@pytest.mark.parametrize("address", GET_PAGES[2:4] + BUTTONS)
def test_an_unknown_proposal_is_not_found(client_for, proposal, address):
    url = address.format(pk=999999)

    response = (
        client_for(proposal.proposer).post(url)
        if address in BUTTONS
        else (client_for(proposal.proposer).get(url))
    )

    assert response.status_code == 404


def test_an_id_that_is_not_a_number_is_not_found(client_for, staff):
    assert client_for(staff).get("/proposals/abc/").status_code == 404


# Finding the way ------------------------------------------------------------------------------


def test_the_community_list_and_about_page_lead_to_proposing_and_asking(client, programme):
    communities = client.get("/communities/").text
    about = client.get("/about/").text

    assert f'href="{PROPOSE}"' in communities
    assert 'href="/proposals/"' in communities
    assert f'href="{PROPOSE}"' in about
    assert 'href="/contact/"' in about
    assert "csrfmiddlewaretoken" not in communities


def test_accepting_leaves_a_community_page_in_preparation(client_for, proposal, head, area):
    services.accept(
        proposal=proposal, by=head, name="RDM Network", summary="One line.", practice_area=area
    )

    community = Community.objects.get(slug="rdm-network")
    response = client_for(proposal.proposer).get("/communities/rdm-network/")

    assert community.status == "preparing"
    assert response.status_code == 200
    assert "Preparations underway" in response.text
