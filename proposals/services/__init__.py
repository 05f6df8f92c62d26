"""The only writer of proposals and their support, and the relay of questions to the Head.

Every function here is keyword-only and runs in one transaction; each change to a proposal
(an edit, a withdrawal, support, a decision) locks the proposal's row before reading what it
decides on. A refusal is a `ProposalError` (a `MembershipError`, as the
portal's refusals are) with a message written for the person. Pages, the admin and tests all
call these functions. Accepting registers interest through `membership.services`, never by
writing interest rows itself.
"""

from .contact import CONTACT_HEAD_MAX_LENGTH, CONTACT_HEAD_PER_HOUR, contact_head, head_addresses
from .errors import (
    AlreadySupporting,
    InvalidProposal,
    NobodyToAsk,
    NotProposer,
    NotSupporting,
    OwnProposal,
    ProposalDecided,
    ProposalError,
)
from .proposing import EDITABLE_FIELDS, edit_proposal, propose, withdraw_proposal
from .review import Acceptance, accept, decline, free_slug, summary_from
from .support import support, withdraw_support

__all__ = [
    "CONTACT_HEAD_MAX_LENGTH",
    "CONTACT_HEAD_PER_HOUR",
    "EDITABLE_FIELDS",
    "Acceptance",
    "AlreadySupporting",
    "InvalidProposal",
    "NobodyToAsk",
    "NotProposer",
    "NotSupporting",
    "OwnProposal",
    "ProposalDecided",
    "ProposalError",
    "accept",
    "contact_head",
    "decline",
    "edit_proposal",
    "free_slug",
    "head_addresses",
    "propose",
    "summary_from",
    "support",
    "withdraw_proposal",
    "withdraw_support",
]
