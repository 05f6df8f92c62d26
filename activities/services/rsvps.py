"""RSVPs: going while there are places, the waiting list after, and reminders.

Each write locks the session's row before it counts who is going, so however many people
click at once the session never holds more than its capacity, and the waiting list is served
in the order people joined it. Emails are written to the outbox in the same transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from membership.models import Person

from .. import emails
from ..models import Rsvp, Session
from .errors import ActivityError, AlreadyRsvped, NoRsvp, NotOpenForRsvp
from .locks import going_count, live_rsvp, lock_session

GOING = Rsvp.Status.GOING
WAITING = Rsvp.Status.WAITING
CANCELLED = Rsvp.Status.CANCELLED
# "The day before": a session starting within this much of a run of the command.
REMINDER_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class RsvpChange:
    """What an RSVP or its cancellation did: `rsvp` is the row made or cancelled, and
    `promoted` the people it moved from the waiting list to going (each has been emailed)."""

    rsvp: Rsvp
    promoted: tuple[Rsvp, ...] = ()


def not_open(session: Session) -> NotOpenForRsvp:
    if session.is_cancelled:
        return NotOpenForRsvp(f"“{session.title}” was cancelled, so it is not taking RSVPs.")
    return NotOpenForRsvp(f"“{session.title}” has ended, so it is not taking RSVPs.")


def already_rsvped(rsvp: Rsvp) -> AlreadyRsvped:
    if rsvp.status == GOING:
        message = f"You are already going to “{rsvp.session.title}”."
    else:
        message = f"You are already on the waiting list for “{rsvp.session.title}”."
    return AlreadyRsvped(message, rsvp=rsvp)


def has_places(session: Session) -> bool:
    """Whether someone else can go: no limit, or fewer going than the capacity (read under
    the session's lock)."""
    return session.capacity is None or going_count(session) < session.capacity


def promote_from_waiting_list(session: Session) -> tuple[Rsvp, ...]:
    """Move people waiting to going, first come first served, while there are places; each one
    is emailed. The caller holds the session's lock. Nobody moves for a session that has ended
    or was cancelled."""
    if session.is_cancelled or session.has_ended:
        return ()
    waiting = (
        Rsvp.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(session=session, status=WAITING)
        .order_by("created_at", "pk")
    )
    if session.capacity is not None:
        places = session.capacity - going_count(session)
        if places <= 0:
            return ()
        waiting = waiting[:places]
    promoted = tuple(waiting)
    for rsvp in promoted:
        rsvp.status = GOING
        rsvp.session = session
        rsvp.save(update_fields=["status"])
    emails.queue_promotions(session=session, rsvps=promoted)
    return promoted


def _guarded[T](action: Callable[[], T], *, session: Session, person: Person) -> T:
    """Run `action` atomically; a lost race on the one-live-RSVP constraint is refused as the
    repeat it was. Caught outside the atomic block, since PostgreSQL must roll back first."""
    try:
        with transaction.atomic():
            return action()
    except IntegrityError:
        existing = (
            Rsvp.objects.select_related("session")
            .filter(session=session, person=person)
            .exclude(status=CANCELLED)
            .first()
        )
        if existing is not None:
            raise already_rsvped(existing) from None
        raise ActivityError(
            "Someone changed this at the same moment. Please check and try again."
        ) from None


def rsvp(*, session: Session, person: Person) -> RsvpChange:
    """Answer "going" to a session that has not ended and was not cancelled.

    Going while there are places; after that, on the waiting list, behind everyone already
    on it. A second RSVP is refused with AlreadyRsvped (the live one attached); after a
    cancelled RSVP a person may answer again, which makes a new row at the back of the queue.
    Either way the person is emailed, with the session's .ics when they are going.
    """

    def action() -> RsvpChange:
        locked = lock_session(session)
        if locked.is_cancelled or locked.has_ended:
            raise not_open(locked)
        existing = live_rsvp(locked, person)
        if existing is not None:
            existing.session = locked
            raise already_rsvped(existing)
        status = GOING if has_places(locked) else WAITING
        # created_at is taken under the lock, so the waiting list's order is the order in
        # which people got the lock: first come, first served.
        made = Rsvp.objects.create(
            session=locked, person=person, status=status, created_at=timezone.now()
        )
        emails.queue_confirmation(rsvp=made)
        return RsvpChange(made)

    return _guarded(action, session=session, person=person)


def cancel_rsvp(*, session: Session, person: Person) -> RsvpChange:
    """Withdraw a person's RSVP (going or waiting); the row stays, cancelled, as history.

    A place freed by someone going goes to the first person waiting, who is emailed. Refused
    with NoRsvp when there is nothing to withdraw, and NotOpenForRsvp once the session has
    ended (who went is then a matter of attendance).
    """

    def action() -> RsvpChange:
        locked = lock_session(session)
        existing = live_rsvp(locked, person)
        if existing is None:
            raise NoRsvp(f"You are not going to “{locked.title}”, nor on its waiting list.")
        if locked.has_ended:
            raise NotOpenForRsvp(f"“{locked.title}” has ended, so your answer stays as it was.")
        was_going = existing.status == GOING
        existing.status = CANCELLED
        existing.save(update_fields=["status"])
        existing.session = locked
        promoted = promote_from_waiting_list(locked) if was_going else ()
        return RsvpChange(existing, promoted=promoted)

    return _guarded(action, session=session, person=person)


def send_session_reminders(*, now: datetime | None = None) -> int:
    """Remind everyone going to a scheduled session that starts within the next 24 hours.

    Once per RSVP however often it runs: `reminded_at` is set in the transaction that writes
    the email, under the session's lock, so two runs at once cannot both remind anyone.
    Returns how many reminders were queued.
    """
    now = now or timezone.now()
    due = (
        Session.objects.scheduled()
        .filter(
            starts_at__gt=now,
            starts_at__lte=now + REMINDER_WINDOW,
            rsvps__status=GOING,
            rsvps__reminded_at__isnull=True,
        )
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    queued = 0
    for session_id in list(due):
        with transaction.atomic():
            session = lock_session(Session(pk=session_id))
            if session.is_cancelled or not now < session.starts_at <= now + REMINDER_WINDOW:
                continue  # Cancelled or moved since the list was read.
            unreminded = list(
                Rsvp.objects.select_for_update(of=("self",))
                .select_related("person")
                .filter(session=session, status=GOING, reminded_at__isnull=True)
                .order_by("created_at", "pk")
            )
            queued += emails.queue_reminders(session=session, rsvps=unreminded)
            # Marked even where nothing was queued (an inactive person), so it is not retried.
            Rsvp.objects.filter(pk__in=[going.pk for going in unreminded]).update(reminded_at=now)
    return queued
