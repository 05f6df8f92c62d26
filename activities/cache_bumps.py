"""Writes of a community's activities empty that community's cached page, and nothing else.

A session, an RSVP, an announcement, a project or a place in one, a resource: each bumps only
the version of the community it belongs to (see communities.versions). An RSVP at term start
must not empty the list, the reports or every other community's page. (A practice area's report
is keyed by the versions of its communities as well, so it still sees the change.) An RSVP, a
place in a project, a project's lead and a calendar feed also bump their person's version
(their /me/ page).

Model signals cover every ORM path that saves or deletes a row; the services that use
`QuerySet.update()` (marking attendance, hiding a resource) bump for themselves.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from communities.versions import bump_community, bump_people

from .models import Announcement, CalendarFeed, Project, ProjectMember, Resource, Rsvp, Session


@receiver(post_save, sender=Session, dispatch_uid="versions.session_saved")
@receiver(post_delete, sender=Session, dispatch_uid="versions.session_deleted")
@receiver(post_save, sender=Announcement, dispatch_uid="versions.announcement_saved")
@receiver(post_delete, sender=Announcement, dispatch_uid="versions.announcement_deleted")
@receiver(post_save, sender=Project, dispatch_uid="versions.project_saved")
@receiver(post_delete, sender=Project, dispatch_uid="versions.project_deleted")
@receiver(post_save, sender=Resource, dispatch_uid="versions.resource_saved")
@receiver(post_delete, sender=Resource, dispatch_uid="versions.resource_deleted")
def community_activity_written(sender, instance, **kwargs) -> None:
    bump_community(instance.community_id)


def _community_through(instance, parent: str, model) -> int | None:
    """The community of an RSVP's session or a participant's project: from the loaded parent
    when the service holds it (it usually does), else one small query. None once the parent
    itself is gone (deleting it cascades here, and its own signal bumps the community)."""
    loaded = instance._state.fields_cache.get(parent)
    if loaded is not None:
        return loaded.community_id
    parent_id = getattr(instance, f"{parent}_id")
    return model.objects.filter(pk=parent_id).values_list("community_id", flat=True).first()


@receiver(post_save, sender=Rsvp, dispatch_uid="versions.rsvp_saved")
@receiver(post_delete, sender=Rsvp, dispatch_uid="versions.rsvp_deleted")
def rsvp_written(sender, instance: Rsvp, **kwargs) -> None:
    bump_community(_community_through(instance, "session", Session))
    bump_people([instance.person_id])


@receiver(post_save, sender=ProjectMember, dispatch_uid="versions.participant_saved")
@receiver(post_delete, sender=ProjectMember, dispatch_uid="versions.participant_deleted")
def participant_written(sender, instance: ProjectMember, **kwargs) -> None:
    bump_community(_community_through(instance, "project", Project))
    bump_people([instance.person_id])


@receiver(post_save, sender=Project, dispatch_uid="versions.project_lead_saved")
@receiver(post_delete, sender=Project, dispatch_uid="versions.project_lead_deleted")
def project_lead_written(sender, instance: Project, **kwargs) -> None:
    """A new lead may not have had the project on /me/ yet (a former lead had, so its
    community's version, bumped above, empties theirs)."""
    bump_people([instance.lead_id])


@receiver(post_save, sender=CalendarFeed, dispatch_uid="versions.feed_saved")
@receiver(post_delete, sender=CalendarFeed, dispatch_uid="versions.feed_deleted")
def calendar_feed_written(sender, instance: CalendarFeed, **kwargs) -> None:
    bump_people([instance.person_id])
