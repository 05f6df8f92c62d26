"""Writes of people and belonging empty the caches that show them (see communities.versions).

- a membership or an interest (joining, leaving, switching, changing kind, a lead named or
  standing down, closing, reconfirmation making someone wider): the catalogue (the list's
  counts, the home page, the reports), that community's page and the person's own (/me/). The
  counter columns are kept by database triggers, which write no signal, so the bump comes from
  the membership's own row;
- a reminder to reconfirm, or reconfirmation starting: the catalogue (the reports count them);
- a person: when something a cached page shows of them changed. Their name, address or job
  title (leads, sponsors, authors and project leads are named on community pages): everything.
  Their department or whether they count as staff (the reports): the catalogue. Signing in
  (`last_login`) and changing a password change nothing shown, and bump nothing.

Model signals cover every ORM path (services, the admin, imports, fixtures); the services that
use `QuerySet.update()` on these models bump for themselves (reconfirmation rounds), and so does
`Person.objects.update()` (`people_updated`).
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from communities.versions import bump_catalogue, bump_community, bump_everything, bump_people

from .models import Interest, Membership, Person
from .reconfirmation_models import Reconfirmation, ReconfirmationStart
from .signals import person_anonymised

# What community pages show of a person, and what only the catalogue (the reports) shows.
NAMED_FIELDS = frozenset({"full_name", "email", "job_title", "anonymised_at"})
COUNTED_FIELDS = frozenset({"department", "is_active", "is_staff", "is_superuser"})
SHOWN_FIELDS = NAMED_FIELDS | COUNTED_FIELDS


@receiver(post_save, sender=Membership, dispatch_uid="versions.membership_saved")
@receiver(post_delete, sender=Membership, dispatch_uid="versions.membership_deleted")
@receiver(post_save, sender=Interest, dispatch_uid="versions.interest_saved")
@receiver(post_delete, sender=Interest, dispatch_uid="versions.interest_deleted")
def belonging_written(sender, instance, **kwargs) -> None:
    bump_catalogue()
    bump_community(instance.community_id)
    bump_people([instance.person_id])


@receiver(post_save, sender=Reconfirmation, dispatch_uid="versions.reconfirmation_saved")
@receiver(post_save, sender=ReconfirmationStart, dispatch_uid="versions.reconfirm_start_saved")
def reconfirmation_written(sender, instance, **kwargs) -> None:
    bump_catalogue()


@receiver(pre_save, sender=Person, dispatch_uid="versions.person_before_save")
def remember_shown_fields(sender, instance: Person, raw: bool, update_fields, **kwargs) -> None:
    """Before a full save of an existing person, read what pages show of them, so the save can
    tell whether any of it changed (one query; none for `save(update_fields=...)`)."""
    if raw or instance._state.adding or instance.pk is None:
        return
    fields = SHOWN_FIELDS if update_fields is None else SHOWN_FIELDS & set(update_fields)
    if not fields:
        return
    instance._shown_before = (
        sender._base_manager.filter(pk=instance.pk).values(*sorted(fields)).first() or {}
    )


@receiver(post_save, sender=Person, dispatch_uid="versions.person_saved")
def person_saved(sender, instance: Person, created: bool, raw: bool, **kwargs) -> None:
    if created or raw:
        bump_catalogue()  # one more member of staff in the reports; no page names them yet
        return
    before = instance.__dict__.pop("_shown_before", None)
    if not before:
        return
    changed = {name for name, value in before.items() if getattr(instance, name) != value}
    if changed & NAMED_FIELDS:
        bump_everything()
    elif changed:
        bump_catalogue()


def people_updated(fields) -> None:
    """`Person.objects.update(...)` sends no signal: bump for the fields it writes."""
    if set(fields) & NAMED_FIELDS:
        bump_everything()
    elif set(fields) & COUNTED_FIELDS:
        bump_catalogue()


@receiver(post_delete, sender=Person, dispatch_uid="versions.person_deleted")
def person_deleted(sender, instance: Person, **kwargs) -> None:
    bump_everything()


@receiver(person_anonymised, dispatch_uid="versions.person_anonymised")
def person_anonymised_everywhere(sender, person: Person, **kwargs) -> None:
    """Anonymising saves the person (and so bumps already); its other writes, such as resources
    removed in bulk, are covered here whatever path they take."""
    bump_everything()
