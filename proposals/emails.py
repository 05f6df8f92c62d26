"""The emails about proposals, written to the outbox.

Each function is called inside the transaction of the change that causes it, so the rows commit
with the change or not at all; `outbox` sends them after commit and retries failures.
"""

from collections.abc import Iterable

from django.conf import settings

from communities.models import Community, ProgrammeContact
from membership.models import Person
from outbox.services import queue_email, reference_to

from .models import Proposal


def _context(proposal: Proposal, **extra) -> dict:
    return {
        "proposal": proposal,
        "proposal_url": f"{settings.SITE_URL}{proposal.get_absolute_url()}",
        "contact": ProgrammeContact.current(),
        **extra,
    }


def queue_accepted(
    *, proposal: Proposal, community: Community, supporters: Iterable[Person]
) -> int:
    """Tell the proposer their proposal is accepted, and each supporter that the community they
    said they would join is being prepared; everyone hears again when it launches. Returns how
    many emails were queued."""
    context = _context(
        proposal,
        community=community,
        community_url=f"{settings.SITE_URL}{community.get_absolute_url()}",
    )
    about = reference_to(proposal)
    queued = queue_email(
        to=proposal.proposer,
        kind="proposal_accepted",
        template="proposal_accepted",
        context={**context, "person": proposal.proposer},
        about=about,
    )
    return (queued is not None) + sum(
        queue_email(
            to=person,
            kind="supported_proposal_accepted",
            template="supported_proposal_accepted",
            context={**context, "person": person},
            about=about,
        )
        is not None
        for person in supporters
    )


def queue_declined(*, proposal: Proposal) -> bool:
    """Tell the proposer the Head declined their proposal, and why."""
    email = queue_email(
        to=proposal.proposer,
        kind="proposal_declined",
        template="proposal_declined",
        context={**_context(proposal), "person": proposal.proposer},
        about=reference_to(proposal),
    )
    return email is not None


def queue_question_to_head(*, sender: Person, message: str, to: Iterable[Person | str]) -> int:
    """Relay a question from `sender` to the Head; replies go straight to the sender, whose
    address travels only as the email's reply-to. Returns how many emails were queued."""
    context = {"sender": sender, "message": message, "contact": ProgrammeContact.current()}
    return sum(
        queue_email(
            to=recipient,
            kind="question_to_head",
            template="question_to_head",
            context=context,
            reply_to=[sender.email],
        )
        is not None
        for recipient in to
    )
