"""Proposals through their services: proposing, the proposer's edits and withdrawal, support
(once per person, only while open), and the Head's decisions: accepting makes exactly one
community in preparation with everyone behind it interested once; declining emails the reason."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from communities.models import Community, PracticeArea
from membership.models import Interest
from membership.signals import person_anonymised
from outbox.models import Email
from proposals import selectors, services
from proposals.models import Proposal, Support

from .factories import CommunityFactory, PersonFactory, PracticeAreaFactory
from .proposal_factories import ProposalFactory, SupportFactory

pytestmark = pytest.mark.django_db

PURPOSE = "Research data managers across faculties.\n\nWe share tools and funder rules."


@pytest.fixture
def area(db):
    return PracticeAreaFactory(name="Research Support", slug="research-support")


@pytest.fixture
def proposal(staff, area):
    return services.propose(
        proposer=staff,
        name="Research Data Management",
        practice_area=area,
        purpose=PURPOSE,
        why_now="Funders ask for data plans from next year.",
        would_lead=True,
    )


def _propose(person, **changes):
    fields = {
        "proposer": person,
        "name": "Research Data Management",
        "practice_area": None,
        "new_area": "Research",
        "purpose": PURPOSE,
        "why_now": "Now.",
        "would_lead": False,
        **changes,
    }
    return services.propose(**fields)


# Proposing ------------------------------------------------------------------------------------


def test_a_proposal_opens_with_the_proposer_and_no_supporters(proposal, staff, area):
    assert proposal.status == Proposal.Status.OPEN
    assert proposal.proposer == staff
    assert proposal.practice_area == area
    assert proposal.new_area == ""
    assert proposal.would_lead is True
    assert proposal.decided_at is None
    assert Proposal.objects.with_support_count().get().support_count == 0


def test_a_proposal_may_name_a_new_area_instead_of_an_existing_one(staff):
    proposal = _propose(staff, new_area="  Research   Governance ")

    assert proposal.practice_area is None
    assert proposal.new_area == "Research Governance"
    assert proposal.area_display == "Research Governance (a new area)"


def test_a_chosen_area_wins_over_a_new_area_s_name(staff, area):
    proposal = _propose(staff, practice_area=area, new_area="Something else")

    assert proposal.practice_area == area
    assert proposal.new_area == ""


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "Give the community a name."),
        ({"name": "x" * 121}, "name", "Keep the name to 120 characters or fewer."),
        ({"new_area": ""}, "practice_area", "Choose the practice area it belongs to"),
        ({"purpose": " \n "}, "purpose", "Say what the practice is, and who does it."),
        ({"why_now": ""}, "why_now", "Say why the community is needed now."),
    ],
)
def test_a_proposal_missing_something_is_refused_on_its_field(staff, changes, field, message):
    with pytest.raises(services.InvalidProposal) as refused:
        _propose(staff, **changes)

    assert refused.value.field == field
    assert message in refused.value.message
    assert not Proposal.objects.exists()


def test_the_name_of_an_existing_community_is_refused_with_a_pointer_to_it(staff):
    CommunityFactory(name="Data and Insight", slug="data-and-insight")

    with pytest.raises(services.InvalidProposal, match="already a community called Data and"):
        _propose(staff, name="data AND insight")


def test_the_name_of_another_open_proposal_is_refused_with_a_pointer_to_support_it(
    proposal, other_staff
):
    with pytest.raises(services.InvalidProposal, match="Support their proposal instead"):
        _propose(other_staff, name="research data management")

    assert Proposal.objects.count() == 1


def test_a_declined_proposal_s_name_can_be_proposed_again(proposal, other_staff, head):
    services.decline(proposal=proposal, by=head, reason="Covered by Data and Insight.")

    again = _propose(other_staff)

    assert again.status == Proposal.Status.OPEN


def test_the_database_allows_one_open_proposal_per_name(proposal, other_staff):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalFactory(name="RESEARCH DATA MANAGEMENT", proposer=other_staff)


# The proposer's edits and withdrawal ----------------------------------------------------------


def test_the_proposer_edits_an_open_proposal(proposal, staff):
    edited = services.edit_proposal(
        proposal=proposal, by=staff, name="Research Data", why_now="Because.", would_lead=False
    )

    proposal.refresh_from_db()
    assert edited.name == proposal.name == "Research Data"
    assert proposal.why_now == "Because."
    assert proposal.would_lead is False
    assert proposal.purpose == PURPOSE


def test_nobody_else_edits_or_withdraws_a_proposal_not_even_the_head(proposal, other_staff, head):
    for person in (other_staff, head):
        with pytest.raises(services.NotProposer):
            services.edit_proposal(proposal=proposal, by=person, name="Hijacked")
        with pytest.raises(services.NotProposer):
            services.withdraw_proposal(proposal=proposal, by=person)

    proposal.refresh_from_db()
    assert (proposal.name, proposal.status) == ("Research Data Management", "open")


def test_an_edit_keeps_the_rules_of_proposing(proposal, staff):
    CommunityFactory(name="Data and Insight", slug="data-and-insight")

    with pytest.raises(services.InvalidProposal, match="already a community"):
        services.edit_proposal(proposal=proposal, by=staff, name="Data and Insight")
    with pytest.raises(services.InvalidProposal, match="Say why"):
        services.edit_proposal(proposal=proposal, by=staff, why_now=" ")


def test_the_proposer_withdraws_an_open_proposal_once(proposal, staff):
    withdrawn = services.withdraw_proposal(proposal=proposal, by=staff)

    assert withdrawn.status == Proposal.Status.WITHDRAWN
    assert withdrawn.decided_at is not None
    assert withdrawn.decided_by == staff
    with pytest.raises(services.ProposalDecided, match="has been withdrawn"):
        services.withdraw_proposal(proposal=proposal, by=staff)
    with pytest.raises(services.ProposalDecided, match="can no longer be changed"):
        services.edit_proposal(proposal=proposal, by=staff, name="Later")


# Support --------------------------------------------------------------------------------------


def test_support_is_counted_once_per_person(proposal, other_staff):
    services.support(proposal=proposal, person=other_staff)

    with pytest.raises(services.AlreadySupporting):
        services.support(proposal=proposal, person=other_staff)

    assert Support.objects.filter(proposal=proposal).count() == 1
    assert Proposal.objects.with_support_count().get().support_count == 1


def test_the_database_refuses_a_second_support_from_one_person(proposal, other_staff):
    SupportFactory(proposal=proposal, person=other_staff)

    with pytest.raises(IntegrityError), transaction.atomic():
        SupportFactory(proposal=proposal, person=other_staff)


def test_the_proposer_is_counted_already_and_cannot_support_their_own(proposal, staff):
    with pytest.raises(services.OwnProposal, match="already counted"):
        services.support(proposal=proposal, person=staff)

    assert not Support.objects.exists()


@pytest.mark.parametrize("decision", ["accept", "decline", "withdraw"])
def test_a_decided_proposal_takes_no_more_support(
    proposal, staff, other_staff, head, area, decision
):
    if decision == "accept":
        services.accept(proposal=proposal, by=head, name="RDM", summary="", practice_area=area)
    elif decision == "decline":
        services.decline(proposal=proposal, by=head, reason="Not now.")
    else:
        services.withdraw_proposal(proposal=proposal, by=staff)

    with pytest.raises(services.ProposalDecided, match="can no longer be supported"):
        services.support(proposal=proposal, person=other_staff)

    assert not Support.objects.exists()


def test_a_supporter_withdraws_support_while_it_is_open(proposal, other_staff):
    services.support(proposal=proposal, person=other_staff)

    services.withdraw_support(proposal=proposal, person=other_staff)

    assert not Support.objects.exists()
    with pytest.raises(services.NotSupporting):
        services.withdraw_support(proposal=proposal, person=other_staff)


def test_support_stays_as_history_once_decided(proposal, other_staff, head):
    services.support(proposal=proposal, person=other_staff)
    services.decline(proposal=proposal, by=head, reason="Not now.")

    with pytest.raises(services.ProposalDecided):
        services.withdraw_support(proposal=proposal, person=other_staff)

    assert Support.objects.filter(person=other_staff).exists()


# Accepting ------------------------------------------------------------------------------------


@pytest.fixture
def supporters(proposal):
    people = [PersonFactory(full_name=f"Supporter {n}") for n in range(3)]
    for person in people:
        services.support(proposal=proposal, person=person)
    return people


def test_accepting_makes_one_community_in_preparation_with_everyone_interested_once(
    proposal, supporters, staff, head, area
):
    acceptance = services.accept(
        proposal=proposal,
        by=head,
        name="Research Data Management",
        summary="For research data managers.",
        practice_area=area,
    )

    community = Community.objects.get()
    assert acceptance.community == community
    assert community.status == Community.Status.PREPARING
    assert community.name == "Research Data Management"
    assert community.slug == "research-data-management"
    assert community.summary == "For research data managers."
    assert community.description == PURPOSE
    assert community.practice_area == area
    interested = Interest.objects.filter(community=community)
    assert sorted(interested.values_list("person_id", flat=True)) == sorted(
        [staff.pk, *(person.pk for person in supporters)]
    )
    assert acceptance.interested == 4
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    assert proposal.community == community
    assert proposal.decided_by == head
    assert acceptance.prospective_lead == staff


def test_accepting_emails_the_proposer_and_each_supporter(proposal, supporters, head, area):
    acceptance = services.accept(
        proposal=proposal, by=head, name="RDM Network", summary="", practice_area=area
    )

    assert acceptance.emails_queued == 4
    to_proposer = Email.objects.get(kind="proposal_accepted")
    assert to_proposer.to_address == "alice@ucl.ac.uk"
    assert to_proposer.subject == "Your proposal is accepted: RDM Network is being prepared"
    assert "You offered to help lead it, and the Head has been told." in to_proposer.body_text
    told = Email.objects.filter(kind="supported_proposal_accepted")
    assert sorted(told.values_list("to_address", flat=True)) == sorted(
        person.email for person in supporters
    )
    assert "You are registered as interested" in told.first().body_text


def test_the_head_may_rename_the_community_and_create_its_practice_area(proposal, head):
    acceptance = services.accept(
        proposal=proposal,
        by=head,
        name="  Research   Data Stewards ",
        summary="Stewards of research data.",
        new_area_name="Research Governance",
    )

    community = acceptance.community
    assert community.name == "Research Data Stewards"
    assert community.practice_area.name == "Research Governance"
    assert community.practice_area.slug == "research-governance"
    assert community.practice_area.sponsor is None
    assert acceptance.new_area == community.practice_area


def test_accepting_refuses_a_taken_name_or_area_and_changes_nothing(proposal, head, area):
    CommunityFactory(name="Data Stewards", slug="data-stewards")

    with pytest.raises(services.InvalidProposal) as taken:
        services.accept(
            proposal=proposal, by=head, name="data stewards", summary="", practice_area=area
        )
    with pytest.raises(services.InvalidProposal) as area_taken:
        services.accept(proposal=proposal, by=head, name="RDM", summary="", new_area_name=area.name)
    with pytest.raises(services.InvalidProposal) as no_area:
        services.accept(proposal=proposal, by=head, name="RDM", summary="")

    assert taken.value.field == "name"
    assert area_taken.value.field == "new_area_name"
    assert no_area.value.field == "practice_area"
    assert Community.objects.count() == 1
    assert PracticeArea.objects.count() == 2  # the area and the existing community's
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.OPEN


def test_a_proposal_is_decided_once(proposal, head, area):
    services.accept(proposal=proposal, by=head, name="RDM", summary="", practice_area=area)

    with pytest.raises(services.ProposalDecided):
        services.accept(proposal=proposal, by=head, name="RDM 2", summary="", practice_area=area)
    with pytest.raises(services.ProposalDecided):
        services.decline(proposal=proposal, by=head, reason="Changed my mind.")

    assert Community.objects.count() == 1


def test_people_who_left_are_not_registered_as_interested(proposal, supporters, head, area):
    supporters[0].is_active = False
    supporters[0].save()

    acceptance = services.accept(
        proposal=proposal, by=head, name="RDM", summary="", practice_area=area
    )

    assert acceptance.interested == 3
    assert not Interest.objects.filter(person=supporters[0]).exists()


def test_no_prospective_lead_when_the_proposer_did_not_offer(staff, head, area):
    proposal = _propose(staff, practice_area=area, would_lead=False)

    acceptance = services.accept(
        proposal=proposal, by=head, name="RDM", summary="", practice_area=area
    )

    assert acceptance.prospective_lead is None


def test_a_community_never_takes_the_reserved_address_propose(head, staff, area):
    proposal = _propose(staff, name="Propose", practice_area=area)

    community = services.accept(
        proposal=proposal, by=head, name="Propose", summary="", practice_area=area
    ).community

    assert community.slug == "propose-community"


def test_addresses_are_made_unique_and_never_reserved():
    CommunityFactory(name="Research", slug="research")
    CommunityFactory(name="Research two", slug="research-2")

    assert services.free_slug(Community, "Research!", fallback="community") == "research-3"
    assert services.free_slug(Community, "propose", fallback="community") == "propose-community"
    assert services.free_slug(Community, "¿?", fallback="community") == "community"


def test_the_reserved_address_is_refused_by_validation_and_by_the_database(area):
    community = Community(name="Propose", slug="propose", practice_area=area)
    with pytest.raises(ValidationError) as refused:
        community.full_clean()
    assert refused.value.error_dict["slug"][0].code == "reserved_slug"

    with pytest.raises(IntegrityError), transaction.atomic():
        CommunityFactory(slug="propose")


def test_the_summary_is_the_first_paragraph_cut_at_a_word():
    assert services.summary_from(PURPOSE) == "Research data managers across faculties."
    long = "word " * 60
    summary = services.summary_from(long)
    assert len(summary) <= 200
    assert summary.endswith("word…")


# Declining ------------------------------------------------------------------------------------


def test_declining_needs_a_reason_and_emails_it_to_the_proposer(proposal, head):
    with pytest.raises(services.InvalidProposal, match="Say why"):
        services.decline(proposal=proposal, by=head, reason="  ")

    services.decline(
        proposal=proposal, by=head, reason="Data and Insight covers research data & more."
    )

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECLINED
    assert proposal.decline_reason == "Data and Insight covers research data & more."
    email = Email.objects.get(kind="proposal_declined")
    assert email.to_address == "alice@ucl.ac.uk"
    assert email.subject == 'Your proposal "Research Data Management" has been declined'
    assert "Data and Insight covers research data & more." in email.body_text
    assert "Data and Insight covers research data &amp; more." in email.body_html
    assert not Community.objects.exists()


def test_the_database_requires_a_declined_proposal_to_say_why(proposal):
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(
            status="declined", decided_at=proposal.created_at
        )


# A person who left UCL ------------------------------------------------------------------------


def test_anonymising_a_proposer_keeps_their_proposal_and_support_but_not_their_offer_to_lead(
    proposal, staff, other_staff
):
    services.support(proposal=proposal, person=other_staff)

    person_anonymised.send(sender=type(staff), person=staff, remove_resources=False)

    proposal.refresh_from_db()
    assert proposal.would_lead is False
    assert proposal.proposer == staff
    assert Proposal.objects.with_support_count().get().support_count == 1


def test_personal_data_lists_what_a_person_proposed_and_supported(proposal, staff, other_staff):
    services.support(proposal=proposal, person=other_staff)

    mine = selectors.personal_data(staff)
    theirs = selectors.personal_data(other_staff)

    assert [p["name"] for p in mine["proposals"]] == ["Research Data Management"]
    assert mine["proposals"][0]["practice_area"] == "Research Support"
    assert mine["proposals"][0]["would_lead"] is True
    assert mine["supported_proposals"] == []
    assert theirs["proposals"] == []
    assert theirs["supported_proposals"][0]["name"] == "Research Data Management"
    assert isinstance(theirs["supported_proposals"][0]["created_at"], str)
