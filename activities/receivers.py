"""What activities does when membership tells it something happened (after commit, except
`person_anonymised`, which arrives inside the Head's transaction)."""

from django.dispatch import receiver

from communities.models import Community
from membership.models import Membership, Person
from membership.signals import (
    community_closed,
    core_moved,
    kind_changed,
    membership_ended,
    person_anonymised,
)


@receiver(community_closed, sender=Community)
def cancel_future_sessions(sender, community: Community, **kwargs) -> None:
    """A closed community meets no more: its future sessions are cancelled, and those going
    are told."""
    from . import services  # services imports models that import membership: load it late

    services.cancel_sessions_of_closed_community(community=community)


# Projects: a lead who stops being an active core member of the community stops leading its
# projects. `release_project_leads` decides from the memberships as they are after the commit,
# so the signals one change can send together (a switch sends core_moved with kind_changed or
# membership_ended) release each project once, and email the community's leads once.


@receiver(membership_ended, sender=Membership)
def release_leads_of_a_member_who_left(sender, membership: Membership, reason: str, **kwargs):
    """Someone who left (or switched away from) a community stops leading its projects. When
    the community itself closed, its projects are its history and keep their leads."""
    if reason == "community_closed":
        return
    from . import services

    services.release_project_leads(person=membership.person, community=membership.community)


@receiver(core_moved, sender=Membership)
def release_leads_of_a_core_member_who_moved(sender, person, previous: Membership, **kwargs):
    """Someone whose core membership moved to another community stops leading the old one's
    projects."""
    from . import services

    services.release_project_leads(person=person, community=previous.community)


@receiver(kind_changed, sender=Membership)
def release_leads_of_a_member_now_wider(sender, membership: Membership, new_kind: str, **kwargs):
    """Someone who became a wider member of a community stops leading its projects."""
    if new_kind != Membership.Kind.WIDER:
        return
    from . import services

    services.release_project_leads(person=membership.person, community=membership.community)


@receiver(person_anonymised, sender=Person)
def forget_former_member(sender, person: Person, remove_resources: bool, **kwargs) -> None:
    """Someone who left UCL: their feed goes, their projects need a lead, and what they shared
    stays as a former member's or is removed, as the Head chose. Inside her transaction: an
    error here undoes the whole anonymisation."""
    from . import services

    services.forget_former_member(person=person, remove_resources=remove_resources)
