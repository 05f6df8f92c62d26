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
from .tokens import invitation_token_generator


def _queue_each(
    people: Iterable[Person], *, template: str, community: Community, **extra
) -> list[Person]:
    """Queue `template` about `community` for each person; return those it was queued for."""
    context = {"contact": ProgrammeContact.current(), "community": community, **extra}
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


def queue_closure_notices(
    *, community: Community, memberships: list[Membership], reason: str = "", message: str = ""
) -> int:
    """Tell the members whose memberships the closure ended that their community has closed,
    why (`reason`) and, when the Head wrote one, her `message` to them."""
    people = (membership.person for membership in memberships)
    return len(
        _queue_each(
            people, template="closure_notice", community=community, reason=reason, message=message
        )
    )


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


def _link(name: str, person: Person, token: str) -> str:
    """An absolute link from DJANGO_SITE_URL, never the request's Host header."""
    uidb64 = urlsafe_base64_encode(force_bytes(person.pk))
    return f"{settings.SITE_URL}{reverse(name, kwargs={'uidb64': uidb64, 'token': token})}"


def password_set_link(person: Person) -> str:
    """An absolute invitation link to set a first password: valid for one use, for 7 days.

    Invitations have their own token generator and page, so ordinary reset links can be short.
    """
    return _link("invitation_confirm", person, invitation_token_generator.make_token(person))


def queue_password_reset(*, person: Person) -> bool:
    """Email `person` a link to set or reset their password, valid for one use, for 2 hours."""
    link = _link("password_reset_confirm", person, default_token_generator.make_token(person))
    email = queue_email(
        to=person,
        kind="password_reset",
        template="password_reset",
        context={
            "person": person,
            "link": link,
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // (60 * 60),
        },
    )
    return email is not None


def queue_invitations(*, people: QuerySet[Person]) -> int:
    """Invite people to set a password and sign in; returns how many invitations were queued."""
    valid_days = settings.INVITATION_TIMEOUT // (24 * 60 * 60)
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
                "sso": settings.AUTH_MODE == "oidc",
            },
        )
        is not None
        for person in people.iterator(chunk_size=500)
    )


def _lead_names(community: Community) -> str:
    """The leads' names as a sentence: "Ann Smith", "Ann Smith and Bob Jones", "Ann Smith,
    Bob Jones and Cy Day", or "" when there are none."""
    names = [
        membership.person.display_name
        for membership in Membership.objects.active()
        .filter(community=community, is_lead=True)
        .select_related("person")
        .order_by("person__full_name")
    ]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def queue_welcome(*, membership: Membership) -> bool:
    """Welcome a new member: what happens next, who leads the community, and where its
    sessions are listed."""
    community = membership.community
    context = {
        "person": membership.person,
        "membership": membership,
        "community": community,
        "leads": _lead_names(community),
        "is_core": membership.kind == Membership.Kind.CORE,
        "sessions_url": f"{settings.SITE_URL}{community.get_absolute_url()}#sessions-heading",
        "settings_url": f"{settings.SITE_URL}{reverse('me-settings')}",
        "contact": ProgrammeContact.current(),
    }
    email = queue_email(
        to=membership.person,
        kind="welcome",
        template="welcome",
        context=context,
        about=reference_to(community),
    )
    return email is not None


def queue_message_to_leads(
    *, community: Community, sender: Person, message: str, leads: Iterable[Person]
) -> int:
    """Relay a message from `sender` to each of `leads`; replies go straight to the sender.

    The leads' addresses are never shown to the sender, and the sender's only travels as the
    reply-to of the email the leads receive.
    """
    context = {
        "community": community,
        "sender": sender,
        "message": message,
        "contact": ProgrammeContact.current(),
    }
    return sum(
        queue_email(
            to=lead,
            kind="leads_contacted",
            template="leads_contacted",
            context={**context, "person": lead},
            reply_to=[sender.email],
            about=reference_to(community),
        )
        is not None
        for lead in leads
    )


def queue_reconfirmation_reminder(*, reminder, link: str, deadline, link_expires) -> bool:
    """Ask a core member whether they are still core, with a link that needs no password.

    `reminder` is a `Reconfirmation`; the second one says it follows the first.
    """
    membership = reminder.membership
    context = {
        "person": membership.person,
        "community": membership.community,
        "membership": membership,
        "second": reminder.step == 2,
        "link": link,
        "deadline": deadline,
        "link_expires": link_expires,
        "contact": ProgrammeContact.current(),
    }
    email = queue_email(
        to=membership.person,
        kind="reconfirmation_reminder",
        template="reconfirmation_reminder",
        context=context,
        about=reference_to(membership),
    )
    return email is not None


def queue_reconfirmation_expired(*, membership: Membership, when) -> bool:
    """Tell a person their core membership became wider for want of an answer, and how to be
    core again."""
    context = {
        "person": membership.person,
        "community": membership.community,
        "when": when,
        "community_url": f"{settings.SITE_URL}{membership.community.get_absolute_url()}",
        "reset_url": f"{settings.SITE_URL}{reverse('password_reset')}",
        "contact": ProgrammeContact.current(),
    }
    email = queue_email(
        to=membership.person,
        kind="reconfirmation_expired",
        template="reconfirmation_expired",
        context=context,
        about=reference_to(membership),
    )
    return email is not None
