"""Every change to a person or to their roles makes the shared cache forget them.

What is cached (membership.person_cache): the session's user (accounts.backends) and the roles
(membership.roles). Changes that reach it:
- the person's row: `save()`, `delete()` (model signals) and `Person.objects.update()`
  (PersonQuerySet), which covers a new password, deactivation and the superuser flag;
- the Head's group: adding or removing people from either side, clearing, renaming or deleting
  the group;
- sponsors: a practice area saved or deleted, and `PracticeArea.objects.update(sponsor=...)`
  (communities.signals.sponsors_changed).

Writes that bypass the ORM (raw SQL, the group table's rows written directly) are not seen.
"""

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from communities.models import PracticeArea
from communities.signals import sponsors_changed

from .models import Person
from .person_cache import forget
from .roles import forget_remembered


@receiver(post_save, sender=Person, dispatch_uid="membership.forget_saved_person")
@receiver(post_delete, sender=Person, dispatch_uid="membership.forget_deleted_person")
def person_changed(sender, instance: Person, **kwargs) -> None:
    forget([instance.pk])


@receiver(m2m_changed, sender=Person.groups.through, dispatch_uid="membership.forget_groups")
def groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not reverse:  # person.groups.add(...): instance is the person
        if action in {"post_add", "post_remove", "post_clear"}:
            forget_remembered(instance)
            forget([instance.pk])
    elif action == "pre_clear":  # group.user_set.clear(): afterwards nobody says who left
        forget(instance.user_set.values_list("pk", flat=True))
    elif action in {"post_add", "post_remove"}:  # group.user_set.add(...): pk_set is people
        forget(pk_set or ())


@receiver(post_save, sender=Group, dispatch_uid="membership.forget_renamed_group")
@receiver(pre_delete, sender=Group, dispatch_uid="membership.forget_deleted_group")
def group_changed(sender, instance: Group, **kwargs) -> None:
    # A rename makes or unmakes the Head's group; a deletion drops its rows with no m2m signal.
    # Rare, so everyone in the group is forgotten whatever changed.
    if instance.pk is not None:
        forget(instance.user_set.values_list("pk", flat=True))


@receiver(pre_save, sender=PracticeArea, dispatch_uid="membership.note_previous_sponsor")
def note_previous_sponsor(sender, instance: PracticeArea, update_fields=None, **kwargs) -> None:
    if instance.pk is None or (
        update_fields is not None and not {"sponsor", "sponsor_id"} & set(update_fields)
    ):
        return
    previous = PracticeArea.objects.filter(pk=instance.pk).values_list("sponsor_id", flat=True)
    instance._previous_sponsor_id = previous.first()


@receiver(post_save, sender=PracticeArea, dispatch_uid="membership.forget_saved_sponsor")
@receiver(post_delete, sender=PracticeArea, dispatch_uid="membership.forget_deleted_sponsor")
def sponsor_changed(sender, instance: PracticeArea, **kwargs) -> None:
    # Rare writes: both sponsors are forgotten whatever changed.
    previous = instance.__dict__.pop("_previous_sponsor_id", None)
    if PracticeArea.sponsor.is_cached(instance):
        forget_remembered(instance.sponsor)
    forget([previous, instance.sponsor_id])


@receiver(sponsors_changed, dispatch_uid="membership.forget_updated_sponsors")
def sponsors_updated(sender, person_ids, **kwargs) -> None:
    # Sent after commit already; forget() then acts at once.
    forget(person_ids)
