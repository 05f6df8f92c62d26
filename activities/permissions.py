"""Who may do what with a community's activities: pure reads, for views and services alike.

Each function takes whoever is asking (signed in or not) and answers from the database as it
is now; the services ask again under their row locks before they write.
"""

from communities.models import Community
from membership.models import Membership, Person

from .models import Session


def _signed_in(person) -> bool:
    return bool(getattr(person, "is_authenticated", False)) and person.is_active


def is_head(person) -> bool:
    """The Head of CoPs (the CoP administrators group) or a superuser."""
    return _signed_in(person) and (person.is_superuser or person.is_head_of_cops)


def is_lead_of(person: Person, community_id: int) -> bool:
    """An active lead of the community with this primary key."""
    return (
        _signed_in(person)
        and Membership.objects.active()
        .filter(person=person, community_id=community_id, is_lead=True)
        .exists()
    )


def can_schedule(person, community: Community) -> bool:
    """The Head or a superuser, for any community that has not closed; an active core member
    (leads are core) of a launched community. Wider members only attend."""
    if not _signed_in(person) or community.status == Community.Status.CLOSED:
        return False
    if is_head(person):
        return True
    return (
        community.status == Community.Status.LAUNCHED
        and Membership.objects.active().core().filter(person=person, community=community).exists()
    )


def can_manage(person, session: Session) -> bool:
    """Edit, cancel and mark attendance: the session's host, the community's active leads, and
    the Head or a superuser."""
    if not _signed_in(person):
        return False
    return (
        session.host_id == person.pk or is_head(person) or is_lead_of(person, session.community_id)
    )


def can_post_announcement(person, community: Community) -> bool:
    """The community's active leads, and the Head or a superuser, while it has not closed."""
    if not _signed_in(person) or community.status == Community.Status.CLOSED:
        return False
    return is_head(person) or is_lead_of(person, community.pk)
