"""A community's life: launch, close and reopen, with the notices each one owes people.

The notices are written to the email outbox in the same transaction as the change, so nobody
hears of a launch or closure that rolled back, and none is lost if the mail server is down.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from communities.models import Community

from .. import emails
from ..models import Interest, Membership, Person
from ..signals import community_closed, community_launched, membership_ended, send_after_commit
from .errors import InvalidStatusChange
from .locks import lock_community
from .rounds import Outcome, close_rounds


@dataclass(frozen=True)
class LifecycleChange:
    """What a launch, close or reopen did. `changed` is False when the community was already
    in the state asked for, so doing it twice never emails twice."""

    changed: bool
    memberships_ended: int = 0
    emails_queued: int = 0


def launch_community(*, community: Community, launched_on: date | None = None) -> LifecycleChange:
    """Open a community in preparation to members, and tell everyone who registered interest.

    Already launched: nothing happens. A closed community must be reopened first.
    """
    with transaction.atomic():
        locked = lock_community(community)
        if locked.status == Community.Status.LAUNCHED:
            return LifecycleChange(changed=False)
        if locked.status == Community.Status.CLOSED:
            raise InvalidStatusChange(
                f"{locked.name} is closed. Reopen it before launching it again.", community=locked
            )
        locked.status = Community.Status.LAUNCHED
        locked.launched_on = launched_on or timezone.localdate()
        locked.save(update_fields=["status", "launched_on"])
        queued = emails.queue_launch_notices(community=locked)
        send_after_commit(community_launched, Community, community=locked)
    community.refresh_from_db()
    return LifecycleChange(changed=True, emails_queued=queued)


class _MembersChanged(Exception):
    """Someone joined between reading the members and locking the community: start again."""


def _lock_members_then_community(community: Community) -> Community:
    """Lock the people with an active membership of `community`, in primary-key order, then the
    community: the order every other service locks in, so a close and a person's own change
    queue on the person's row instead of each holding a row the other waits for.

    A join locks the community after the person, so once the community is locked the members
    cannot grow; if someone joined before that, the locks are released (by rolling back to a
    savepoint) and taken again in order with them included.
    """
    while True:
        try:
            with transaction.atomic():
                people = _active_member_ids(community)
                list(Person.objects.select_for_update().filter(pk__in=people).order_by("pk"))
                locked = lock_community(community)
                if not _active_member_ids(community) <= people:
                    raise _MembersChanged
                return locked
        except _MembersChanged:
            continue


def _active_member_ids(community: Community) -> set[int]:
    return set(
        Membership.objects.active().filter(community=community).values_list("person", flat=True)
    )


def close_community(
    *, community: Community, reason: str = "", message: str = ""
) -> LifecycleChange:
    """Close a community and end its active memberships in the same transaction.

    Memberships are ended, not deleted, so past months' reports stay true; interests stay as
    history. Each member whose membership ended is sent a closure notice, which gives the
    `reason` and the Head's `message` to them when she wrote them; the reason is also kept in
    the community's history.
    """
    reason, message = reason.strip(), message.strip()
    with transaction.atomic():
        locked = _lock_members_then_community(community)
        if locked.status == Community.Status.CLOSED:
            return LifecycleChange(changed=False)
        locked.status = Community.Status.CLOSED
        if reason:
            locked._change_reason = f"Closed: {reason}"[:100]
        locked.save(update_fields=["status"])
        now = timezone.now()
        ended = list(
            Membership.objects.active()
            .filter(community=locked)
            .select_related("person")
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        # One save per row, so django-simple-history records each ending (and any lead change).
        for membership in ended:
            membership.ended_at = now
            membership.is_lead = False
            membership.save(update_fields=["ended_at", "is_lead"])
            send_after_commit(
                membership_ended, Membership, membership=membership, reason="community_closed"
            )
        close_rounds((m.pk for m in ended if m.kind == Membership.Kind.CORE), Outcome.VOID, at=now)
        emails.withdraw_launch_notices(community=locked)
        queued = emails.queue_closure_notices(
            community=locked, memberships=ended, reason=reason, message=message
        )
        send_after_commit(
            community_closed,
            Community,
            community=locked,
            membership_ids=[membership.pk for membership in ended],
        )
    community.refresh_from_db()
    return LifecycleChange(changed=True, memberships_ended=len(ended), emails_queued=queued)


def reopen_community(*, community: Community) -> LifecycleChange:
    """Deliberately bring a closed community back into preparation. Old memberships stay ended.

    Registered interest stays, and counts as not yet told: when the community launches again,
    everyone interested hears about that launch too.
    """
    with transaction.atomic():
        locked = lock_community(community)
        if locked.status != Community.Status.CLOSED:
            return LifecycleChange(changed=False)
        locked.status = Community.Status.PREPARING
        locked.save(update_fields=["status"])
        Interest.objects.filter(community=locked).update(notified_at=None)
    community.refresh_from_db()
    return LifecycleChange(changed=True)
