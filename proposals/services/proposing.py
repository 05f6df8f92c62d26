"""Proposing a community, and the proposer's own changes while it is open: editing and
withdrawing it."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from communities.models import Community, PracticeArea
from membership.models import Person

from ..models import Proposal
from .errors import InvalidProposal, NotProposer
from .locks import lock_proposal, refuse_unless_open

EDITABLE_FIELDS = ("name", "practice_area", "new_area", "purpose", "why_now", "would_lead")
_NAME_MAX = Proposal._meta.get_field("name").max_length
_AREA_MAX = Proposal._meta.get_field("new_area").max_length


@dataclass(frozen=True)
class ProposalText:
    """What a proposal says, tidied: the arguments `propose` and `edit_proposal` share."""

    name: str
    practice_area: PracticeArea | None
    new_area: str
    purpose: str
    why_now: str
    would_lead: bool


def _checked(
    *,
    name: str,
    practice_area: PracticeArea | None,
    new_area: str,
    purpose: str,
    why_now: str,
    would_lead: bool,
    proposal: Proposal | None = None,
) -> ProposalText:
    """Tidy what was typed and refuse what a proposal cannot say (InvalidProposal, naming the
    field). A practice area wins over a new area's name: a proposal has one or the other."""
    name, new_area = " ".join(name.split()), " ".join(new_area.split())
    purpose, why_now = purpose.strip(), why_now.strip()
    if not name:
        raise InvalidProposal("Give the community a name.", proposal=proposal, field="name")
    if len(name) > _NAME_MAX:
        raise InvalidProposal(
            f"Keep the name to {_NAME_MAX} characters or fewer.", proposal=proposal, field="name"
        )
    if practice_area is not None:
        new_area = ""
    elif not new_area:
        raise InvalidProposal(
            "Choose the practice area it belongs to, or name a new one.",
            proposal=proposal,
            field="practice_area",
        )
    elif len(new_area) > _AREA_MAX:
        raise InvalidProposal(
            f"Keep the new area's name to {_AREA_MAX} characters or fewer.",
            proposal=proposal,
            field="new_area",
        )
    if not purpose:
        raise InvalidProposal(
            "Say what the practice is, and who does it.", proposal=proposal, field="purpose"
        )
    if not why_now:
        raise InvalidProposal(
            "Say why the community is needed now.", proposal=proposal, field="why_now"
        )
    return ProposalText(name, practice_area, new_area, purpose, why_now, bool(would_lead))


def _refuse_taken_name(name: str, *, proposal: Proposal | None = None) -> None:
    """A name already used by a community, or by another open proposal, is refused: the person
    can join the one or support the other instead of repeating it."""
    name = " ".join(name.split())
    if (community := Community.objects.filter(name__iexact=name).first()) is not None:
        raise InvalidProposal(
            f"There is already a community called {community.name}. Join it, or register "
            "your interest if it is still in preparation.",
            proposal=proposal,
            field="name",
        )
    twin = Proposal.objects.open().filter(name__iexact=name)
    if proposal is not None:
        twin = twin.exclude(pk=proposal.pk)
    if twin.exists():
        raise InvalidProposal(
            f"Someone has already proposed {name}. Support their proposal instead: the more "
            "people behind one idea, the stronger it is.",
            proposal=proposal,
            field="name",
        )


def propose(
    *,
    proposer: Person,
    name: str,
    practice_area: PracticeArea | None,
    new_area: str = "",
    purpose: str,
    why_now: str,
    would_lead: bool,
) -> Proposal:
    """Propose a community: open, with the proposer counted among those who would join.

    It needs a name no community or open proposal has, a practice area or a new area's name,
    what the practice is and why now (InvalidProposal, naming the field, otherwise).
    """
    text = _checked(
        name=name,
        practice_area=practice_area,
        new_area=new_area,
        purpose=purpose,
        why_now=why_now,
        would_lead=would_lead,
    )
    try:
        with transaction.atomic():
            _refuse_taken_name(text.name)
            return Proposal.objects.create(proposer=proposer, **text.__dict__)
    except IntegrityError:
        # Only the one-open-proposal-per-name constraint can fire: the same name proposed at
        # the same moment. Caught outside the atomic block, which PostgreSQL must roll back.
        _refuse_taken_name(text.name)
        raise


def edit_proposal(*, proposal: Proposal, by: Person, **fields) -> Proposal:
    """Change what an open proposal says (any of EDITABLE_FIELDS). Only its proposer may
    (NotProposer), and only while it is open (ProposalDecided); the same rules as proposing
    hold for the result."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"edit_proposal() cannot change {', '.join(sorted(unknown))}")

    def action() -> Proposal:
        locked = lock_proposal(proposal)
        if locked.proposer_id != by.pk:
            raise NotProposer(
                "Only the person who proposed it can change a proposal.", proposal=locked
            )
        refuse_unless_open(locked, "changed")
        current = {name: getattr(locked, name) for name in EDITABLE_FIELDS}
        text = _checked(**{**current, **fields}, proposal=locked)
        if text.name.lower() != locked.name.lower():
            _refuse_taken_name(text.name, proposal=locked)
        for name, value in text.__dict__.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(EDITABLE_FIELDS))
        return locked

    try:
        with transaction.atomic():
            return action()
    except IntegrityError:
        _refuse_taken_name(fields.get("name", proposal.name), proposal=proposal)
        raise


def withdraw_proposal(*, proposal: Proposal, by: Person) -> Proposal:
    """Withdraw an open proposal, as its proposer (NotProposer otherwise). It stays, marked
    withdrawn, with its supporters; it takes no more support, and the Head no longer reviews
    it."""
    with transaction.atomic():
        locked = lock_proposal(proposal)
        if locked.proposer_id != by.pk:
            raise NotProposer(
                "Only the person who proposed it can withdraw a proposal.", proposal=locked
            )
        refuse_unless_open(locked, "withdrawn")
        locked.status = Proposal.Status.WITHDRAWN
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.save(update_fields=["status", "decided_at", "decided_by"])
    return locked
