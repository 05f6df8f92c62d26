"""What the admin tells the Head, in words about the people she manages rather than to them."""

from communities.models import Community

from .. import services
from ..models import Membership, Person
from ..services import MembershipError

# UCL's guidance: a launched community has two to four leads.
FEWEST_LEADS, MOST_LEADS = 2, 4


def people(count: int) -> str:
    """“1 person”, “3 people”."""
    return f"{count} {'person' if count == 1 else 'people'}"


def plural(count: int, noun: str) -> str:
    """“1 membership”, “2 memberships”."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def describe_refusal(
    error: MembershipError,
    *,
    person: Person,
    community: Community | None = None,
    in_import: bool = False,
) -> str:
    """Say why the services refused, about `person` rather than to them."""
    community = community or error.community
    match error:
        case services.CoreMembershipElsewhere() if in_import:
            return (
                f"{person} is already a core member of {error.current.community}, and a person "
                "can be a core member of one community at a time. Import this row as wider, "
                f"or end or change their membership of {error.current.community} first."
            )
        case services.CoreMembershipElsewhere():
            return (
                f"{person} is already a core member of {error.current.community}, and a person "
                "can be a core member of one community at a time. Make this membership wider, "
                f"or tick “Move their core membership here” to make {error.current.community} "
                "a wider membership."
            )
        case services.AlreadyMember():
            kind = error.membership.get_kind_display().lower()
            return f"{person} is already a {kind} member of {error.membership.community}."
        case services.NotAcceptingMembers() if community is not None:
            if community.status == Community.Status.PREPARING:
                return f"{community} has not launched yet, so it cannot take members."
            return f"{community} has closed, so it cannot take members."
        case services.NotAMember() if community is not None:
            return f"{person} is no longer a member of {community}."
        case services.LeadMustBeCore() if community is not None:
            return f"{person} must be a core member of {community} to be a lead." + (
                "" if in_import else " Keep them core, or untick “lead”."
            )
        case services.AlreadyThatKind():
            return f"{person} is already that kind of member of {community}."
        case _:
            return error.message


def describe_change(change: services.MembershipChange) -> str:
    """Say what a join or an edit did: the membership now, and what moved because of it."""
    membership = change.membership
    role = f"a {membership.get_kind_display().lower()} member"
    if membership.is_lead:
        role += " and a lead"
    said = [f"{membership.person} is now {role} of {membership.community}."]
    if (released := change.released) is not None:
        now = "ended" if released.ended_at else "is now wider"
        said.append(f"Their core membership of {released.community} {now}.")
    said += [
        f"They no longer lead {stepped.community}."
        for stepped in change.stepped_down
        if stepped.pk != membership.pk
    ]
    return " ".join(said)


def lead_advice(community: Community, count: int) -> str:
    """UCL's guidance on the number of leads, when a launched community is outside it."""
    if community.status != Community.Status.LAUNCHED or FEWEST_LEADS <= count <= MOST_LEADS:
        return ""
    return (
        f"{community.name} has {plural(count, 'lead')}: UCL's guidance is "
        f"{FEWEST_LEADS} to {MOST_LEADS} leads for a community."
    )


def active_lead_count(community: Community) -> int:
    return Membership.objects.active().filter(community=community, is_lead=True).count()
