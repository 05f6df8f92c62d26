"""A community's own page: what its leads write on it, and messages to its leads.

Leads and the Head edit the description, "how we meet" and the online space; anyone signed in
may write to the leads, whose addresses the page never shows: the portal relays the message
through the outbox, with the sender as reply-to. A small counter in the cache
(`outbox.relay_limits`, which the question to the Head shares) limits how many messages one
person sends in an hour, so the form cannot be used to flood the leads' inboxes.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from communities.models import Community
from outbox.relay_limits import count_relayed

from .. import emails, permissions
from ..models import Membership, Person
from .errors import MembershipError
from .locks import lock_community

# Messages one person may send to leads (of any community) in a clock hour.
CONTACT_LEADS_PER_HOUR = 5
CONTACT_MESSAGE_MAX_LENGTH = 3000

_PAGE_LINK = URLValidator(schemes=["http", "https"])


class CannotEditPage(MembershipError):
    code = "not_allowed"


class InvalidPageLink(MembershipError):
    code = "invalid_link"


class NoLeadsToContact(MembershipError):
    code = "no_leads"


class EmptyMessage(MembershipError):
    code = "empty_message"


class TooManyMessages(MembershipError):
    code = "too_many_messages"


def update_community_page(
    *,
    community: Community,
    by: Person,
    description: str,
    how_we_meet: str,
    online_space_url: str,
) -> Community:
    """Save what the community's page says about it. Only its active leads and the Head may.

    The online space must be an http or https address (or empty): any other scheme, such as
    `javascript:`, is refused. Only these three fields are written, on the locked row, so a
    launch or closure committed meanwhile is not undone.
    """
    online_space_url = online_space_url.strip()
    if online_space_url:
        try:
            _PAGE_LINK(online_space_url)
        except ValidationError:
            raise InvalidPageLink(
                "The Teams or SharePoint link must be a web address starting with https:// "
                "(or http://).",
                community=community,
            ) from None
    with transaction.atomic():
        locked = lock_community(community)
        if not permissions.can_edit_page(by, locked):
            raise CannotEditPage(
                f"Only the leads of {locked.name} and the Head of Communities of Practice can "
                "edit its page.",
                community=locked,
            )
        locked.description = description.strip()
        locked.how_we_meet = how_we_meet.strip()
        locked.online_space_url = online_space_url
        locked.save(update_fields=["description", "how_we_meet", "online_space_url"])
    for name in ("description", "how_we_meet", "online_space_url"):
        setattr(community, name, getattr(locked, name))
    return locked


def _leads_to_contact(community: Community, sender: Person) -> list[Person]:
    """The community's active leads who can get email, except the sender."""
    return [
        membership.person
        for membership in Membership.objects.active()
        .filter(community=community, is_lead=True, person__is_active=True)
        .exclude(person=sender)
        .select_related("person")
        .order_by("person__full_name")
    ]


def _counted(sender: Person) -> bool:
    """Count one message from `sender` this hour; False when that is one too many."""
    return count_relayed(kind="contact-leads", sender_id=sender.pk, per_hour=CONTACT_LEADS_PER_HOUR)


def contact_leads(*, community: Community, sender: Person, message: str) -> int:
    """Relay `message` from `sender` to each active lead of `community` by email, with the
    sender as reply-to; return how many leads it was queued for.

    Refused when the message is empty, when the community has no lead to write to, and when the
    sender has already sent `CONTACT_LEADS_PER_HOUR` messages to leads this hour.
    """
    message = message.strip()
    if not message:
        raise EmptyMessage("Write a message to the leads.", community=community)
    leads = _leads_to_contact(community, sender)
    if not leads:
        raise NoLeadsToContact(
            f"{community.name} has no leads to write to at the moment. The Head of Communities "
            "of Practice can help instead.",
            community=community,
        )
    if not _counted(sender):
        raise TooManyMessages(
            f"You have sent {CONTACT_LEADS_PER_HOUR} messages to community leads in the last "
            "hour, which is as many as we relay. Please try again later.",
            community=community,
        )
    with transaction.atomic():
        return emails.queue_message_to_leads(
            community=community, sender=sender, message=message, leads=leads
        )


def set_hidden_from_lists(*, person: Person, hidden: bool) -> bool:
    """Leave the person out of member directories, attendee lists and participant lists (or
    put them back). They still count in every number, and a lead stays named on their
    community's page. Returns whether anything changed."""
    changed = (
        Person.objects.filter(pk=person.pk)
        .exclude(hidden_from_lists=hidden)
        .update(hidden_from_lists=hidden)
    )
    person.hidden_from_lists = hidden
    return bool(changed)
