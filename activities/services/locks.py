"""Row locks and the reads made under them.

Every write about a session locks the session's row first, so RSVPs, cancellations and edits
of one session queue behind each other: a count of those going, read under the lock, stays
true until the transaction commits. Scheduling locks people before their community, the order
`membership.services` uses, so the two never wait on each other in a cycle.
"""

from communities.models import Community
from membership.models import Person

from ..models import Rsvp, Session


def lock_session(session: Session) -> Session:
    # of=("self",): lock the session only. Without it PostgreSQL also locks the joined
    # community and host rows, and membership changes would queue behind every RSVP.
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("community", "host")
        .get(pk=session.pk)
    )


def lock_people_then_community(people: list[Person], community: Community) -> Community:
    list(
        Person.objects.select_for_update()
        .filter(pk__in={person.pk for person in people})
        .order_by("pk")
    )
    return Community.objects.select_for_update().get(pk=community.pk)


def going_count(session: Session) -> int:
    return Rsvp.objects.filter(session=session, status=Rsvp.Status.GOING).count()


def live_rsvp(session: Session, person: Person) -> Rsvp | None:
    return (
        Rsvp.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(session=session, person=person)
        .exclude(status=Rsvp.Status.CANCELLED)
        .first()
    )
