"""Reads that pages repeat, each in a fixed number of queries.

Views, template tags and the calendar feeds call these instead of querying the models
themselves, so "what is coming up" and "who is going" are asked one way everywhere.
"""

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery

from communities.models import Community, PracticeArea
from membership.models import Person

from .models import Announcement, CalendarFeed, Project, ProjectMember, Resource, Rsvp, Session

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


# A person's own data, for /me/data/ ------------------------------------------------------------


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def _community(row) -> str:
    return row.community.name


def personal_data(person: Person) -> dict:
    """Everything activities holds about `person`, as plain JSON-ready values.

    Their calendar feed's address is included: it is theirs, and seeing it lets them judge
    whether to reset it (anyone holding the address can read the feed).
    """
    feed = CalendarFeed.objects.filter(person=person).first()
    rsvps = Rsvp.objects.filter(person=person).select_related("session__community")
    hosted = Session.objects.filter(host=person).select_related("community")
    written = Announcement.objects.filter(author=person).select_related("community")
    led = Project.objects.filter(lead=person).select_related("community")
    places = ProjectMember.objects.filter(person=person).select_related("project__community")
    shared = Resource.objects.filter(author=person).select_related("community")
    return {
        "rsvps": [
            {
                "session": rsvp.session.title,
                "community": rsvp.session.community.name,
                "starts_at": _when(rsvp.session.starts_at),
                "status": rsvp.status,
                "answered_at": _when(rsvp.created_at),
                "attended": rsvp.attended,
            }
            for rsvp in rsvps.order_by("session__starts_at", "pk")
        ],
        "calendar_feed": (
            {
                "address": f"{settings.SITE_URL}{feed.get_absolute_url()}",
                "made_at": _when(feed.created_at),
            }
            if feed
            else None
        ),
        "sessions_you_host": [
            {
                "title": session.title,
                "community": _community(session),
                "starts_at": _when(session.starts_at),
                "ends_at": _when(session.ends_at),
                "status": session.status,
            }
            for session in hosted.order_by("starts_at", "pk")
        ],
        "announcements_you_wrote": [
            {
                "community": _community(announcement),
                "subject": announcement.subject,
                "body": announcement.body,
                "audience": announcement.audience,
                "posted_at": _when(announcement.created_at),
            }
            for announcement in written.order_by("created_at", "pk")
        ],
        "projects_you_lead": [
            {"title": project.title, "community": _community(project), "status": project.status}
            for project in led.order_by("created_at", "pk")
        ],
        "projects_you_take_part_in": [
            {
                "project": place.project.title,
                "community": place.project.community.name,
                "joined_at": _when(place.joined_at),
                "left_at": _when(place.left_at),
            }
            for place in places.order_by("joined_at", "pk")
        ],
        "resources_you_shared": [
            {
                "title": resource.title,
                "community": _community(resource),
                "kind": resource.kind,
                "link": resource.url,
                "file_name": resource.file_name,
                "hidden": resource.hidden,
                "shared_at": _when(resource.created_at),
            }
            for resource in shared.order_by("created_at", "pk")
        ],
        "communities_whose_announcements_you_turned_off": sorted(
            person.announcement_opt_outs.values_list("community__name", flat=True)
        ),
    }
