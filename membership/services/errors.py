"""The refusals of the membership services: each a message for the person, and a code."""

from communities.models import Community

from ..models import Membership


class MembershipError(Exception):
    """A change a person asked for that the programme's rules refuse.

    `message` is written for the person who asked; `code` lets pages and tests tell cases apart.
    """

    code = "refused"

    def __init__(self, message: str, *, community: Community | None = None):
        super().__init__(message)
        self.message = message
        self.community = community


class InvalidKind(MembershipError):
    code = "invalid_kind"


class NotAcceptingMembers(MembershipError):
    code = "not_launched"


class AlreadyMember(MembershipError):
    """The person already holds an active membership of this community (of `membership.kind`)."""

    code = "already_member"

    def __init__(self, message: str, *, membership: Membership):
        super().__init__(message, community=membership.community)
        self.membership = membership


class CoreMembershipElsewhere(MembershipError):
    """The person is already a core member of `current.community`; offer them a switch."""

    code = "core_elsewhere"

    def __init__(self, message: str, *, current: Membership):
        super().__init__(message, community=current.community)
        self.current = current


class NotAMember(MembershipError):
    code = "not_member"


class AlreadyThatKind(MembershipError):
    code = "already_kind"


class NotAcceptingInterest(MembershipError):
    code = "not_preparing"


class AlreadyInterested(MembershipError):
    code = "already_interested"


class NotInterested(MembershipError):
    code = "not_interested"


class LeadMustBeCore(MembershipError):
    code = "lead_not_core"


class InvalidStatusChange(MembershipError):
    code = "invalid_status_change"


def parse_kind(kind: str) -> Membership.Kind:
    """Return `kind` as a Membership.Kind, refusing anything but core or wider."""
    try:
        return Membership.Kind(kind)
    except ValueError:
        raise InvalidKind(f"“{kind}” is not a kind of membership: choose core or wider.") from None
