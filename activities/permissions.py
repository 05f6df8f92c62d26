"""Who may do what with a community's activities: pure reads, for views and services alike.

Each function takes whoever is asking (signed in or not) and answers from the database as it
is now; the services ask again under their row locks before they write.
"""

from communities.models import Community
from membership.models import Membership, Person

from .models import Session

# `membership=UNREAD` below: the caller has not read the person's active membership of the
# community. A page that has read it already (the community page's join panel does) passes it,
# or None for "not a member", and the check costs no query.
UNREAD = object()


def _signed_in(person) -> bool:
    return bool(getattr(person, "is_authenticated", False)) and person.is_active


def _membership_here(person: Person, community_id: int, membership) -> Membership | None:
    if membership is not UNREAD:
        return membership
    return Membership.objects.active().filter(person=person, community_id=community_id).first()


def is_head(person) -> bool:
    """The Head of CoPs (the CoP administrators group) or a superuser."""
    return _signed_in(person) and (person.is_superuser or person.is_head_of_cops)


def is_lead_of(person: Person, community_id: int, *, membership=UNREAD) -> bool:
    """An active lead of the community with this primary key."""
    if not _signed_in(person):
        return False
    here = _membership_here(person, community_id, membership)
    return here is not None and here.is_lead


def can_schedule(person, community: Community, *, membership=UNREAD) -> bool:
    """The Head or a superuser, for any community that has not closed; an active core member
    (leads are core) of a launched community. Wider members only attend."""
    if not _signed_in(person) or community.status == Community.Status.CLOSED:
        return False
    if is_head(person):
        return True
    return community.status == Community.Status.LAUNCHED and _is_member_of(
        person, community.pk, core_only=True, membership=membership
    )


def can_manage(person, session: Session) -> bool:
    """Edit, cancel and mark attendance: the session's host, the community's active leads, and
    the Head or a superuser."""
    if not _signed_in(person):
        return False
    return (
        session.host_id == person.pk or is_head(person) or is_lead_of(person, session.community_id)
    )


def can_post_announcement(person, community: Community, *, membership=UNREAD) -> bool:
    """The community's active leads, and the Head or a superuser, while it has not closed."""
    if not _signed_in(person) or community.status == Community.Status.CLOSED:
        return False
    return is_head(person) or is_lead_of(person, community.pk, membership=membership)


# Projects --------------------------------------------------------------------------------------


def _is_member_of(
    person: Person, community_id: int, *, core_only: bool = False, membership=UNREAD
) -> bool:
    here = _membership_here(person, community_id, membership)
    return here is not None and (not core_only or here.kind == Membership.Kind.CORE)


def can_propose_project(person, community: Community, *, membership=UNREAD) -> bool:
    """An active core member (leads are core) of a launched community, who then leads the
    project. A project's lead must be a core member, so nobody else proposes one, not even the
    Head."""
    return (
        _signed_in(person)
        and community.status == Community.Status.LAUNCHED
        and _is_member_of(person, community.pk, core_only=True, membership=membership)
    )


def can_manage_project(person, project) -> bool:
    """Edit a project, change its status and name its lead: the project's lead, the
    community's active leads, and the Head or a superuser. A closed community's projects are
    its history: only the Head may still change them (to record an outcome, say)."""
    if not _signed_in(person):
        return False
    if is_head(person):
        return True
    if project.community.status == Community.Status.CLOSED:
        return False
    return project.lead_id == person.pk or is_lead_of(person, project.community_id)


def can_take_part(person, project) -> bool:
    """Join a project: an active member, core or wider, of its community, while the community
    is launched and the project is not completed."""
    return (
        _signed_in(person)
        and project.community.status == Community.Status.LAUNCHED
        and project.status != project.Status.COMPLETED
        and _is_member_of(person, project.community_id)
    )


# Resources -------------------------------------------------------------------------------------


def can_add_resource(person, community: Community, *, membership=UNREAD) -> bool:
    """An active member, core or wider, of a launched community. The Head runs the programme
    but is not a member, so adds nothing to a community's library."""
    return (
        _signed_in(person)
        and community.status == Community.Status.LAUNCHED
        and _is_member_of(person, community.pk, membership=membership)
    )


def can_see_resource(person, resource) -> bool:
    """Signed-in staff see every resource that is not hidden; a hidden one only its author,
    the community's active leads, and the Head or a superuser."""
    if not _signed_in(person):
        return False
    if not resource.hidden or resource.author_id == person.pk:
        return True
    return is_head(person) or is_lead_of(person, resource.community_id)


def can_edit_resource(person, resource) -> bool:
    """Edit or delete: the resource's author, and the Head or a superuser."""
    return _signed_in(person) and (resource.author_id == person.pk or is_head(person))


def can_hide_resource(person, resource) -> bool:
    """Hide or show again: the community's active leads, and the Head or a superuser."""
    return _signed_in(person) and (is_head(person) or is_lead_of(person, resource.community_id))
