"""Real concurrency on PostgreSQL: racing clicks on "I would join this", and support racing the
Head's decision.

Each thread has its own database connection, as each request would. Every write about a
proposal locks its row first, so they queue: one person's support is counted once however fast
they click, and a support that races the acceptance either lands before it (and its supporter is
registered as interested in the new community) or is refused as too late. Every thread ends
with a result or a domain refusal: an IntegrityError, a deadlock or any other exception fails.
"""

from functools import partial

import pytest

from communities.models import Community
from membership.models import Interest
from proposals import services
from proposals.models import Proposal, Support

from .concurrency import kinds_of, run_together
from .factories import PersonFactory, PracticeAreaFactory
from .proposal_factories import ProposalFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("transactional_db", "django_db_serialized_rollback"),
]


@pytest.fixture
def area():
    return PracticeAreaFactory(name="Research Support", slug="research-support")


@pytest.fixture
def proposal(area):
    return ProposalFactory(name="Research Data Management", practice_area=area)


@pytest.fixture
def head():
    from django.contrib.auth.models import Group

    from membership.models import HEAD_OF_COPS_GROUP

    person = PersonFactory(full_name="Daniela Head")
    person.groups.add(Group.objects.get(name=HEAD_OF_COPS_GROUP))
    return person


def test_racing_clicks_of_one_person_are_counted_once(proposal):
    person = PersonFactory()

    results = run_together(
        [partial(services.support, proposal=proposal, person=person) for _ in range(8)]
    )

    assert kinds_of(results) == {"Support": 1, "AlreadySupporting": 7}
    assert Support.objects.filter(proposal=proposal, person=person).count() == 1


def test_many_people_supporting_at_once_are_each_counted(proposal):
    people = PersonFactory.create_batch(10)

    results = run_together(
        [partial(services.support, proposal=proposal, person=person) for person in people]
    )

    assert kinds_of(results) == {"Support": 10}
    assert Proposal.objects.with_support_count().get().support_count == 10


def test_support_racing_the_acceptance_is_counted_and_interested_or_refused(proposal, head, area):
    early = PersonFactory.create_batch(3)
    for person in early:
        services.support(proposal=proposal, person=person)
    racers = PersonFactory.create_batch(8)
    accept = partial(
        services.accept, proposal=proposal, by=head, name="RDM", summary="", practice_area=area
    )

    results = run_together(
        [accept, *(partial(services.support, proposal=proposal, person=p) for p in racers)]
    )

    assert type(results[0]).__name__ == "Acceptance"
    assert set(kinds_of(results[1:])) <= {"Support", "ProposalDecided"}
    community = Community.objects.get()
    supporters = set(Support.objects.filter(proposal=proposal).values_list("person", flat=True))
    interested = set(Interest.objects.filter(community=community).values_list("person", flat=True))
    # Exactly the supports that landed before the decision, and the proposer: none lost, none
    # after the decision, none twice.
    assert interested == supporters | {proposal.proposer_id}
    assert Interest.objects.filter(community=community).count() == len(interested)
    assert results[0].interested == len(interested)


def test_two_heads_accepting_at_once_make_one_community(proposal, head, area):
    other_head = PersonFactory(full_name="Deputy Head")
    accepts = [
        partial(
            services.accept,
            proposal=proposal,
            by=by,
            name=f"RDM {n}",
            summary="",
            practice_area=area,
        )
        for n, by in enumerate([head, other_head, head, other_head])
    ]

    results = run_together(accepts)

    assert kinds_of(results) == {"Acceptance": 1, "ProposalDecided": 3}
    assert Community.objects.count() == 1
    assert Proposal.objects.get().community == Community.objects.get()


def test_withdrawing_racing_the_acceptance_leaves_one_decision(proposal, head, area):
    accept = partial(
        services.accept, proposal=proposal, by=head, name="RDM", summary="", practice_area=area
    )
    withdraw = partial(services.withdraw_proposal, proposal=proposal, by=proposal.proposer)

    results = run_together([accept, withdraw])

    assert kinds_of(results) in (
        {"Acceptance": 1, "ProposalDecided": 1},
        {"Proposal": 1, "ProposalDecided": 1},
    )
    proposal.refresh_from_db()
    assert (proposal.status == "accepted") == Community.objects.exists()
