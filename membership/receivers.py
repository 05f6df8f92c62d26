"""Keep admin access in step with the Head of CoPs role.

Being in the "CoP administrators" group is what makes someone the Head (or one of her team),
so adding or removing a person there turns `is_staff` on or off. Superusers keep admin access.
"""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .models import HEAD_OF_COPS_GROUP, Person


def sync_admin_access(people) -> None:
    """Set `is_staff` to "superuser, or in the CoP administrators group" for `people`."""
    for person in people:
        # The database, not the roles a person remembers or the cache (membership.roles):
        # the change that sent us here has not committed yet.
        in_group = person.groups.filter(name=HEAD_OF_COPS_GROUP).exists()
        should_be_staff = person.is_superuser or in_group
        if person.is_staff != should_be_staff:
            person.is_staff = should_be_staff
            person.save(update_fields=["is_staff"])


@receiver(m2m_changed, sender=Person.groups.through)
def groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if action == "pre_clear":
        # Remember who is about to be cleared: post_clear no longer says.
        instance._cleared = list(instance.user_set.all()) if reverse else [instance]
        return
    if action == "post_clear":
        people = getattr(instance, "_cleared", [])
    elif reverse:  # group.user_set.add(...): instance is the Group
        people = Person.objects.filter(pk__in=pk_set or [])
    else:  # person.groups.add(...)
        people = [instance]
    sync_admin_access(people)
