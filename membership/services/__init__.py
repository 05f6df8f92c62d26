"""The only writer of memberships and interests.

Every function here is keyword-only, runs in one transaction and locks the person's row (or
the community's, for whole-community changes) before reading what it decides on. A refusal is
a `MembershipError` with a message written for the person. Pages, the admin, management
commands and tests all call these functions, so the rules hold however a change is made, and
each change tells the apps above through `membership.signals` after it commits.
"""

from .anonymise import (
    AlreadyAnonymised,
    Anonymisation,
    CannotAnonymise,
    anonymise_person,
)
from .community_page import (
    CONTACT_LEADS_PER_HOUR,
    CannotEditPage,
    EmptyMessage,
    InvalidPageLink,
    NoLeadsToContact,
    TooManyMessages,
    contact_leads,
    set_hidden_from_lists,
    update_community_page,
)
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
from .reconfirmation import (
    ReconfirmationAnswer,
    ReconfirmationRun,
    answer_deadline,
    answer_reconfirmation,
    confirm_core_membership,
    run_reconfirmation,
)
from .reconfirmation_links import (
    ExpiredReconfirmationLink,
    InvalidReconfirmationLink,
    reconfirmation_link,
    reminder_for_token,
)

__all__ = [
    "CONTACT_LEADS_PER_HOUR",
    "AlreadyAnonymised",
    "AlreadyInterested",
    "AlreadyMember",
    "AlreadyThatKind",
    "Anonymisation",
    "CannotAnonymise",
    "CannotEditPage",
    "CoreMembershipElsewhere",
    "EmptyMessage",
    "ExpiredReconfirmationLink",
    "InvalidKind",
    "InvalidPageLink",
    "InvalidReconfirmationLink",
    "InvalidStatusChange",
    "LeadMustBeCore",
    "LifecycleChange",
    "MembershipChange",
    "MembershipError",
    "NoLeadsToContact",
    "NotAMember",
    "NotAcceptingInterest",
    "NotAcceptingMembers",
    "NotInterested",
    "ReconfirmationAnswer",
    "ReconfirmationRun",
    "TooManyMessages",
    "anonymise_person",
    "answer_deadline",
    "answer_reconfirmation",
    "change_kind",
    "close_community",
    "confirm_core_membership",
    "contact_leads",
    "join",
    "launch_community",
    "leave",
    "parse_kind",
    "reconfirmation_link",
    "register_interest",
    "reminder_for_token",
    "reopen_community",
    "run_reconfirmation",
    "set_hidden_from_lists",
    "set_lead",
    "update_community_page",
    "update_membership",
    "withdraw_interest",
]
