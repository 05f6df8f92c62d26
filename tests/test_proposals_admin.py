"""The Head's review of proposals in the admin: the list by status with supporters, departments
and dates; a proposal's page with its supporters' names; accepting (name, summary and area
editable, then one community in preparation) and declining (with a reason); and the open
proposals on her to-do list."""

import pytest
from django.urls import reverse

from communities.models import Community
from membership.models import Interest
from outbox.models import Email
from proposals.models import Proposal

from .factories import CommunityFactory, PersonFactory, PracticeAreaFactory
from .proposal_factories import ProposalFactory, SupportFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/proposals/proposal/"


@pytest.fixture
def area(db):
    return PracticeAreaFactory(name="Research Support", slug="research-support")


@pytest.fixture
def proposal(staff, area):
    proposal = ProposalFactory(
        name="Research Data Management",
        proposer=staff,
        practice_area=area,
        purpose="Research data managers across faculties.\n\nWe share tools.",
        would_lead=True,
    )
    for name, department in [("Sara Supporter", "Library"), ("Tom Taylor", "Estates")]:
        SupportFactory(
            proposal=proposal, person=PersonFactory(full_name=name, department=department)
        )
    return proposal


def _url(proposal, step=""):
    return f"{LIST}{proposal.pk}/{step + '/' if step else 'change/'}"


def test_the_list_shows_supporters_departments_and_dates(client_for, head, proposal):
    ProposalFactory(name="Quiet idea", proposer=PersonFactory(department="Registry"))

    response = client_for(head).get(LIST)

    text = response.text
    assert response.status_code == 200
    assert "Research Data Management" in text
    assert "Quiet idea" in text
    assert "Estates, Finance, Library" in text
    assert "Alice Adams, Finance" in text
    assert '<td class="field-supporters">2</td>' in text
    assert "field-created_at" in text
    assert "field-decided_at" in text


def test_the_list_filters_by_status(client_for, head, proposal):
    ProposalFactory(
        name="Declined idea",
        status="declined",
        decline_reason="No.",
        decided_at="2025-01-01T00:00:00Z",
    )

    response = client_for(head).get(LIST, {"status__exact": "declined"})

    assert response.context["cl"].result_count == 1
    assert "Declined idea" in response.text


def test_a_proposal_s_page_names_its_supporters_and_offers_the_decisions(
    client_for, head, proposal
):
    response = client_for(head).get(_url(proposal))

    text = response.text
    assert "Sara Supporter" in text
    assert "Library" in text
    assert "2 people would join, besides the proposer" in text
    assert "Yes: Alice Adams is a prospective lead." in text
    assert _url(proposal, "accept") in text
    assert _url(proposal, "decline") in text
    assert 'name="_save"' not in text  # read-only: the services write proposals


def test_the_accept_page_starts_from_the_proposal(client_for, head, proposal, area):
    response = client_for(head).get(_url(proposal, "accept"))

    form = response.context["form"]
    assert response.status_code == 200
    assert form["name"].value() == "Research Data Management"
    assert form["summary"].value() == "Research data managers across faculties."
    assert form["practice_area"].value() == area.pk
    assert "3 people" in response.text
    assert "Prospective lead:" in response.text
    assert "alice@ucl.ac.uk" in response.text
    assert not Community.objects.exists()


def test_accepting_with_the_head_s_edits_makes_the_community_and_names_the_prospective_lead(
    client_for, head, proposal, area
):
    response = client_for(head).post(
        _url(proposal, "accept"),
        {
            "name": "Research Data Stewards",
            "summary": "For data stewards.",
            "practice_area": area.pk,
        },
        follow=True,
    )

    community = Community.objects.get()
    assert response.redirect_chain[-1][0] == f"/admin/communities/community/{community.pk}/change/"
    assert (community.name, community.summary, community.status) == (
        "Research Data Stewards",
        "For data stewards.",
        "preparing",
    )
    assert Interest.objects.filter(community=community).count() == 3
    messages = [str(m) for m in response.context["messages"]]
    assert any("3 people are registered as interested" in m for m in messages)
    assert any("Prospective lead: Alice Adams (alice@ucl.ac.uk)" in m for m in messages)
    # The community's own admin page says where it came from, and who offered to lead it.
    assert "From a staff proposal" in response.text
    assert "Prospective lead:" in response.text
    proposal.refresh_from_db()
    assert proposal.community == community


