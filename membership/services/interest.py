"""Registrations of interest in communities still in preparation."""

from django.db import IntegrityError, transaction

from communities.models import Community

from ..models import Interest, Person
from .errors import AlreadyInterested, NotAcceptingInterest, NotInterested
from .locks import lock_community, lock_person


def register_interest(*, person: Person, community: Community) -> Interest:
    """Record that `person` wants to hear when a community in preparation launches."""

    def action() -> Interest:
        lock_person(person)
        locked = lock_community(community)
        if not locked.accepts_interest:
            raise NotAcceptingInterest(
                f"{locked.name} is not taking registrations of interest: "
                + (
                    "it has launched, so you can join it now."
                    if locked.accepts_members
                    else "it has closed."
                ),
                community=locked,
            )
        if Interest.objects.filter(person=person, community=locked).exists():
            raise AlreadyInterested(
                f"You have already registered interest in {locked.name}.", community=locked
            )
        return Interest.objects.create(person=person, community=locked)

    try:
        with transaction.atomic():
            return action()
    except IntegrityError:
        # Only the one-interest constraint can fire here: a concurrent repeat registration.
        raise AlreadyInterested(
            f"You have already registered interest in {community.name}.", community=community
        ) from None


def withdraw_interest(*, person: Person, community: Community) -> None:
    """Withdraw a registration of interest; the row is removed, as the person asked."""

    with transaction.atomic():
        lock_person(person)
        deleted, _ = Interest.objects.filter(person=person, community=community).delete()
    if not deleted:
        raise NotInterested(
            f"You have not registered interest in {community.name}.", community=community
        )
