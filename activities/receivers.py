"""What activities does when membership tells it something happened (after commit)."""

from django.dispatch import receiver

from communities.models import Community
from membership.signals import community_closed


@receiver(community_closed, sender=Community)
def cancel_future_sessions(sender, community: Community, **kwargs) -> None:
    """A closed community meets no more: its future sessions are cancelled, and those going
    are told."""
    from . import services  # services imports models that import membership: load it late

    services.cancel_sessions_of_closed_community(community=community)
