"""The Head of CoPs' to-do list, at the top of the admin's home page.

What needs her, each with where she acts: communities in preparation and the interest they have
gathered; proposals for new communities waiting for her decision, most supported first;
launched communities outside UCL's guidance of two to four leads or outside the 10–15% core
norm (the reports' own `core_norm`); emails the outbox has not delivered; and the yearly
reconfirmations of core membership. It reads every app, so it lives here, at the top, and
the admin's home page loads it as a template tag. Five queries, however big the programme.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone

from communities.models import Community, PracticeArea
from membership.admin.words import FEWEST_LEADS, MOST_LEADS
from membership.models import Membership
from membership.reconfirmation_models import add_months
from outbox.models import Email
from proposals.models import Proposal

from .figures import CoreNorm, core_norm, count_per_community


@dataclass(frozen=True)
class CommunityNeed:
    """One community on the list, with the figure that put it there."""

    pk: int
    name: str
    area_slug: str
    interest: int = 0
    leads: int = 0
    core: int = 0
    wider: int = 0
    norm: CoreNorm | None = None

    @property
    def core_share(self) -> float | None:
        members = self.core + self.wider
        return 100 * self.core / members if members else None


@dataclass(frozen=True)
class ProposalNeed:
    """An open proposal, with how many would join it (its proposer included)."""

    pk: int
    name: str
    would_join: int


@dataclass(frozen=True)
class HeadDashboard:
    preparing: list[CommunityNeed]
    leads_outside_guidance: list[CommunityNeed]
    core_outside_norm: list[CommunityNeed]
    emails_pending: int
    emails_failed: int
    reconfirmations_due: int  # first reminders that will go within the next month
    reconfirmations_awaiting: int  # core members with a reminder out and no answer yet
    areas: list[tuple[str, str]]  # (name, slug) of every practice area, for the reports
    open_proposals: list[ProposalNeed]  # most supported first

    fewest_leads: int = FEWEST_LEADS
    most_leads: int = MOST_LEADS

    @property
    def interest_total(self) -> int:
        return sum(need.interest for need in self.preparing)


def head_dashboard(*, now: datetime | None = None) -> HeadDashboard:
    """Count what needs the Head now: five queries (communities, outbox, reconfirmations,
    practice areas, open proposals)."""
    now = now or timezone.now()
    preparing, leads, norm = [], [], []
    communities = (
        Community.objects.exclude(status=Community.Status.CLOSED)
        .annotate(lead_count=count_per_community(Membership.objects.active().filter(is_lead=True)))
        .order_by("name")
        .values(
            "pk",
            "name",
            "status",
            "practice_area__slug",
            "core_count",
            "wider_count",
            "interest_count",
            "lead_count",
        )
    )
    for row in communities:
        need = CommunityNeed(
            pk=row["pk"],
            name=row["name"],
            area_slug=row["practice_area__slug"],
            interest=row["interest_count"],
            leads=row["lead_count"],
            core=row["core_count"],
            wider=row["wider_count"],
        )
        if row["status"] == Community.Status.PREPARING:
            preparing.append(need)
            continue
        if not FEWEST_LEADS <= need.leads <= MOST_LEADS:
            leads.append(need)
        standing = core_norm(need.core_share)
        if standing.is_outside:
            norm.append(CommunityNeed(**{**need.__dict__, "norm": standing}))
    emails = Email.objects.aggregate(
        pending=Count("pk", filter=Q(status=Email.Status.PENDING)),
        failed=Count("pk", filter=Q(status=Email.Status.FAILED)),
    )
    next_month = add_months(now, 1)
    reconfirmations = Membership.objects.aggregate(
        due=Count(
            "pk",
            filter=Q(pk__in=Membership.objects.reconfirmation_due(by=next_month).values("pk")),
        ),
        awaiting=Count(
            "pk",
            filter=Q(pk__in=Membership.objects.active().awaiting_reconfirmation().values("pk")),
        ),
    )
    return HeadDashboard(
        preparing=preparing,
        leads_outside_guidance=leads,
        core_outside_norm=norm,
        emails_pending=emails["pending"],
        emails_failed=emails["failed"],
        reconfirmations_due=reconfirmations["due"],
        reconfirmations_awaiting=reconfirmations["awaiting"],
        areas=list(PracticeArea.objects.order_by("name").values_list("name", "slug")),
        open_proposals=[
            ProposalNeed(pk=row["pk"], name=row["name"], would_join=row["support_count"] + 1)
            for row in Proposal.objects.open()
            .most_supported_first()
            .values("pk", "name", "support_count")
        ],
    )
