"""Whole reports: one practice area's page and members export, and the programme index.

Like the figures they gather, these only read, and cost a fixed handful of queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from communities.models import Community, PracticeArea
from membership.models import PLACEHOLDER_DOMAIN_ENDING, Membership, Person

from .figures import CommunityFigures, DepartmentFigures, community_figures, department_figures
from .histories import SponsorChange, StatusChange, sponsor_history, status_history
from .monthly import MonthFigures, NetGrowth, monthly_figures
from .months import LONDON, MonthRange
from .names import person_name

# The area as a whole ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaReport(NetGrowth):
    """Everything on one practice area's report page."""

    area: PracticeArea
    months: MonthRange
    communities: list[CommunityFigures]
    monthly: list[MonthFigures]
    departments: list[DepartmentFigures]
    status_changes: list[StatusChange]
    sponsor_changes: list[SponsorChange]

    @property
    def core_members(self) -> int:
        return sum(row.core for row in self.communities)

    @property
    def wider_members(self) -> int:
        """Distinct people with an active wider membership in the area, each counted once."""
        return sum(row.wider_people for row in self.departments)

    @property
    def people(self) -> int:
        """Distinct people with an active membership in the area (from the department counts)."""
        return sum(row.people for row in self.departments)

    @property
    def joins(self) -> int:
        return sum(row.joins for row in self.monthly)

    @property
    def leaves(self) -> int:
        return sum(row.leaves for row in self.monthly)

    @property
    def members_at_start(self) -> int:
        """Active memberships at the start of the first month (each month's end follows)."""
        return self.monthly[0].members_at_start if self.monthly else 0

    @property
    def members_at_end(self) -> int:
        return self.monthly[-1].members_at_end if self.monthly else 0

    @property
    def communities_well_outside_norm(self) -> list[CommunityFigures]:
        return [row for row in self.communities if row.norm.is_well_outside]

    # Yearly reconfirmation of core members: launched communities are the ones with core members.

    @property
    def launched_communities(self) -> list[CommunityFigures]:
        return [row for row in self.communities if row.status == Community.Status.LAUNCHED]

    @property
    def confirmed_core(self) -> int:
        return sum(row.confirmed for row in self.communities)

    @property
    def confirmed_share(self) -> float | None:
        return 100 * self.confirmed_core / self.core_members if self.core_members else None

    @property
    def reconfirmations_awaiting(self) -> int:
        return sum(row.awaiting for row in self.communities)

    @property
    def reconfirmations_due_next_month(self) -> int:
        return sum(row.due_next_month for row in self.communities)


def area_report(area: PracticeArea, months: MonthRange) -> AreaReport:
    """The figures for one practice area's report: seven queries whatever the area's size."""
    return AreaReport(
        area=area,
        months=months,
        communities=community_figures(area),
        monthly=monthly_figures(area, months),
        departments=department_figures(area),
        status_changes=status_history(area),
        sponsor_changes=sponsor_history(area),
    )


def area_members(area: PracticeArea, *, with_emails: bool) -> Iterator[tuple]:
    """Active members of `area`, one row per membership, for the members export.

    Rows: name, department, community, kind, lead, joined on (London date) and, only when
    `with_emails` (the Head of CoPs), the email address. Streamed from the database.
    """
    fields = ["person__full_name", "person__department", "community__name", "kind", "is_lead"]
    fields += ["joined_at"]
    if with_emails:
        fields.append("person__email")
    rows = (
        Membership.objects.active()
        .filter(community__practice_area=area)
        .order_by("community__name", "person__full_name", "person__email")
        .values_list(*fields)
    )
    for name, department, community, kind, is_lead, joined_at, *email in rows.iterator(
        chunk_size=2000
    ):
        yield (
            name,
            department,
            community,
            Membership.Kind(kind).label,
            is_lead,
            timezone.localdate(joined_at, LONDON),
            *email,
        )


# The programme (Head of CoPs) ------------------------------------------------------------------


@dataclass(frozen=True)
class AreaSummary:
    """One practice area on the reports index."""

    name: str
    slug: str
    sponsor: str | None
    communities: int
    launched: int
    preparing: int
    people: int
    core: int
    wider: int


def area_summaries(areas: QuerySet[PracticeArea]) -> list[AreaSummary]:
    """For each of `areas`: its sponsor, communities by status and active members.

    `core` and `wider` count memberships; `people` counts each member once. Two queries: the
    areas with their communities counted, and the active memberships grouped by area. Counting
    both through one join would make every community count DISTINCT over every membership row.
    """
    rows = (
        areas.annotate(
            community_count=Count("communities"),
            launched_count=Count("communities", filter=Q(communities__status="launched")),
            preparing_count=Count("communities", filter=Q(communities__status="preparing")),
            sponsor_name=person_name("sponsor"),
        )
        .order_by("name")
        .values(
            "pk",
            "name",
            "slug",
            "sponsor_name",
            "community_count",
            "launched_count",
            "preparing_count",
        )
    )
    members = {
        row["community__practice_area"]: row
        for row in Membership.objects.active()
        .filter(community__practice_area__in=areas.values("pk"))
        .order_by()
        .values("community__practice_area")
        .annotate(
            people=Count("person", distinct=True),
            core=Count("pk", filter=Q(kind=Membership.Kind.CORE)),
            wider=Count("pk", filter=Q(kind=Membership.Kind.WIDER)),
        )
    }
    no_members = {"people": 0, "core": 0, "wider": 0}
    return [
        AreaSummary(
            name=row["name"],
            slug=row["slug"],
            sponsor=row["sponsor_name"],
            communities=row["community_count"],
            launched=row["launched_count"],
            preparing=row["preparing_count"],
            people=members.get(row["pk"], no_members)["people"],
            core=members.get(row["pk"], no_members)["core"],
            wider=members.get(row["pk"], no_members)["wider"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class ProgrammeSummary:
    """The programme at a glance, for the Head of CoPs."""

    by_status: dict[str, int]  # Status label -> number of communities, in the order of Status.
    staff: int  # Active people, leaving out placeholders and admin accounts.
    core_members: int  # People with an active core membership.
    members: int  # People with any active membership.

    @property
    def wider_only(self) -> int:
        return self.members - self.core_members

    @property
    def non_members(self) -> int:
        return self.staff - self.members

    @property
    def member_share(self) -> float | None:
        return 100 * self.members / self.staff if self.staff else None

    @property
    def communities(self) -> int:
        return sum(self.by_status.values())


def programme_summary() -> ProgrammeSummary:
    """Communities by status, and how many active staff are core, wider-only or no members.

    Three small queries: communities grouped by status, active people, and the active
    memberships of active people. Core members are counted as core memberships, because the
    database allows one active core membership per person.

    Staff are real people only: placeholder sponsors (addresses ending `.invalid`) and admin
    accounts (staff or superusers) are left out of both the staff and the members counted. The
    index `person_counted_as_staff` has this condition as its own, so both counts read it
    instead of every person: keep them equal.
    """
    staff = Person.objects.filter(is_active=True, is_staff=False, is_superuser=False).exclude(
        email__iendswith=PLACEHOLDER_DOMAIN_ENDING
    )
    counts = dict(
        Community.objects.order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    members = (
        Membership.objects.active()
        .filter(person__in=staff)
        .aggregate(
            core=Count("pk", filter=Q(kind=Membership.Kind.CORE)),
            members=Count("person", distinct=True),
        )
    )
    return ProgrammeSummary(
        by_status={status.label: counts.get(status.value, 0) for status in Community.Status},
        staff=staff.count(),
        core_members=members["core"],
        members=members["members"],
    )