def test_accepting_into_a_new_practice_area_creates_it(client_for, head, proposal):
    client_for(head).post(
        _url(proposal, "accept"),
        {"name": "RDM", "summary": "", "practice_area": "", "new_area_name": "Research Governance"},
    )

    assert Community.objects.get().practice_area.name == "Research Governance"


def test_a_refused_acceptance_comes_back_on_the_form_and_writes_nothing(
    client_for, head, proposal, area
):
    CommunityFactory(name="Data Stewards", slug="data-stewards", practice_area=area)

    response = client_for(head).post(
        _url(proposal, "accept"), {"name": "Data Stewards", "summary": "", "practice_area": area.pk}
    )

    assert response.status_code == 200
    assert "There is already a community called Data Stewards." in response.text
    assert Community.objects.count() == 1
    assert Proposal.objects.get().status == "open"


def test_declining_asks_for_a_reason_and_emails_it(client_for, head, proposal):
    client = client_for(head)
    empty = client.post(_url(proposal, "decline"), {"reason": ""})
    assert "Say why it is declined: the proposer reads it." in empty.text
    assert Proposal.objects.get().status == "open"

    response = client.post(
        _url(proposal, "decline"), {"reason": "Data and Insight covers it."}, follow=True
    )

    assert response.redirect_chain[-1][0] == _url(proposal)
    assert Proposal.objects.get().status == "declined"
    assert "Data and Insight covers it." in Email.objects.get(kind="proposal_declined").body_text
    assert "is declined. Alice Adams is emailed the reason" in response.text
    assert _url(proposal, "accept") not in response.text


def test_a_decided_proposal_cannot_be_decided_again(client_for, head, proposal):
    proposal.status, proposal.decline_reason = "declined", "No."
    proposal.decided_at = proposal.created_at
    proposal.save()

    response = client_for(head).post(
        _url(proposal, "accept"),
        {"name": "RDM", "practice_area": proposal.practice_area_id},
        follow=True,
    )

    assert "is already declined: it is decided once." in response.text
    assert not Community.objects.exists()


@pytest.mark.parametrize("step", ["accept", "decline"])
def test_only_the_head_and_superusers_decide(client_for, staff, superuser, proposal, step):
    outsider = client_for(staff).get(_url(proposal, step))
    assert outsider.status_code == 302
    assert outsider["Location"].startswith("/admin/login/")

    assert client_for(superuser).get(_url(proposal, step)).status_code == 200


@pytest.mark.parametrize("step", ["accept", "decline"])
def test_an_unknown_proposal_is_not_found_in_the_admin(client_for, head, step):
    assert client_for(head).get(f"{LIST}999999/{step}/").status_code == 404
    assert client_for(head).get(f"{LIST}abc/{step}/").status_code == 404


def test_the_head_s_to_do_list_shows_open_proposals_most_supported_first(
    client_for, head, proposal
):
    ProposalFactory(name="Quiet idea")
    ProposalFactory(
        name="Declined idea",
        status="declined",
        decline_reason="No.",
        decided_at="2025-01-01T00:00:00Z",
    )

    text = client_for(head).get(reverse("admin:index")).text

    assert "Proposed communities to review: 2" in text
    assert text.index("Research Data Management") < text.index("Quiet idea")
    assert "Research Data Management</a>: 3 would join" in text
    assert "Declined idea" not in text


def test_the_head_cannot_give_a_community_the_reserved_address(client_for, head, area):
    response = client_for(head).post(
        "/admin/communities/community/add/",
        {"name": "Propose", "slug": "propose", "practice_area": area.pk, "summary": ""},
    )

    assert response.status_code == 200
    assert "“propose” is the address of a page of the portal. Choose another." in response.text
    assert not Community.objects.exists()
