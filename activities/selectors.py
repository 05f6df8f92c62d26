"""Reads that pages repeat, each in a fixed number of queries.

Views, template tags and the calendar feeds call these instead of querying the models
themselves, so "what is coming up" and "who is going" are asked one way everywhere.
"""

from django.db.models import OuterRef, QuerySet, Subquery

from communities.models import Community, PracticeArea
from membership.models import Person

from .models import Rsvp, Session

LIVE = (Rsvp.Status.GOING, Rsvp.Status.WAITING)


def _for_listing(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.with_rsvp_counts().select_related("community__practice_area", "host")


def upcoming_sessions(
    *, practice_area: PracticeArea | None = None, community: Community | None = None
) -> QuerySet[Session]:
    """Scheduled sessions that have not ended, soonest first, with their RSVP counts;
    optionally of one practice area's communities, or of one community."""
    sessions = Session.objects.upcoming()
    if practice_area is not None:
        sessions = sessions.filter(community__practice_area=practice_area)
    if community is not None:
        sessions = sessions.filter(community=community)
    return _for_listing(sessions)


def community_sessions(community: Community) -> tuple[QuerySet[Session], QuerySet[Session]]:
    """The community's upcoming sessions (soonest first) and the ones it held (latest first),
    each with going, waiting and attended counts. Cancelled sessions are not among those held."""
    upcoming = _for_listing(Session.objects.upcoming().filter(community=community))
    held = _for_listing(Session.objects.past().scheduled().filter(community=community))
    return upcoming, held


def going(session: Session, *, include_hidden: bool = False) -> QuerySet[Rsvp]:
    """The RSVPs going to `session`, in the order people answered, with each person.

    People who chose "hide me from lists" are left out of this attendee list (they still count
    in `going_count`); `include_hidden` brings them back for those who must see everyone, such
    as the host marking attendance.
    """
    rsvps = Rsvp.objects.filter(session=session, status=Rsvp.Status.GOING)
    if not include_hidden:
        rsvps = rsvps.filter(person__hidden_from_lists=False)
    return rsvps.select_related("person").order_by("created_at", "pk")


def waiting(session: Session) -> QuerySet[Rsvp]:
    """The waiting list, first in line first, with each person."""
    return (
        Rsvp.objects.filter(session=session, status=Rsvp.Status.WAITING)
        .select_related("person")
        .order_by("created_at", "pk")
    )


def my_upcoming_sessions(person: Person) -> QuerySet[Session]:
    """The upcoming sessions the person is going to or waiting for, soonest first, each with
    `my_rsvp_status` ("going" or "waiting")."""
    mine = Rsvp.objects.filter(session=OuterRef("pk"), person=person, status__in=LIVE)
    return (
        Session.objects.upcoming()
        .filter(rsvps__person=person, rsvps__status__in=LIVE)
        .annotate(my_rsvp_status=Subquery(mine.values("status")[:1]))
        .select_related("community", "host")
    )


def live_rsvp(session: Session, person) -> Rsvp | None:
    """The person's RSVP to `session` that is going or waiting; None if none (or signed out)."""
    if not getattr(person, "is_authenticated", False):
        return None
    return Rsvp.objects.filter(session=session, person=person, status__in=LIVE).first()


def waiting_position(rsvp: Rsvp) -> int:
    """Where a waiting RSVP stands in the queue: 1 is next to get a place."""
    ahead = Rsvp.objects.filter(
        session_id=rsvp.session_id, status=Rsvp.Status.WAITING, created_at__lt=rsvp.created_at
    ).count()
    return ahead + 1
