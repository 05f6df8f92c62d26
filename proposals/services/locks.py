"""The proposal's row lock, and the refusal every change of a decided proposal gets.

Every write about a proposal (an edit, a withdrawal, support, a decision) locks the proposal's
row first, so they queue behind each other: support read as open under the lock stays open
until the supporter's row is committed, and a decision sees every support that committed
before it. Nothing here locks a person's row before a proposal's, so the order is always
proposal, then people (accepting), then the new community (`membership.services`).
"""

from ..models import Proposal
from .errors import ProposalDecided

_DECIDED = {
    Proposal.Status.ACCEPTED: "accepted",
    Proposal.Status.DECLINED: "declined",
    Proposal.Status.WITHDRAWN: "withdrawn",
}


def lock_proposal(proposal: Proposal) -> Proposal:
    # of=("self",): lock the proposal only, not the joined proposer or practice area.
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("proposer", "practice_area")
        .get(pk=proposal.pk)
    )


def refuse_unless_open(proposal: Proposal, what: str) -> None:
    """Raise ProposalDecided unless `proposal` (read under its lock) is still open; `what` is
    the refused change, in the past tense ("changed", "supported")."""
    if proposal.is_open:
        return
    raise ProposalDecided(
        f"{proposal.name} has been {_DECIDED[proposal.status]}, so it can no longer be {what}.",
        proposal=proposal,
    )
