"""One practice area's figures now: its communities and its members by department.

The selectors here only read. Each computes its figures in SQL (annotations, conditional
counts) and returns plain dataclasses, so a report costs the same handful of queries however
many people sit behind it. The figures by month are in `reports.monthly`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, IntegerField, OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from communities.models import Community, PracticeArea
from membership.models import Membership
from membership.reconfirmation_models import add_months, year_before

TOP_DEPARTMENTS = 8

# The CoP norm: roughly 10–15% of a community's members are core. Well outside is flagged.
CORE_NORM_LOW, CORE_NORM_HIGH = 10, 15
CORE_WELL_BELOW, CORE_WELL_ABOVE = 5, 25

# Leads' names are joined with a character no name contains, then split again.
_NAME_SEPARATOR = "\x1f"


# Communities -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommunityFigures:
    """One row of an area's community table."""

    name: str
    slug: str
    status: str
    status_label: str
    launched_on: date | None
    leads: tuple[str, ...]
    core: int
    wider: int
    interest: int
    # Yearly reconfirmation, of the core members: chose core (joined, became core or confirmed)
    # within the year; have a reminder out; will be reminded within the next month.
    confirmed: int = 0
    awaiting: int = 0
    due_next_month: int = 0

    @property
    def confirmed_share(self) -> float | None:
        """Core members who chose core within the year, as a percentage of core members."""
        return 100 * self.confirmed / self.core if self.core else None

    @property
    def members(self) -> int:
        return self.core + self.wider

    @property
    def core_share(self) -> float | None:
        """Core members as a percentage of active members, or None when there are none."""
        return 100 * self.core / self.members if self.members else None

    @property
    def interest_applies(self) -> bool:
        """Interest is registered while a community prepares; afterwards it is only history."""
        return self.status == Community.Status.PREPARING

    @property
    def norm(self) -> CoreNorm:
        if self.status == Community.Status.CLOSED:
            # Its memberships ended when it closed: it will have no members, not "none yet".
            return CoreNorm("closed", "The community has closed")
        return core_norm(self.core_share)


@dataclass(frozen=True)
class CoreNorm:
    """Where a core share stands against the CoP norm, in words (never colour alone)."""

    code: str  # none, closed, well-below, below, within, above, well-above
    label: str

    @property
    def is_well_outside(self) -> bool:
        return self.code in {"well-below", "well-above"}

    @property
    def is_outside(self) -> bool:
        """Below or above the norm, a little or well (a community with members, open)."""
        return self.code in {"well-below", "below", "above", "well-above"}


def core_norm(share: float | None) -> CoreNorm:
    """Set a core share against the norm of roughly 10–15% core members."""
    if share is None:
        return CoreNorm("none", "No members yet")
    if share < CORE_WELL_BELOW:
        return CoreNorm("well-below", f"Well below the norm (under {CORE_WELL_BELOW}%)")
    if share < CORE_NORM_LOW:
        return CoreNorm("below", "A little below the norm")
    if share <= CORE_NORM_HIGH:
        return CoreNorm("within", "Within the norm")
    if share <= CORE_WELL_ABOVE:
        return CoreNorm("above", "A little above the norm")
    return CoreNorm("well-above", f"Well above the norm (over {CORE_WELL_ABOVE}%)")


def community_figures(area: PracticeArea) -> list[CommunityFigures]:
    """Each community of `area` with status, launch date, leads and active member counts.

    One query: the counts are the community's own columns, the leads come from a correlated
    subquery that joins their names in SQL.
    """
    lead_names = (
        Membership.objects.active()
        .filter(community=OuterRef("pk"), is_lead=True)
        .order_by()
        .values("community")
        .annotate(
            names=StringAgg(
                Coalesce("person__full_name", Value("")), delimiter=Value(_NAME_SEPARATOR)
            )
        )
        .values("names")
    )
    rows = (
        Community.objects.filter(practice_area=area)
        .annotate(lead_names=Subquery(lead_names), **reconfirmation_counts())
        .order_by("name")
        .values(
            "name",
            "slug",
            "status",
            "launched_on",
            "lead_names",
            "core_count",
            "wider_count",
            "interest_count",
            "confirmed_count",
            "awaiting_count",
            "due_count",
        )
    )
    return [
        CommunityFigures(
            name=row["name"],
            slug=row["slug"],
            status=row["status"],
            status_label=Community.Status(row["status"]).label,
            launched_on=row["launched_on"],
            leads=_split_names(row["lead_names"]),
            core=row["core_count"],
            wider=row["wider_count"],
            interest=row["interest_count"],
            confirmed=row["confirmed_count"],
            awaiting=row["awaiting_count"],
            due_next_month=row["due_count"],
        )
        for row in rows
    ]


def reconfirmation_counts(now: datetime | None = None) -> dict[str, Coalesce]:
    """Annotations for communities: their core members confirmed within the year, awaiting an
    answer, and due a reminder within the next month. Correlated subqueries: no extra query."""
    now = now or timezone.now()
    core = Membership.objects.active().core()
    return {
        "confirmed_count": count_per_community(core.confirmed_since(year_before(now))),
        "awaiting_count": count_per_community(core.awaiting_reconfirmation()),
        "due_count": count_per_community(
            Membership.objects.reconfirmation_due(by=add_months(now, 1))
        ),
    }


def count_per_community(memberships) -> Coalesce:
    """An annotation for communities: how many of `memberships` each has (0 for none)."""
    counts = (
        memberships.filter(community=OuterRef("pk"))
        .order_by()
        .values("community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def _split_names(joined: str | None) -> tuple[str, ...]:
    if not joined:
        return ()
    return tuple(sorted(name or "Name not recorded" for name in joined.split(_NAME_SEPARATOR)))


# Members by department -------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentFigures:
    department: str
    people: int
    is_other: bool = False
    wider_people: int = 0  # Of `people`, those with a wider membership in the area.


def department_figures(area: PracticeArea, top: int = TOP_DEPARTMENTS) -> list[DepartmentFigures]:
    """Active members of `area` (each person once) by department: the `top` largest, then Other.

    The people are counted per department in SQL; the departments beyond the top few are
    folded into one "Other" row. Each person has one department, so the rows add up to the
    area's people, and their `wider_people` to its distinct wider members.
    """
    wider = Q(kind=Membership.Kind.WIDER)
    rows = list(
        Membership.objects.active()
        .filter(community__practice_area=area)
        .values("person__department")
        .annotate(
            people=Count("person", distinct=True),
            wider_people=Count("person", distinct=True, filter=wider),
        )
        .order_by("-people", "person__department")
        .values_list("person__department", "people", "wider_people")
    )
    figures = [
        DepartmentFigures(
            department=department or "Not recorded", people=people, wider_people=wider_people
        )
        for department, people, wider_people in rows[:top]
    ]
    rest = rows[top:]
    if rest:
        figures.append(
            DepartmentFigures(
                department=f"Other ({len(rest)} departments)",
                people=sum(people for _department, people, _wider in rest),
                is_other=True,
                wider_people=sum(wider for _department, _people, wider in rest),
            )
        )
    return figures
