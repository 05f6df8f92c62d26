"""The emails about projects, written to the outbox in the transaction of the change.

- "project_needs_a_lead": a project's lead left the community or stopped being a core member
  of it; the community's leads (or, when it has none, the Head) are asked to name a new one.
- "project_lead_named": someone was named to lead a project by another person.
"""

from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse

from communities.models import Community, ProgrammeContact
from membership.emails import head_of_cops_recipients
from membership.models import Membership, Person
from outbox.services import queue_email, reference_to

from .models import Project

NEEDS_A_LEAD = "project_needs_a_lead"
LEAD_NAMED = "project_lead_named"


def _links(project: Project) -> dict[str, str]:
    return {
        "url": f"{settings.SITE_URL}{project.get_absolute_url()}",
        "edit_url": f"{settings.SITE_URL}{reverse('project-edit', kwargs={'pk': project.pk})}",
    }


def queue_needs_a_lead(
    *, community: Community, former_lead: Person, projects: Sequence[Project]
) -> int:
    """Tell the community's active leads that `projects` lost their lead `former_lead`, with a
    link to name a new one for each. A community with no leads has the Head told instead, as
    she may name project leads too. Returns how many emails were queued."""
    leads = [
        membership.person
        for membership in Membership.objects.active()
        .filter(community=community, is_lead=True)
        .exclude(person=former_lead)
        .select_related("person")
        .order_by("person__full_name", "pk")
    ]
    recipients: list[Person | str] = list(leads) or head_of_cops_recipients()
    context = {
        "community": community,
        "former_lead": former_lead,
        "projects": [{"project": project, **_links(project)} for project in projects],
        "to_the_head": not leads,
        "contact": ProgrammeContact.current(),
    }
    queued = 0
    for recipient in recipients:
        person = recipient if isinstance(recipient, Person) else None
        email = queue_email(
            to=recipient,
            kind=NEEDS_A_LEAD,
            template=NEEDS_A_LEAD,
            context={**context, "person": person},
            about=reference_to(community),
        )
        queued += email is not None
    return queued


def queue_lead_named(*, project: Project, by: Person) -> bool:
    """Tell a newly named project lead, unless they named themselves."""
    if project.lead is None or project.lead_id == by.pk:
        return False
    email = queue_email(
        to=project.lead,
        kind=LEAD_NAMED,
        template=LEAD_NAMED,
        context={
            "project": project,
            "community": project.community,
            "person": project.lead,
            "by": by,
            "contact": ProgrammeContact.current(),
            **_links(project),
        },
        about=reference_to(project),
    )
    return email is not None
