"""Writes of the catalogue empty the caches that show it (see communities.versions).

- a community: the catalogue (list, home, reports) and its own page;
- a practice area: the catalogue and the pages of its communities (their facts name the area
  and its sponsor);
- the programme contact: everything, since every page's footer shows it.

Model signals cover every ORM path that saves or deletes a row (services, the admin, fixtures,
proposals accepted); `QuerySet.update()` and `bulk_create` skip them, so code that writes these
models that way calls the bump functions itself.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Community, PracticeArea, ProgrammeContact
from .signals import sponsors_changed
from .versions import bump_catalogue, bump_communities, bump_community, bump_everything


@receiver(post_save, sender=Community, dispatch_uid="versions.community_saved")
@receiver(post_delete, sender=Community, dispatch_uid="versions.community_deleted")
def community_written(sender, instance: Community, **kwargs) -> None:
    bump_catalogue()
    bump_community(instance.pk)


@receiver(post_save, sender=PracticeArea, dispatch_uid="versions.area_saved")
@receiver(post_delete, sender=PracticeArea, dispatch_uid="versions.area_deleted")
def practice_area_written(sender, instance: PracticeArea, **kwargs) -> None:
    bump_catalogue()
    # A deleted area has no communities left (they protect it), so there is nothing to find.
    communities = Community.objects.filter(practice_area_id=instance.pk)
    bump_communities(communities.values_list("pk", flat=True))


@receiver(sponsors_changed, dispatch_uid="versions.sponsors_changed")
def sponsors_updated(sender, **kwargs) -> None:
    """`PracticeArea.objects.update(sponsor=...)` (no model signal): the list and the community
    pages name sponsors. Rare enough to empty everything."""
    bump_everything()


@receiver(post_save, sender=ProgrammeContact, dispatch_uid="versions.contact_saved")
@receiver(post_delete, sender=ProgrammeContact, dispatch_uid="versions.contact_deleted")
def programme_contact_written(sender, instance: ProgrammeContact, **kwargs) -> None:
    bump_everything()
