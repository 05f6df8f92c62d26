"""Losing a lead: when a project's lead stops being an active core member of its community.

`activities.receivers` calls `release_project_leads` when membership says someone left a
community, moved their core membership elsewhere, or became a wider member there.
"""

from django.db import transaction

from communities.models import Community
from membership.models import Person

from .. import project_emails
from ..models import Project
from .projects import is_active_core, lock_people


def release_project_leads(*, person: Person, community: Community) -> tuple[Project, ...]:
    """The person's open projects in `community` lose their lead once the person is no longer
    an active core member there (they left, moved their core membership elsewhere, or became a
    wider member): each then "needs a lead", and the community's leads are emailed to name one.

    Completed projects keep their lead as history, and so do a closed community's projects.
    It decides from the memberships as they are now, so it is safe to call more than once:
    a person who is (again) a core member keeps their projects, and a second call finds none.
    Returns the projects released.
    """
    leads_open = Project.objects.open().filter(community_id=community.pk, lead=person)
    if not leads_open.exists():
        # Nearly everyone who leaves leads nothing: one read instead of locking the person.
        # This runs after the change that ended their core membership committed, and giving
        # someone a project checks their core membership under their lock: so any project
        # they lead was committed before that change, and this read sees it.
        return ()
    with transaction.atomic():
        lock_people(person)
        fresh = Community.objects.get(pk=community.pk)
        if fresh.status == Community.Status.CLOSED or is_active_core(person, fresh):
            return ()
        projects = list(
            Project.objects.select_for_update(of=("self",))
            .open()
            .filter(community=fresh, lead=person)
            .order_by("created_at", "pk")
        )
        if not projects:
            return ()
        for project in projects:
            project.lead = None
            project.save(update_fields=["lead"])
        project_emails.queue_needs_a_lead(community=fresh, former_lead=person, projects=projects)
    return tuple(projects)
