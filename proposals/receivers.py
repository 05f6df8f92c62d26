"""What proposals do when something happens in `membership` (connected in `ProposalsConfig`)."""

from django.dispatch import receiver

from membership.models import Person
from membership.signals import person_anonymised

from .models import Proposal


@receiver(person_anonymised, sender=Person, dispatch_uid="proposals.forget_former_member")
def forget_former_member(sender, person: Person, **kwargs) -> None:
    """Someone who left UCL: their proposals and their support stay, so every count stays, and
    pages show them as a former member's. A former member cannot lead a community, so their
    open proposals stop naming them to the Head as a prospective lead.

    Inside the Head's anonymising transaction (see `membership.signals`): rows only, and an
    error here undoes the whole anonymisation.
    """
    Proposal.objects.filter(proposer=person, status=Proposal.Status.OPEN, would_lead=True).update(
        would_lead=False
    )
