"""The refusals the membership services build, worded for the person who asked, and the guard
that turns a constraint violation from a lost race into the same refusal."""

from collections.abc import Callable

from django.db import IntegrityError, models, transaction

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


def _unique_columns(constraint: models.UniqueConstraint) -> str:
    table = Membership._meta.db_table
    return ", ".join(
        f"{table}.{Membership._meta.get_field(name).column}" for name in constraint.fields
    )


# SQLite names a CHECK constraint in its message, but a UNIQUE one only by its columns.
_NAMES = {constraint.name for constraint in Membership._meta.constraints}
_SQLITE_UNIQUE_COLUMNS = {
    _unique_columns(constraint): constraint.name
    for constraint in Membership._meta.constraints
    if isinstance(constraint, models.UniqueConstraint) and constraint.fields
}


def violated_constraint(error: IntegrityError) -> str | None:
    """The name of the constraint `error` reports, or None when it cannot be told."""
    diag = getattr(error.__cause__, "diag", None)
    if diag is not None:  # psycopg names the constraint.
        return diag.constraint_name
    failed, _, detail = str(error).partition(" constraint failed: ")
    detail = detail.strip()
    if failed == "CHECK":
        return detail if detail in _NAMES else None
    if failed == "UNIQUE":
        if detail.startswith("index '") and detail.endswith("'"):
            return detail.removeprefix("index '").removesuffix("'")
        return _SQLITE_UNIQUE_COLUMNS.get(detail)
    return None


def guarded[T](action: Callable[[], T], *, person: Person, community: Community) -> T:
    """Run `action` atomically; turn a constraint violation from a race into a domain error.

    The refusal is chosen by the constraint the database names, so a lost race is refused as
    it would have been had the requests arrived one after the other; any other violation gets
    a message that claims nothing. The IntegrityError is caught outside the atomic block: on
    PostgreSQL the failed transaction (or savepoint) must be rolled back before we can read
    the state that won the race.
    """
    try:
        with transaction.atomic():
            return action()
    except IntegrityError as error:
        violated = violated_constraint(error)
        if violated == "one_active_core_membership_per_person":
            current = Membership.objects.active().core().filter(person=person).first()
            if current is not None:
                raise core_elsewhere(current) from None
        elif violated == "one_active_membership_per_person_and_community":
            existing = (
                Membership.objects.active().filter(person=person, community=community).first()
            )
            if existing is not None:
                raise already_member(existing) from None
        elif violated == "lead_is_active_core_member":
            raise lead_must_be_core(person, community) from None
        raise MembershipError(
            "Someone changed this at the same moment. Please check and try again.",
            community=community,
        ) from None


def lead_must_be_core(person: Person, community: Community) -> LeadMustBeCore:
    return LeadMustBeCore(
        f"{person} must be a core member of {community.name} to be a lead.", community=community
    )
