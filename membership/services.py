"""The only writer of memberships and interests.

Every function here is keyword-only, runs in one transaction and locks the person's row (or
the community's, for whole-community changes) before reading what it decides on, so two
requests for the same person queue rather than race. The database constraints are the last
word: an IntegrityError from a race is caught outside the atomic block and turned into the same
domain exception a person would have got had the requests arrived one after the other.

Pages, the admin, management commands and tests all call these functions, so the rules hold
however a change is made.
"""

import logging
from collections.abc import Callable
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from communities.models import Community

from .models import Interest, Membership, Person

logger = logging.getLogger(__name__)
CORE = Membership.Kind.CORE
WIDER = Membership.Kind.WIDER


# Domain exceptions -----------------------------------------------------------------------------


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


# Helpers ---------------------------------------------------------------------------------------


def parse_kind(kind: str) -> Membership.Kind:
    """Return `kind` as a Membership.Kind, refusing anything but core or wider."""
    try:
        return Membership.Kind(kind)
    except ValueError:
        raise InvalidKind(f"“{kind}” is not a kind of membership: choose core or wider.") from None


def _lock_person(person: Person) -> Person:
    # Every write for one person queues on this row lock, so the decision below is made on
    # state no other transaction can change before we commit.
    return Person.objects.select_for_update().get(pk=person.pk)


def _lock_community(community: Community) -> Community:
    # Joining locks the community after the person (always in that order, so no deadlock), so a
    # join cannot slip in while the community is being closed.
    return Community.objects.select_for_update().get(pk=community.pk)


def _active_membership(person: Person, community: Community) -> Membership | None:
    # of=("self",): lock the membership row only. Without it PostgreSQL also locks the joined
    # community row, and two people moving their cores past each other deadlock.
    return (
        Membership.objects.active()
        .select_for_update(of=("self",))
        .select_related("community")
        .filter(person=person, community=community)
        .first()
    )


def _active_core(person: Person) -> Membership | None:
    return (
        Membership.objects.active()
        .core()
        .select_for_update(of=("self",))
        .select_related("community")
        .filter(person=person)
        .first()
    )


def _core_elsewhere(current: Membership) -> CoreMembershipElsewhere:
    return CoreMembershipElsewhere(
        f"You are already a core member of {current.community.name}. "
        "You can be a core member of one community at a time.",
        current=current,
    )


def _already_member(membership: Membership) -> AlreadyMember:
    return AlreadyMember(
        f"You are already a {membership.get_kind_display().lower()} member of "
        f"{membership.community.name}.",
        membership=membership,
    )


def _not_open_message(community: Community) -> str:
    if community.status == Community.Status.PREPARING:
        return (
            f"{community.name} is not open to members yet: preparations are underway. "
            "You can register your interest instead."
        )
    return f"{community.name} has closed, so it is not accepting members."


