"""The refusals the membership services build, worded for the person who asked, and the guard
that turns a constraint violation from a lost race into the same refusal."""

from collections.abc import Callable

from django.db import IntegrityError, transaction

from communities.models import Community

from ..models import Membership, Person
from .errors import (
    AlreadyMember,
    CoreMembershipElsewhere,
    LeadMustBeCore,
    MembershipError,
    NotAcceptingMembers,
    NotAMember,
)

CORE = Membership.Kind.CORE


def core_elsewhere(current: Membership) -> CoreMembershipElsewhere:
    return CoreMembershipElsewhere(
        f"You are already a core member of {current.community.name}. "
        "You can be a core member of one community at a time.",
        current=current,
    )


def already_member(membership: Membership) -> AlreadyMember:
    return AlreadyMember(
        f"You are already a {membership.get_kind_display().lower()} member of "
        f"{membership.community.name}.",
        membership=membership,
    )


def not_open(community: Community) -> NotAcceptingMembers:
    if community.status == Community.Status.PREPARING:
        message = (
            f"{community.name} is not open to members yet: preparations are underway. "
            "You can register your interest instead."
        )
    else:
        message = f"{community.name} has closed, so it is not accepting members."
    return NotAcceptingMembers(message, community=community)


def not_a_member(community: Community) -> NotAMember:
    return NotAMember(f"You are not a member of {community.name}.", community=community)


def guarded[T](
    action: Callable[[], T], *, person: Person, community: Community, kind: str | None = None
) -> T:
    """Run `action` atomically; turn a constraint violation from a race into a domain error.

    The IntegrityError is caught outside the atomic block: on PostgreSQL the failed transaction
    (or savepoint) must be rolled back before we can read the state that won the race.
    """
    try:
        with transaction.atomic():
            return action()
    except IntegrityError:
        existing = Membership.objects.active().filter(person=person, community=community).first()
        if existing is not None and kind != CORE:
            raise already_member(existing) from None
        current = Membership.objects.active().core().filter(person=person).first()
        if current is not None:
            raise core_elsewhere(current) from None
        if existing is not None:
            raise already_member(existing) from None
        raise MembershipError(
            "Someone changed this at the same moment. Please check and try again.",
            community=community,
        ) from None


def lead_must_be_core(person: Person, community: Community) -> LeadMustBeCore:
    return LeadMustBeCore(
        f"{person} must be a core member of {community.name} to be a lead.", community=community
    )
