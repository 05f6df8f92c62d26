"""Row locks, always taken in one order (person, then community, then membership rows), so
two services never wait on each other in a cycle, and the reads made under them."""

from communities.models import Community

from ..models import Membership, Person


def lock_person(person: Person) -> Person:
    # Every write for one person queues on this row lock, so the decision that follows is made
    # on state no other transaction can change before we commit.
    return Person.objects.select_for_update().get(pk=person.pk)


def lock_community(community: Community) -> Community:
    # Joining locks the community after the person, so a join cannot slip in while the
    # community is being closed.
    return Community.objects.select_for_update().get(pk=community.pk)


def lock_for_core_move(person: Person, community: Community) -> Community:
    """Lock `community` and, if the person is a core member elsewhere, that community too, in
    primary-key order; return `community`, locked.

    Moving a core membership changes the member counts of both communities, and the database
    triggers that keep the counts lock each community's row as they update it. Taken here in
    one order first, two people moving their cores past each other queue instead of each
    holding the row the other's trigger wants. (The person's row is locked already, so their
    core membership cannot move meanwhile.)
    """
    core_home = (
        Membership.objects.active()
        .core()
        .filter(person=person)
        .exclude(community=community)
        .values_list("community", flat=True)
        .first()
    )
    ids = sorted({community.pk} | ({core_home} if core_home is not None else set()))
    locked = {
        c.pk: c for c in Community.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }
    return locked[community.pk]


def active_membership(person: Person, community: Community) -> Membership | None:
    # of=("self",): lock the membership row only. Without it PostgreSQL also locks the joined
    # community row, and two people moving their cores past each other deadlock.
    return (
        Membership.objects.active()
        .select_for_update(of=("self",))
        .select_related("community")
        .filter(person=person, community=community)
        .first()
    )


def active_core(person: Person) -> Membership | None:
    return (
        Membership.objects.active()
        .core()
        .select_for_update(of=("self",))
        .select_related("community")
        .filter(person=person)
        .first()
    )


def lock_membership(membership: Membership) -> Membership:
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("person", "community")
        .get(pk=membership.pk)
    )
