"""Saying "I would join this" about an open proposal, and taking it back.

Support is counted once per person (a constraint) and only while the proposal is open: each
change locks the proposal's row first, so a support that races the Head's decision either
commits before it (and the supporter is registered as interested in the new community) or
finds the proposal decided and is refused.
"""

from django.db import IntegrityError, transaction

from membership.models import Person

from ..models import Proposal, Support
from .errors import AlreadySupporting, NotSupporting, OwnProposal
from .locks import lock_proposal, refuse_unless_open


def _already(proposal: Proposal) -> AlreadySupporting:
    return AlreadySupporting(
        f"You have already said you would join {proposal.name}.", proposal=proposal
    )


def support(*, proposal: Proposal, person: Person) -> Support:
    """Record that `person` would join the community `proposal` suggests.

    Refused with OwnProposal for its proposer (counted already), ProposalDecided once it is
    accepted, declined or withdrawn, and AlreadySupporting for a repeat, including one that
    lost a race to the one-support-per-person constraint.
    """

    def action() -> Support:
        locked = lock_proposal(proposal)
        if locked.proposer_id == person.pk:
            raise OwnProposal(
                f"You proposed {locked.name}, so you are already counted among the people who "
                "would join it.",
                proposal=locked,
            )
        refuse_unless_open(locked, "supported")
        if Support.objects.filter(proposal=locked, person=person).exists():
            raise _already(locked)
        return Support.objects.create(proposal=locked, person=person)

    try:
        with transaction.atomic():
            return action()
    except IntegrityError:
        # Only the one-support constraint can fire here: the same click twice, at once. Caught
        # outside the atomic block, which PostgreSQL must roll back first.
        raise _already(proposal) from None


def withdraw_support(*, proposal: Proposal, person: Person) -> None:
    """Take back `person`'s support of an open proposal (the row goes, as they asked).

    Refused with NotSupporting when there is none, and ProposalDecided once the proposal is
    decided: who supported it then stays as its history (and, when accepted, as interest in
    the community, which the person withdraws on the community's page).
    """
    with transaction.atomic():
        locked = lock_proposal(proposal)
        supporting = Support.objects.filter(proposal=locked, person=person)
        if not supporting.exists():
            raise NotSupporting(f"You have not said you would join {locked.name}.", proposal=locked)
        refuse_unless_open(locked, "changed")
        supporting.delete()
