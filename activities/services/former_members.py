"""A person the Head anonymised: what sessions, projects and resources keep of them.

`activities.receivers` calls `forget_former_member` from `membership.signals.person_anonymised`,
inside the Head's anonymising transaction, so it only writes rows (a failure here rolls her
whole change back) and leaves file deletions until that transaction commits.
"""

from dataclasses import dataclass

from django.db import transaction

from communities.models import Community
from membership.models import Person

from ..models import AnnouncementOptOut, CalendarFeed, Project, Resource
from .project_leads import release_project_leads
from .resources import _delete_after_commit


@dataclass(frozen=True)
class Forgotten:
    """What `forget_former_member` did, counted."""

    projects_needing_a_lead: int
    resources_removed: int


def forget_former_member(*, person: Person, remove_resources: bool) -> Forgotten:
    """Forget what only pointed at the person; keep, without their name, what others rely on.

    - Their calendar feed goes: its address was theirs alone, and nobody should keep using it.
      Their announcement choices go too.
    - Each open project they led "needs a lead", and the community's leads are emailed, as when
      a lead leaves (`release_project_leads`: they are no longer an active member).
    - Their RSVPs, project places, the sessions they hosted and the announcements they wrote
      stay, shown as "A former member" (`Person.display_name`), so every count stays true.
    - The resources they shared stay, attributed the same way, unless the Head chose to remove
      them: then the rows go now and their files once the transaction commits.
    """
    with transaction.atomic():
        CalendarFeed.objects.filter(person=person).delete()
        AnnouncementOptOut.objects.filter(person=person).delete()
        released = 0
        led = Project.objects.open().filter(lead=person).values("community")
        for community in Community.objects.filter(pk__in=led).order_by("pk"):
            released += len(release_project_leads(person=person, community=community))
        removed = 0
        if remove_resources:
            for resource in Resource.objects.select_for_update().filter(author=person):
                stored = resource.file.name
                resource.delete()
                if stored:
                    _delete_after_commit(stored)
                removed += 1
    return Forgotten(projects_needing_a_lead=released, resources_removed=removed)
