"""Memberships: joining, switching core, changing kind, leaving, and leads.

Each function locks the person's row first, decides, and writes in one transaction, so two
requests for the same person queue rather than race. The database constraints are the last
word: an IntegrityError from a race is caught outside the atomic block and turned into the
refusal a person would have got had the requests arrived one after the other.
"""

from dataclasses import dataclass

from django.utils import timezone

from communities.models import Community

from .. import emails
from ..models import Membership, Person
from ..signals import (
    core_moved,
    kind_changed,
    membership_ended,
    membership_joined,
    send_after_commit,
)
from .errors import AlreadyThatKind, LeadMustBeCore, parse_kind
from .locks import (
    active_core,
    active_membership,
    lock_community,
    lock_for_core_move,
    lock_membership,
    lock_person,
)
from .refusals import (
    already_member,
    core_elsewhere,
    guarded,
    lead_must_be_core,
    not_a_member,
    not_open,
)
from .rounds import Outcome, close_round

CORE = Membership.Kind.CORE
WIDER = Membership.Kind.WIDER


@dataclass(frozen=True)
class MembershipChange:
    """What a membership write did, so a page or the admin can say so without asking again.

    `released` is the person's previous core membership when a switch moved it (now wider, or
    ended if they chose to leave it); `stepped_down` holds each membership whose lead role
    ended as a consequence (the Head has been told of those).
    """

    membership: Membership
    released: Membership | None = None
    stepped_down: tuple[Membership, ...] = ()


# Steps shared by the services ------------------------------------------------------------------


def _step_down(membership: Membership) -> bool:
    """A lead who stops being an active core member stops being a lead; the Head is told.

    Returns whether they were a lead. The caller saves the row.
    """
    if not membership.is_lead:
        return False
    membership.is_lead = False
    emails.queue_lead_stepped_down(membership=membership)
    return True


def _make_lead(membership: Membership, is_lead: bool) -> None:
    """Appoint or stand down; a new lead is told by email."""
    membership.is_lead = is_lead
    membership.save(update_fields=["is_lead"])
    if is_lead:
        emails.queue_lead_appointed(membership=membership)


def _end(membership: Membership, *, reason: str) -> bool:
    """End an active membership (the row stays as history); returns whether a lead stepped down."""
    stepped = _step_down(membership)
    membership.ended_at = timezone.now()
    membership.save(update_fields=["ended_at", "is_lead"])
    if membership.kind == CORE:
        close_round(membership, Outcome.VOID, at=membership.ended_at)
    send_after_commit(membership_ended, Membership, membership=membership, reason=reason)
    return stepped


def _make_room_for_core(
    person: Person, *, switch_core: bool, leave_previous: bool
) -> tuple[Membership | None, bool]:
    """Refuse a second core membership unless the person chose to switch; then release the old
    one: it becomes wider, or ends if they chose to leave it.

    Returns the released membership (if any) and whether its lead stepped down.
    """
    current = active_core(person)
    if current is None:
        return None, False
    if not switch_core:
        raise core_elsewhere(current)
    if leave_previous:
        return current, _end(current, reason="switched")
    stepped = _step_down(current)
    current.kind = WIDER
    current.save(update_fields=["kind", "is_lead"])
    close_round(current, Outcome.VOID)
    send_after_commit(kind_changed, Membership, membership=current, old_kind=CORE, new_kind=WIDER)
    return current, stepped


def _set_kind(
    membership: Membership, kind: Membership.Kind, *, switch_core: bool, leave_previous: bool
) -> MembershipChange:
    """Change an active membership's kind on the same row, making room for a new core."""
    if not membership.community.accepts_members:
        raise not_open(membership.community)
    released, stepped = None, []
    if kind == CORE:
        # Both communities' counts change: lock them in order first (see lock_for_core_move).
        lock_for_core_move(membership.person, membership.community)
        released, released_stepped = _make_room_for_core(
            membership.person, switch_core=switch_core, leave_previous=leave_previous
        )
        if released_stepped:
            stepped.append(released)
    elif _step_down(membership):
        stepped.append(membership)
    old_kind, membership.kind = membership.kind, kind
    if kind == CORE:
        # Choosing core is a confirmation: the year before the next reminder starts now.
        membership.confirmed_at = timezone.now()
    elif old_kind == CORE:
        # Not core any more: reminders still out about it only say what happened.
        close_round(membership, Outcome.VOID)
    membership.save(update_fields=["kind", "is_lead", "confirmed_at"])
    send_after_commit(
        kind_changed, Membership, membership=membership, old_kind=old_kind, new_kind=kind
    )
    if released is not None:
        send_after_commit(
            core_moved, Membership, person=membership.person, previous=released, current=membership
        )
    return MembershipChange(membership, released=released, stepped_down=tuple(stepped))


# Memberships -----------------------------------------------------------------------------------