def _guarded[T](
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
            raise _already_member(existing) from None
        current = Membership.objects.active().core().filter(person=person).first()
        if current is not None:
            raise _core_elsewhere(current) from None
        if existing is not None:
            raise _already_member(existing) from None
        raise MembershipError(
            "Someone changed this at the same moment. Please check and try again.",
            community=community,
        ) from None


def _step_down(membership: Membership) -> None:
    """A lead who stops being an active core member stops being a lead; the Head is told."""
    if not membership.is_lead:
        return
    membership.is_lead = False
    from .tasks import notify_head_of_lead_change

    membership_id = membership.pk
    transaction.on_commit(lambda: notify_head_of_lead_change.enqueue(membership_id=membership_id))


def _release_core(current: Membership, *, leave_previous: bool) -> None:
    """Give up `current` as core: it becomes wider, or ends if the person chose to leave it."""
    _step_down(current)
    if leave_previous:
        current.ended_at = timezone.now()
    else:
        current.kind = WIDER
    current.save(update_fields=["kind", "is_lead", "ended_at"])


def _make_room_for_core(person: Person, *, switch_core: bool, leave_previous: bool) -> None:
    """Refuse a second core membership unless the person chose to switch; then release the old."""
    current = _active_core(person)
    if current is None:
        return
    if not switch_core:
        raise _core_elsewhere(current)
    _release_core(current, leave_previous=leave_previous)


# Memberships -----------------------------------------------------------------------------------


def join(
    *,
    person: Person,
    community: Community,
    kind: str,
    is_lead: bool = False,
    switch_core: bool = False,
    leave_previous: bool = False,
) -> Membership:
    """Make `person` a core or wider member of a launched community (and a lead, if core).

    A person holds at most one active core membership. When they already have one elsewhere,
    joining as core is refused with CoreMembershipElsewhere unless `switch_core` is set; then
    the old membership becomes wider (or ends, with `leave_previous`) in the same transaction.
    """
    kind = parse_kind(kind)
    if is_lead and kind != CORE:
        raise LeadMustBeCore(
            f"{person} must be a core member of {community.name} to be a lead.",
            community=community,
        )

    def action() -> Membership:
        _lock_person(person)
        locked = _lock_community(community)
        if not locked.accepts_members:
            raise NotAcceptingMembers(_not_open_message(locked), community=locked)
        existing = _active_membership(person, locked)
        if existing is not None:
            raise _already_member(existing)
        if kind == CORE:
            _make_room_for_core(person, switch_core=switch_core, leave_previous=leave_previous)
        return Membership.objects.create(
            person=person, community=locked, kind=kind, is_lead=is_lead
        )

    return _guarded(action, person=person, community=community, kind=kind)


def leave(*, person: Person, community: Community) -> Membership:
    """End the person's active membership of `community`; the row is kept as history."""

    def action() -> Membership:
        _lock_person(person)
        membership = _active_membership(person, community)
        if membership is None:
            raise NotAMember(f"You are not a member of {community.name}.", community=community)
        _step_down(membership)
        membership.ended_at = timezone.now()
        membership.save(update_fields=["ended_at", "is_lead"])
        return membership

    return _guarded(action, person=person, community=community)


def change_kind(
    *,
    person: Person,
    community: Community,
    kind: str,
    switch_core: bool = False,
    leave_previous: bool = False,
) -> Membership:
    """Change the person's membership of `community` between core and wider, on the same row.

    Becoming core follows the same one-core rule as `join`, with the same switch options.
    """
    kind = parse_kind(kind)

    def action() -> Membership:
        _lock_person(person)
        membership = _active_membership(person, community)
        if membership is None:
            raise NotAMember(f"You are not a member of {community.name}.", community=community)
        if not membership.community.accepts_members:
            raise NotAcceptingMembers(_not_open_message(membership.community), community=community)
        if membership.kind == kind:
            raise AlreadyThatKind(
                f"You are already a {kind.label.lower()} member of {community.name}.",
                community=community,
            )
        if kind == CORE:
            _make_room_for_core(person, switch_core=switch_core, leave_previous=leave_previous)
        else:
            _step_down(membership)
        membership.kind = kind
        membership.save(update_fields=["kind", "is_lead"])
        return membership

    return _guarded(action, person=person, community=community, kind=kind)


def set_lead(*, membership: Membership, is_lead: bool) -> Membership:
    """Appoint or stand down a lead. A lead must be an active core member."""

    def action() -> Membership:
        _lock_person(membership.person)
        locked = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("community")
            .get(pk=membership.pk)
        )
        if is_lead and not (locked.kind == CORE and locked.is_active):
            raise LeadMustBeCore(
                f"{membership.person} must be an active core member of "
                f"{locked.community.name} to be a lead.",
                community=locked.community,
            )
        if locked.is_lead != is_lead:
            locked.is_lead = is_lead
            locked.save(update_fields=["is_lead"])
        return locked

    return _guarded(action, person=membership.person, community=membership.community)


# Interest --------------------------------------------------------------------------------------


def register_interest(*, person: Person, community: Community) -> Interest:
    """Record that `person` wants to hear when a community in preparation launches."""

    def action() -> Interest:
        _lock_person(person)
        locked = _lock_community(community)
        if not locked.accepts_interest:
            raise NotAcceptingInterest(
                f"{locked.name} is not taking registrations of interest: "
                + (
                    "it has launched, so you can join it now."
                    if locked.accepts_members
                    else "it has closed."
                ),
                community=locked,
            )
        if Interest.objects.filter(person=person, community=locked).exists():
            raise AlreadyInterested(
                f"You have already registered interest in {locked.name}.", community=locked
            )
        return Interest.objects.create(person=person, community=locked)

    try:
        with transaction.atomic():
            return action()
    except IntegrityError:
        # Only the one-interest constraint can fire here: a concurrent repeat registration.
        raise AlreadyInterested(
            f"You have already registered interest in {community.name}.", community=community
        ) from None


