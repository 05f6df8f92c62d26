"""The refusals of the proposals services: each a message for the person, and a code.

They are `MembershipError`s, as every refusal of the portal's services is, so a page that calls
both (accepting registers interest through `membership.services`) catches one kind.
"""

from membership.services import MembershipError

from ..models import Proposal


class ProposalError(MembershipError):
    """A change to a proposal, or its support, that the programme's rules refuse.

    `field` names the form field the refusal is about, when there is one.
    """

    code = "refused"

    def __init__(self, message: str, *, proposal: Proposal | None = None, field: str = ""):
        super().__init__(message)
        self.proposal = proposal
        self.field = field


class InvalidProposal(ProposalError):
    """Something the proposal, or the Head's decision, needs is missing or clashes."""

    code = "invalid_proposal"


class NotProposer(ProposalError):
    """Only the proposer edits or withdraws a proposal (views answer 403)."""

    code = "not_proposer"


class ProposalDecided(ProposalError):
    """The proposal has been accepted, declined or withdrawn: it takes no more support or
    edits, and it is decided once."""

    code = "decided"


class OwnProposal(ProposalError):
    """The proposer is counted with a proposal's supporters already."""

    code = "own_proposal"


class AlreadySupporting(ProposalError):
    code = "already_supporting"


class NotSupporting(ProposalError):
    code = "not_supporting"


class NobodyToAsk(ProposalError):
    """The portal has no address for the Head of CoPs yet."""

    code = "no_head_address"