def join(
    *,
    person: Person,
    community: Community,
    kind: str,
    is_lead: bool = False,
    switch_core: bool = False,
    leave_previous: bool = False,
) -> MembershipChange:
    """Make `person` a core or wider member of a launched community (and a lead, if core).

    A person holds at most one active core membership. When they already have one elsewhere,
    joining as core is refused with CoreMembershipElsewhere unless `switch_core` is set; then
    the old membership becomes wider (or ends, with `leave_previous`) in the same transaction.
    The new member is welcomed by email, through the outbox in the same transaction.
    """
    kind = parse_kind(kind)
    if is_lead and kind != CORE:
        raise lead_must_be_core(person, community)

    def action() -> MembershipChange:
        lock_person(person)
        # A core join may move the person's core membership, and with it two communities'
        # counts: both communities are locked, in order (see lock_for_core_move).
        locked = (
            lock_for_core_move(person, community) if kind == CORE else lock_community(community)
        )
        if not locked.accepts_members:
            raise not_open(locked)
        existing = active_membership(person, locked)
        if existing is not None:
            raise already_member(existing)
        released, stepped = None, False
        if kind == CORE:
            released, stepped = _make_room_for_core(
                person, switch_core=switch_core, leave_previous=leave_previous
            )
        membership = Membership.objects.create(
            person=person, community=locked, kind=kind, is_lead=is_lead, joined_at=timezone.now()
        )
        if is_lead:
            emails.queue_lead_appointed(membership=membership)
        else:
            # A lead appointed as they join gets the lead's email instead: one is enough.
            emails.queue_welcome(membership=membership)
        send_after_commit(membership_joined, Membership, membership=membership)
        if released is not None:
            send_after_commit(
                core_moved, Membership, person=person, previous=released, current=membership
            )
        return MembershipChange(
            membership, released=released, stepped_down=(released,) if stepped else ()
        )

    return guarded(action, person=person, community=community)


def leave(*, person: Person, community: Community) -> MembershipChange:
    """End the person's active membership of `community`; the row is kept as history."""

    def action() -> MembershipChange:
        lock_person(person)
        membership = active_membership(person, community)
        if membership is None:
            raise not_a_member(community)
        stepped = _end(membership, reason="left")
        return MembershipChange(membership, stepped_down=(membership,) if stepped else ())

    return guarded(action, person=person, community=community)


def change_kind(
    *,
    person: Person,
    community: Community,
    kind: str,
    switch_core: bool = False,
    leave_previous: bool = False,
) -> MembershipChange:
    """Change the person's membership of `community` between core and wider, on the same row.

    Becoming core follows the same one-core rule as `join`, with the same switch options; a
    lead who becomes wider stops being a lead, and the Head is told.
    """
    kind = parse_kind(kind)

    def action() -> MembershipChange:
        lock_person(person)
        membership = active_membership(person, community)
        if membership is None:
            raise not_a_member(community)
        if membership.kind == kind:
            if not membership.community.accepts_members:
                raise not_open(membership.community)
            raise AlreadyThatKind(
                f"You are already a {kind.label.lower()} member of {community.name}.",
                community=community,
            )
        return _set_kind(membership, kind, switch_core=switch_core, leave_previous=leave_previous)

    return guarded(action, person=person, community=community)


def set_lead(*, membership: Membership, is_lead: bool) -> MembershipChange:
    """Appoint or stand down a lead. A lead must be an active core member."""

    def action() -> MembershipChange:
        lock_person(membership.person)
        locked = lock_membership(membership)
        if is_lead and not (locked.kind == CORE and locked.is_active):
            raise LeadMustBeCore(
                f"{locked.person} must be an active core member of "
                f"{locked.community.name} to be a lead.",
                community=locked.community,
            )
        if locked.is_lead != is_lead:
            _make_lead(locked, is_lead)
        return MembershipChange(locked)

    return guarded(action, person=membership.person, community=membership.community)


def update_membership(
    *, membership: Membership, kind: str, is_lead: bool, switch_core: bool = False
) -> MembershipChange:
    """The Head's edit of an active membership: its kind and whether it leads, together.

    One transaction, so the rule "a lead is a core member" holds at every step: a wider lead
    is refused outright, and a lead the Head stands down while making them wider is not
    reported back to her as a lead who stepped down.
    """
    kind = parse_kind(kind)
    person, community = membership.person, membership.community
    if is_lead and kind != CORE:
        raise lead_must_be_core(person, community)

    def action() -> MembershipChange:
        lock_person(person)
        locked = lock_membership(membership)
        if not locked.is_active:
            raise not_a_member(locked.community)
        was_lead = locked.is_lead
        # Stand down first, so a move to wider finds no lead to report to the Head who asked.
        locked.is_lead = was_lead and is_lead
        change = MembershipChange(locked)
        if kind != locked.kind:
            change = _set_kind(locked, kind, switch_core=switch_core, leave_previous=False)
        if is_lead != was_lead:
            _make_lead(locked, is_lead)
        return change

    return guarded(action, person=person, community=community)
