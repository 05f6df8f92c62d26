"""The programme's emails about people and their communities, written to the outbox.

Each function is called inside the transaction of the change that causes it, so the rows
commit with the change or not at all; `outbox` sends them after commit and retries failures.
The outbox itself never writes to inactive people or `.invalid` placeholder addresses.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from communities.models import Community, ProgrammeContact
from outbox.services import queue_email, reference_to, withdraw_unsent

from .models import HEAD_OF_COPS_GROUP, Interest, Membership, Person


def _queue_each(people: Iterable[Person], *, template: str, community: Community) -> list[Person]:
    """Queue `template` about `community` for each person; return those it was queued for."""
    context = {"contact": ProgrammeContact.current(), "community": community}
    return [
        person
        for person in people
        if queue_email(
            to=person,
            kind=template,
            template=template,
            context={**context, "person": person},
            about=reference_to(community),
        )
    ]


def queue_launch_notices(*, community: Community) -> int:
    """Tell everyone interested in `community`, and not yet told, that it has launched."""
    pending = list(
        Interest.objects.filter(community=community, notified_at__isnull=True).select_related(
            "person"
        )
    )
    told = {
        person.pk
        for person in _queue_each(
            (interest.person for interest in pending),
            template="launch_notice",
            community=community,
        )
    }
    Interest.objects.filter(
        pk__in=[interest.pk for interest in pending if interest.person_id in told]
    ).update(notified_at=timezone.now())
    return len(told)


def queue_closure_notices(*, community: Community, memberships: list[Membership]) -> int:
    """Tell the members whose memberships the closure ended that their community has closed."""
    people = (membership.person for membership in memberships)
    return len(_queue_each(people, template="closure_notice", community=community))


def withdraw_launch_notices(*, community: Community) -> int:
    """Withdraw launch notices not yet delivered: once closed, "it has launched" is untrue."""
    return withdraw_unsent(kind="launch_notice", about=reference_to(community))


def head_of_cops_recipients() -> list[Person | str]:
    """Everyone in the CoP administrators group, or the published contact if nobody is."""
    group = Group.objects.filter(name=HEAD_OF_COPS_GROUP).first()
    people: list[Person | str] = list(group.user_set.filter(is_active=True)) if group else []
    if not people and (contact := ProgrammeContact.current()):
        people = [contact.email]
    return people


def queue_lead_stepped_down(*, membership: Membership) -> int:
    """Tell the Head that a lead stopped being a lead because they are no longer core there."""
    context = {"membership": membership, "contact": ProgrammeContact.current()}
    return sum(
        queue_email(to=to, kind="lead_stepped_down", template="lead_stepped_down", context=context)
        is not None
        for to in head_of_cops_recipients()
    )


def queue_lead_appointed(*, membership: Membership) -> bool:
    """Tell a person they have just been made a lead of their community."""
    context = {
        "person": membership.person,
        "community": membership.community,
        "contact": ProgrammeContact.current(),
    }
    email = queue_email(
        to=membership.person, kind="lead_appointed", template="lead_appointed", context=context
    )
    return email is not None


def password_set_link(person: Person) -> str:
    """An absolute link to Django's password-reset confirm page, valid for one use.

    Django's PasswordResetForm skips people whose password is unusable, which is every
    imported member of staff, so the invitation builds the same token and link itself.
    """
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    return f"{settings.SITE_URL}{path}"


def queue_invitations(*, people: QuerySet[Person]) -> int:
    """Invite people to set a password and sign in; returns how many invitations were queued."""
    valid_days = settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)
    contact = ProgrammeContact.current()
    return sum(
        queue_email(
            to=person,
            kind="invitation",
            template="invitation",
            context={
                "person": person,
                "link": password_set_link(person),
                "valid_days": valid_days,
                "contact": contact,
            },
        )
        is not None
        for person in people.iterator(chunk_size=500)
    )