def withdraw_interest(*, person: Person, community: Community) -> None:
    """Withdraw a registration of interest; the row is removed, as the person asked."""

    with transaction.atomic():
        _lock_person(person)
        deleted, _ = Interest.objects.filter(person=person, community=community).delete()
    if not deleted:
        raise NotInterested(
            f"You have not registered interest in {community.name}.", community=community
        )


# The community's life ---------------------------------------------------------------------------


def launch_community(*, community: Community, launched_on: date | None = None) -> bool:
    """Open a community in preparation to members, and tell everyone who registered interest.

    Returns False (and does nothing) when it is already launched, so launching twice never
    emails twice. The emails are queued after commit, so nobody hears of a launch that rolled
    back. A closed community must be reopened first.
    """
    with transaction.atomic():
        locked = _lock_community(community)
        if locked.status == Community.Status.LAUNCHED:
            return False
        if locked.status == Community.Status.CLOSED:
            raise InvalidStatusChange(
                f"{locked.name} is closed. Reopen it before launching it again.", community=locked
            )
        locked.status = Community.Status.LAUNCHED
        locked.launched_on = launched_on or timezone.localdate()
        locked.save(update_fields=["status", "launched_on"])
        from .tasks import notify_interested_of_launch

        transaction.on_commit(lambda: notify_interested_of_launch.enqueue(community_id=locked.pk))
    community.refresh_from_db()
    return True


def close_community(*, community: Community) -> int:
    """Close a community and end its active memberships in the same transaction.

    Memberships are ended, not deleted, so past months' reports stay true; interests stay as
    history. The members are emailed after commit. Returns how many memberships ended.
    """
    with transaction.atomic():
        locked = _lock_community(community)
        if locked.status == Community.Status.CLOSED:
            return 0
        locked.status = Community.Status.CLOSED
        locked.save(update_fields=["status"])
        now = timezone.now()
        ended = []
        # One save per row, so django-simple-history records each ending (and any lead change).
        for membership in Membership.objects.active().filter(community=locked).select_for_update():
            membership.ended_at = now
            membership.is_lead = False
            membership.save(update_fields=["ended_at", "is_lead"])
            ended.append(membership.pk)
        if ended:
            from .tasks import notify_members_of_closure

            transaction.on_commit(
                lambda: notify_members_of_closure.enqueue(
                    community_id=locked.pk, membership_ids=ended
                )
            )
    community.refresh_from_db()
    return len(ended)


def reopen_community(*, community: Community) -> bool:
    """Deliberately bring a closed community back into preparation. Old memberships stay ended.

    Registered interest stays, and counts as not yet told: when the community launches again,
    everyone interested hears about that launch too.
    """
    with transaction.atomic():
        locked = _lock_community(community)
        if locked.status != Community.Status.CLOSED:
            return False
        locked.status = Community.Status.PREPARING
        locked.save(update_fields=["status"])
        Interest.objects.filter(community=locked).update(notified_at=None)
    community.refresh_from_db()
    return True


def deliver_launch_notices(
    *, community: Community, send: Callable[[Interest], None]
) -> tuple[int, int]:
    """Tell each person interested in `community` that it launched, at most once each.

    `send` is called for every interest not yet notified; `notified_at` is set in the same
    transaction only if it succeeds, so a failed send is retried later and a repeated run (or a
    second worker, which skips rows another holds) never tells anyone twice. Returns the
    numbers sent and failed.
    """
    sent = failed = 0
    pending = Interest.objects.filter(community=community, notified_at__isnull=True)
    for pk in pending.values_list("pk", flat=True):
        with transaction.atomic():
            interest = (
                # Lock the interest only: skipping rows whose person or community another
                # request holds (someone joining the new community) would skip their notice.
                Interest.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("person", "community")
                .filter(pk=pk, notified_at__isnull=True)
                .first()
            )
            if interest is None:
                continue
            try:
                send(interest)
            except Exception:
                logger.exception("Launch notice to %s failed", interest.person.email)
                failed += 1
                continue
            interest.notified_at = timezone.now()
            interest.save(update_fields=["notified_at"])
            sent += 1
    return sent, failed
