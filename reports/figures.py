"""One practice area's figures: its communities, joins and leaves by month, and departments.

The selectors here only read. Each computes its figures in SQL (annotations, conditional
counts, month truncation in London time) and returns plain dataclasses, so a report costs the
same handful of queries however many people sit behind it. Monthly figures come from
`Membership.joined_at` and `ended_at`, which are never rewritten, so past months stay exact: a
change between core and wider edits the same row and so is neither a join nor a leave.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from communities.models import Community, PracticeArea
from membership.models import Membership

from .months import LONDON, MonthRange, month_label, signed

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
        return core_norm(self.core_share)


@dataclass(frozen=True)
class CoreNorm:
    """Where a core share stands against the CoP norm, in words (never colour alone)."""

    code: str  # none, well-below, below, within, above, well-above
    label: str

    @property
    def is_well_outside(self) -> bool:
        return self.code in {"well-below", "well-above"}


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

    One query: the counts come from `with_member_counts()`, the leads from a correlated
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
        .with_member_counts()
        .annotate(lead_names=Subquery(lead_names))
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
        )
        for row in rows
    ]


def _split_names(joined: str | None) -> tuple[str, ...]:
    if not joined:
        return ()
    return tuple(sorted(name or "Name not recorded" for name in joined.split(_NAME_SEPARATOR)))


# Joins and leaves by month ---------------------------------------------------------------------


class NetGrowth:
    """Net growth for anything with `joins` and `leaves`: a month, or a whole report."""

    joins: int
    leaves: int

    @property
    def net(self) -> int:
        return self.joins - self.leaves

    @property
    def net_text(self) -> str:
        return signed(self.net)


@dataclass(frozen=True)
class MonthFigures(NetGrowth):
    month: date
    joins: int
    leaves: int

    @property
    def label(self) -> str:
        return month_label(self.month)


def monthly_figures(area: PracticeArea, months: MonthRange) -> list[MonthFigures]:
    """Joins and leaves in `area` for each London month of `months`, quiet months as zero.

    A join is a membership that started (`joined_at`) in the month; a leave is one that ended
    (`ended_at`), including those ended when a community closed. One query: the two counts,
    grouped by London month, are combined with UNION ALL.
    """
    in_area = Membership.objects.filter(community__practice_area=area).order_by()

    def per_month(field: str, what: str):
        return (
            in_area.filter(
                **{f"{field}__gte": months.starts_at, f"{field}__lt": months.ends_before}
            )
            .annotate(month=TruncMonth(field, tzinfo=LONDON), what=Value(what))
            .values("month", "what")
            .annotate(n=Count("pk"))
            .values_list("month", "what", "n")
        )

    counts: dict[tuple[date, str], int] = {}
    # A union takes the model's default ordering again, which names no column of ours.
    combined = per_month("joined_at", "join").union(per_month("ended_at", "leave"), all=True)
    for month, what, n in combined.order_by():
        counts[(_as_month(month), what)] = n
    return [
        MonthFigures(
            month=month,
            joins=counts.get((month, "join"), 0),
            leaves=counts.get((month, "leave"), 0),
        )
        for month in months.months
    ]


def _as_month(value: date | datetime) -> date:
    # TruncMonth gives an aware datetime; the backends differ in the zone it comes back in.
    if isinstance(value, datetime):
        value = timezone.localtime(value, LONDON) if timezone.is_aware(value) else value
        value = value.date()
    return value.replace(day=1)


# Members by department -------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentFigures:
    department: str
    people: int
    is_other: bool = False


def department_figures(area: PracticeArea, top: int = TOP_DEPARTMENTS) -> list[DepartmentFigures]:
    """Active members of `area` (each person once) by department: the `top` largest, then Other.

    The people are counted per department in SQL; the departments beyond the top few are
    folded into one "Other" row.
    """
    rows = list(
        Membership.objects.active()
        .filter(community__practice_area=area)
        .values("person__department")
        .annotate(people=Count("person", distinct=True))
        .order_by("-people", "person__department")
        .values_list("person__department", "people")
    )
    figures = [
        DepartmentFigures(department=department or "Not recorded", people=people)
        for department, people in rows[:top]
    ]
    rest = rows[top:]
    if rest:
        figures.append(
            DepartmentFigures(
                department=f"Other ({len(rest)} departments)",
                people=sum(people for _department, people in rest),
                is_other=True,
            )
        )
    return figures
