"""Reads of proposals that pages, the admin, the Head's dashboard and `/me/data/` repeat."""

from django.db.models import QuerySet

from communities import search
from communities.models import Community
from membership.models import Person

from .models import Proposal, Support

# How many similar communities, and similar open proposals, the propose form shows.
SIMILAR_SHOWN = 5

# Open proposals are found by their name first, then by the new area they name.
PROPOSAL_FIELDS = search.Fields(
    weighted={"A": ("name",), "B": ("new_area",)}, typo_fields=("name",)
)


def open_proposals() -> QuerySet[Proposal]:
    """Open proposals, most supported first, with what their list shows."""
    return Proposal.objects.open().most_supported_first().select_related("practice_area")


def my_proposals(person: Person) -> QuerySet[Proposal]:
    """The proposals `person` made, whatever became of them, newest first."""
    return (
        Proposal.objects.filter(proposer=person)
        .with_support_count()
        .select_related("practice_area", "community")
        .order_by("-created_at", "-pk")
    )


def proposal_for_page(pk: int) -> Proposal | None:
    """One proposal with its support count and what its page shows, or None."""
    return (
        Proposal.objects.with_support_count()
        .select_related("practice_area", "proposer", "community")
        .filter(pk=pk)
        .first()
    )


def is_supporting(proposal: Proposal, person: Person) -> bool:
    return Support.objects.filter(proposal=proposal, person=person).exists()


def supporters_of(proposal: Proposal) -> QuerySet[Support]:
    """Who said they would join, with their department, for the Head: in the order they did."""
    return Support.objects.filter(proposal=proposal).select_related("person")


def similar_communities(name: str) -> list[Community]:
    """Communities (not closed) whose name or description match `name`, best first, through
    the catalogue's own search."""
    found = search.communities(Community.objects.visible(), name)
    return list(search.ranked(found.select_related("practice_area"), "name")[:SIMILAR_SHOWN])


def similar_proposals(name: str, *, exclude: Proposal | None = None) -> list[Proposal]:
    """Open proposals with names like `name`, best first."""
    proposals = Proposal.objects.open()
    if exclude is not None:
        proposals = proposals.exclude(pk=exclude.pk)
    found = search.search(proposals, name, PROPOSAL_FIELDS).with_support_count()
    return list(search.ranked(found, "name")[:SIMILAR_SHOWN])


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(person: Person) -> dict:
    """Everything the proposals app holds about `person`, as JSON-ready data: the proposals
    they made and the ones they said they would join."""
    proposals = [
        {
            "id": proposal.pk,
            "name": proposal.name,
            "status": proposal.status,
            "practice_area": proposal.practice_area.name if proposal.practice_area_id else None,
            "new_area": proposal.new_area,
            "purpose": proposal.purpose,
            "why_now": proposal.why_now,
            "would_lead": proposal.would_lead,
            "decline_reason": proposal.decline_reason,
            "community": proposal.community.slug if proposal.community_id else None,
            "created_at": _when(proposal.created_at),
            "decided_at": _when(proposal.decided_at),
        }
        for proposal in Proposal.objects.filter(proposer=person)
        .select_related("practice_area", "community")
        .order_by("created_at", "pk")
    ]
    supported = [
        {
            "proposal": support.proposal_id,
            "name": support.proposal.name,
            "created_at": _when(support.created_at),
        }
        for support in Support.objects.filter(person=person)
        .select_related("proposal")
        .order_by("created_at", "pk")
    ]
    return {"proposals": proposals, "supported_proposals": supported}
