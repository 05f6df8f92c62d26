"""The Head's decision on a proposal: accepting it, which makes a community in preparation with
everyone behind the proposal registered as interested, or declining it with a reason.

Both lock the proposal's row first, so a decision is made once, and a support committed before
it is counted; after it, support is refused (`support.py`).
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from communities.models import RESERVED_SLUGS, Community, PracticeArea
from communities.versions import bump_catalogue
from membership import services as membership
from membership.models import Person

from .. import emails
from ..models import Proposal, Support
from .errors import InvalidProposal
from .locks import lock_proposal, refuse_unless_open

_NAME_MAX = Community._meta.get_field("name").max_length
_SUMMARY_MAX = Community._meta.get_field("summary").max_length
_SLUG_MAX = Community._meta.get_field("slug").max_length


@dataclass(frozen=True)
class Acceptance:
    """What accepting did: the community it made (in preparation), the practice area made for
    it (None when an existing one was chosen), how many people it registered as interested,
    how many emails it queued, and the proposer, when they offered to lead it."""

    proposal: Proposal
    community: Community
    new_area: PracticeArea | None
    interested: int
    emails_queued: int
    prospective_lead: Person | None


def free_slug(model, name: str, *, fallback: str) -> str:
    """An unused address for `name` among `model`'s rows: its slug, or the slug with -2, -3…
    Never a reserved address (`communities.models.RESERVED_SLUGS`), such as "propose"."""
    base = slugify(name)[: _SLUG_MAX - 10].strip("-") or fallback
    if base in RESERVED_SLUGS:
        base = f"{base}-{fallback}"
    taken = {*model.objects.filter(slug__startswith=base).values_list("slug", flat=True)}
    taken |= RESERVED_SLUGS
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def summary_from(purpose: str) -> str:
    """A one-line summary for the list, from a proposal's purpose: its first paragraph, cut at
    a word to fit the community's summary."""
    first = " ".join(purpose.strip().split("\n\n")[0].split())
    if len(first) <= _SUMMARY_MAX:
        return first
    return first[: _SUMMARY_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def _checked_decision(
    name: str, summary: str, practice_area: PracticeArea | None, new_area_name: str
) -> tuple[str, str, str]:
    name, summary = " ".join(name.split()), " ".join(summary.split())
    new_area_name = " ".join(new_area_name.split())
    if not name:
        raise InvalidProposal("Give the community a name.", field="name")
    if len(name) > _NAME_MAX:
        raise InvalidProposal(f"Keep the name to {_NAME_MAX} characters or fewer.", field="name")
    if len(summary) > _SUMMARY_MAX:
        raise InvalidProposal(
            f"Keep the summary to {_SUMMARY_MAX} characters or fewer.", field="summary"
        )
    if practice_area is None and not new_area_name:
        raise InvalidProposal(
            "Choose the community's practice area, or name a new one to create.",
            field="practice_area",
        )
    if practice_area is not None and new_area_name:
        raise InvalidProposal(
            "Choose an existing practice area or name a new one, not both.", field="new_area_name"
        )
    return name, summary, new_area_name


def _area_for(practice_area: PracticeArea | None, new_area_name: str) -> PracticeArea | None:
    """The chosen area, or a new one made with `new_area_name` (None for the chosen one)."""
    if practice_area is not None:
        return None
    existing = PracticeArea.objects.filter(name__iexact=new_area_name).first()
    if existing is not None:
        raise InvalidProposal(
            f"There is already a practice area called {existing.name}: choose it from the list.",
            field="new_area_name",
        )
    return PracticeArea.objects.create(
        name=new_area_name, slug=free_slug(PracticeArea, new_area_name, fallback="area")
    )


def _people_behind(proposal: Proposal) -> tuple[list[Person], list[Person]]:
    """The proposer and the supporters who can still take part (active accounts), each once,
    locked in primary-key order as `membership.services` locks people; and the supporters."""
    supporter_ids = list(
        Support.objects.filter(proposal=proposal).values_list("person_id", flat=True)
    )
    people = list(
        Person.objects.select_for_update()
        .filter(pk__in={proposal.proposer_id, *supporter_ids}, is_active=True)
        .order_by("pk")
    )
    supporters = [person for person in people if person.pk != proposal.proposer_id]
    return people, supporters


def accept(
    *,
    proposal: Proposal,
    by: Person,
    name: str,
    summary: str,
    practice_area: PracticeArea | None = None,
    new_area_name: str = "",
) -> Acceptance:
    """Accept an open proposal: make one community in preparation, named and summarised as the
    Head confirmed, in the chosen practice area or a new one she names, described by the
    proposal's purpose; register the proposer and every supporter (active accounts, each
    once) as interested through `membership.services`, so they all hear when it launches; and
    email them. All in one transaction: nothing of it happens unless all of it does.

    Refused with ProposalDecided when it is no longer open, and InvalidProposal (naming the
    field) for a missing or taken name, an over-long summary, or no practice area.
    """
    name, summary, new_area_name = _checked_decision(name, summary, practice_area, new_area_name)

    def action() -> Acceptance:
        locked = lock_proposal(proposal)
        refuse_unless_open(locked, "decided again")
        if (twin := Community.objects.filter(name__iexact=name).first()) is not None:
            raise InvalidProposal(
                f"There is already a community called {twin.name}. Give this one another name.",
                proposal=locked,
                field="name",
            )
        new_area = _area_for(practice_area, new_area_name)
        community = Community(
            name=name,
            slug=free_slug(Community, name, fallback="community"),
            practice_area=practice_area or new_area,
            status=Community.Status.PREPARING,
            summary=summary,
            description=locked.purpose,
        )
        community.save()
        bump_catalogue()  # The list and the home page show the new community.
        people, supporters = _people_behind(locked)
        for person in people:
            membership.register_interest(person=person, community=community)
        locked.status = Proposal.Status.ACCEPTED
        locked.community = community
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.save(update_fields=["status", "community", "decided_at", "decided_by"])
        queued = emails.queue_accepted(proposal=locked, community=community, supporters=supporters)
        lead = locked.proposer if locked.would_lead and locked.proposer.is_active else None
        return Acceptance(locked, community, new_area, len(people), queued, lead)

    try:
        with transaction.atomic():
            return action()
    except IntegrityError:
        # A community or practice area of the same name, or address, made at the same moment.
        raise InvalidProposal(
            "A community or practice area with that name was created at the same moment. "
            "Check the names and try again.",
            proposal=proposal,
            field="name",
        ) from None


def decline(*, proposal: Proposal, by: Person, reason: str) -> Proposal:
    """Decline an open proposal, saying why: the proposer reads the reason in their email and
    on the proposal's page. Refused with InvalidProposal without a reason, and
    ProposalDecided when it is no longer open."""
    reason = reason.strip()
    if not reason:
        raise InvalidProposal(
            "Say why it is declined: the proposer reads it.", proposal=proposal, field="reason"
        )
    with transaction.atomic():
        locked = lock_proposal(proposal)
        refuse_unless_open(locked, "decided again")
        locked.status = Proposal.Status.DECLINED
        locked.decline_reason = reason
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])
        emails.queue_declined(proposal=locked)
    return locked
