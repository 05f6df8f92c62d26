"""Row locks, always taken in one order (person, then community, then membership rows), so
two services never wait on each other in a cycle."""

from communities.models import Community

from ..models import Person


def lock_person(person: Person) -> Person:
    # Every write for one person queues on this row lock, so the decision that follows is made
    # on state no other transaction can change before we commit.
    return Person.objects.select_for_update().get(pk=person.pk)


def lock_community(community: Community) -> Community:
    # Joining locks the community after the person, so a join cannot slip in while the
    # community is being closed.
    return Community.objects.select_for_update().get(pk=community.pk)
