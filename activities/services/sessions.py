"""Sessions: scheduling, changing, cancelling, and attendance.

Every write locks the session's row before it reads what it decides on, and checks who is
asking with `activities.permissions` under that lock. Every change a calendar would show
raises `sequence` by one, so subscribed calendars (Outlook) take the update.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from communities.models import Community
from communities.versions import bump_community
from membership.models import Membership, Person

from .. import emails
from ..models import Rsvp, Session
from ..permissions import can_manage, can_schedule
from .errors import CapacityBelowGoing, InvalidSession, NotAllowed, NotEnded
from .locks import going_count, lock_people_then_community, lock_session
from .rsvps import promote_from_waiting_list

EDITABLE_FIELDS = frozenset(
    {"title", "description", "starts_at", "ends_at", "location", "online_url", "capacity", "host"}
)
_WEB_ADDRESS = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class SessionChange:
    """What an edit did: the session as saved, and the people a larger capacity moved from the
    waiting list to going (each has been emailed)."""

    session: Session
    promoted: tuple[Rsvp, ...] = ()


# Checks ----------------------------------------------------------------------------------------


def _check_details(session: Session, *, must_start_in_future: bool) -> None:
    """Refuse a session a person could not attend: no title, times the wrong way round or in
    the past, nowhere to meet, a link that is not a web address, or no places at all."""
    if not session.title.strip():
        raise InvalidSession("Give the session a title.")
    if timezone.is_naive(session.starts_at) or timezone.is_naive(session.ends_at):
        raise InvalidSession("Give the session's times with their time zone.")
    if session.ends_at <= session.starts_at:
        raise InvalidSession("A session must end after it starts.")
    if must_start_in_future and session.starts_at <= timezone.now():
        raise InvalidSession("A session must start in the future.")
    if not session.location.strip() and not session.online_url.strip():
        raise InvalidSession("Give a location, an online link, or both.")
    if session.online_url:
        try:
            _WEB_ADDRESS(session.online_url)
        except ValidationError:
            raise InvalidSession(
                "The online link must be a web address starting with https:// or http://."
            ) from None
    if session.capacity is not None and session.capacity < 1:
        raise InvalidSession("The capacity must be at least 1, or left empty for no limit.")
    try:
        # Lengths and anything else the model knows; the constraints were checked above.
        session.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise InvalidSession(" ".join(error.messages)) from None


def _check_host(host: Person, *, by: Person, community: Community) -> None:
    """The host is whoever schedules (or edits), or an active member of the community."""
    if host.pk == by.pk:
        return
    is_member = (
        host.is_active
        and Membership.objects.active().filter(person=host, community=community).exists()
    )
    if not is_member:
        raise InvalidSession(
            f"{host} is not a member of {community.name}, so they cannot host its sessions."
        )


def _not_allowed(session: Session) -> NotAllowed:
    return NotAllowed(
        f"Only the host, the leads of {session.community.name} and the Head of CoPs can "
        f"change “{session.title}”."
    )


def _check_capacity(session: Session) -> None:
    going = going_count(session)
    if session.capacity is not None and session.capacity < going:
        people = "1 person is" if going == 1 else f"{going} people are"
        raise CapacityBelowGoing(
            f"{people} already going to “{session.title}”, so its capacity cannot be less "
            f"than {going}."
        )


# Scheduling and changing -----------------------------------------------------------------------


def schedule_session(
    *,
    community: Community,
    by: Person,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    description: str = "",
    location: str = "",
    online_url: str = "",
    capacity: int | None = None,
    host: Person | None = None,
) -> Session:
    """Schedule a session of `community`, hosted by `by` unless they name another member.

    Allowed for the Head (or a superuser) and for the active core members (leads included) of
    a launched community; anyone else is refused with NotAllowed. The session must start in
    the future, end after it starts, and have a location or an online link (InvalidSession).
    """
    host = host or by
    session = Session(
        community=community,
        title=title.strip(),
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        online_url=online_url.strip(),
        capacity=capacity,
        host=host,
        created_by=by,
    )
    _check_details(session, must_start_in_future=True)
    try:
        with transaction.atomic():
            # The people first, then the community, as membership.services locks them: a
            # closure or a leave that commits first is seen by the checks below.
            locked = lock_people_then_community([by, host], community)
            if not can_schedule(by, locked):
                raise NotAllowed(
                    f"Only core members and leads of {locked.name} and the Head of CoPs can "
                    "schedule its sessions."
                )
            _check_host(host, by=by, community=locked)
            session.community = locked
            session.save()
    except IntegrityError:
        # The checks above mirror every constraint, so only a change we could not see trips one.
        raise InvalidSession(
            "The session could not be saved. Please check it and try again."
        ) from None
    return session


def update_session(*, session: Session, by: Person, **fields) -> SessionChange:
    """Change a scheduled session's details (any of EDITABLE_FIELDS), as its host, one of the
    community's leads or the Head.

    The details are checked as when scheduling (a new start must be in the future). A capacity
    below the number going is refused with CapacityBelowGoing; a larger one (or none) moves
    people from the waiting list to going, in order, and emails them. Any change raises
    `sequence`; a new start time means those going are reminded again before it.
    """
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"update_session() cannot change {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = lock_session(session)
        if not can_manage(by, locked):
            raise _not_allowed(locked)
        if locked.is_cancelled:
            raise InvalidSession(f"“{locked.title}” was cancelled, so it cannot be changed.")
        for text in ("title", "location", "online_url"):
            if text in fields:
                fields[text] = (fields[text] or "").strip()
        changed = [name for name, value in fields.items() if getattr(locked, name) != value]
        if not changed:
            return SessionChange(locked)
        for name in changed:
            setattr(locked, name, fields[name])
        _check_details(locked, must_start_in_future="starts_at" in changed)
        if "host" in changed:
            _check_host(locked.host, by=by, community=locked.community)
        if "capacity" in changed:
            _check_capacity(locked)
        locked.sequence += 1
        locked.save(update_fields=[*changed, "sequence"])
        if "starts_at" in changed:
            Rsvp.objects.filter(session=locked).update(reminded_at=None)
        promoted = promote_from_waiting_list(locked) if "capacity" in changed else ()
    session.refresh_from_db()
    return SessionChange(locked, promoted=promoted)


# Cancelling ------------------------------------------------------------------------------------


def _cancel(session: Session, *, community_closed: bool = False) -> int:
    """Cancel a locked session and tell everyone going or waiting; returns how many were told."""
    session.status = Session.Status.CANCELLED
    session.sequence += 1
    session.save(update_fields=["status", "sequence"])
    emails.withdraw_unsent_session_mail(session=session)
    live = list(
        Rsvp.objects.filter(session=session, status__in=[Rsvp.Status.GOING, Rsvp.Status.WAITING])
        .select_related("person")
        .order_by("created_at", "pk")
    )
    for rsvp in live:
        rsvp.session = session
    return emails.queue_cancellation_notices(
        session=session, rsvps=live, community_closed=community_closed
    )


def cancel_session(*, session: Session, by: Person) -> int:
    """Cancel a session that has not ended, as its host, a lead or the Head.

    Everyone going or waiting is emailed, and confirmations and reminders not yet sent are
    withdrawn. RSVPs stay as they were, as history. Returns how many people were told: 0 when
    it was already cancelled (nothing happens twice).
    """
    with transaction.atomic():
        locked = lock_session(session)
        if not can_manage(by, locked):
            raise _not_allowed(locked)
        if locked.is_cancelled:
            return 0
        if locked.has_ended:
            raise InvalidSession(f"“{locked.title}” has ended, so it cannot be cancelled.")
        told = _cancel(locked)
    session.refresh_from_db()
    return told


def cancel_sessions_of_closed_community(*, community: Community) -> int:
    """A closed community meets no more: cancel its sessions that have not started, and tell
    those going or waiting. Returns how many sessions were cancelled."""
    with transaction.atomic():
        future = list(
            Session.objects.select_for_update(of=("self",))
            .select_related("community", "host")
            .scheduled()
            .filter(community=community, starts_at__gt=timezone.now())
            .order_by("pk")
        )
        for session in future:
            _cancel(session, community_closed=True)
    return len(future)


# Attendance ------------------------------------------------------------------------------------


def mark_attendance(*, session: Session, by: Person, attended_rsvp_ids: set[int]) -> int:
    """Record who came, after the session has ended, as its host, a lead or the Head.

    Every RSVP going is marked: attended if its id is in `attended_rsvp_ids`, not attended
    otherwise (ids of anyone not going are ignored). Marking again replaces the last marks.
    Returns how many RSVPs were marked.
    """
    with transaction.atomic():
        locked = lock_session(session)
        if not can_manage(by, locked):
            raise _not_allowed(locked)
        if locked.is_cancelled:
            raise InvalidSession(f"“{locked.title}” was cancelled, so nobody attended it.")
        if not locked.has_ended:
            raise NotEnded(f"“{locked.title}” has not ended yet: mark who came once it is over.")
        going = Rsvp.objects.filter(session=locked, status=Rsvp.Status.GOING)
        ids = set(attended_rsvp_ids)
        came = going.filter(pk__in=ids).update(attended=True)
        missed = going.exclude(pk__in=ids).update(attended=False)
        # update() sends no signal: the page's "12 of 15 attended" and the reports must change.
        bump_community(locked.community_id)
    return came + missed
