"""A question to the Head of CoPs, relayed by email from the portal's contact form.

The page never shows the Head's address: the portal sends the question to the programme
contact's address (or, while none is set, to the people in the Head's group), with the sender
as reply-to. One person may send a few an hour (`outbox.relay_limits`, shared with the message
to a community's leads).
"""

from django.db import transaction

from communities.models import ProgrammeContact
from membership.emails import head_of_cops_recipients
from membership.models import Person
from membership.services import EmptyMessage, TooManyMessages
from outbox.relay_limits import count_relayed

from .. import emails
from .errors import NobodyToAsk

# Questions one person may send the Head in a clock hour.
CONTACT_HEAD_PER_HOUR = 5
CONTACT_HEAD_MAX_LENGTH = 3000


def head_addresses() -> list[Person | str]:
    """Where a question to the Head goes: the programme contact's address, which she edits in
    the admin; or, while there is none, everyone in her group."""
    contact = ProgrammeContact.current()
    if contact is not None and contact.email:
        return [contact.email]
    return head_of_cops_recipients()


def contact_head(*, sender: Person, message: str) -> int:
    """Relay `message` from `sender` to the Head by email, with the sender as reply-to; return
    how many emails were queued.

    Refused (EmptyMessage) when the message is empty, (NobodyToAsk) when the portal has no
    address for the Head, and (TooManyMessages) when the sender has already sent
    `CONTACT_HEAD_PER_HOUR` questions this hour.
    """
    message = message.strip()
    if not message:
        raise EmptyMessage("Write your question or suggestion.")
    to = head_addresses()
    if not to:
        raise NobodyToAsk(
            "The portal has no address for the Head of Communities of Practice yet. Please "
            "try again later."
        )
    if not count_relayed(kind="contact-head", sender_id=sender.pk, per_hour=CONTACT_HEAD_PER_HOUR):
        raise TooManyMessages(
            f"You have sent {CONTACT_HEAD_PER_HOUR} messages to the Head of Communities of "
            "Practice in the last hour, which is as many as we relay. Please try again later."
        )
    with transaction.atomic():
        return emails.queue_question_to_head(sender=sender, message=message, to=to)
