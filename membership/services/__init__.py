"""The only writer of memberships and interests.

Every function here is keyword-only, runs in one transaction and locks the person's row (or
the community's, for whole-community changes) before reading what it decides on. A refusal is
a `MembershipError` with a message written for the person. Pages, the admin, management
commands and tests all call these functions, so the rules hold however a change is made, and
each change tells the apps above through `membership.signals` after it commits.
"""

from .errors import (
    AlreadyInterested,
    AlreadyMember,
    AlreadyThatKind,
    CoreMembershipElsewhere,
    InvalidKind,
    InvalidStatusChange,
    LeadMustBeCore,
    MembershipError,
    NotAcceptingInterest,
    NotAcceptingMembers,
    NotAMember,
    NotInterested,
    parse_kind,
)
from .interest import register_interest, withdraw_interest
from .lifecycle import LifecycleChange, close_community, launch_community, reopen_community
from .memberships import (
    MembershipChange,
    change_kind,
    join,
    leave,
    set_lead,
    update_membership,
)

__all__ = [
    "AlreadyInterested",
    "AlreadyMember",
    "AlreadyThatKind",
    "CoreMembershipElsewhere",
    "InvalidKind",
    "InvalidStatusChange",
    "LeadMustBeCore",
    "LifecycleChange",
    "MembershipChange",
    "MembershipError",
    "NotAMember",
    "NotAcceptingInterest",
    "NotAcceptingMembers",
    "NotInterested",
    "change_kind",
    "close_community",
    "join",
    "launch_community",
    "leave",
    "parse_kind",
    "register_interest",
    "reopen_community",
    "set_lead",
    "update_membership",
    "withdraw_interest",
]
