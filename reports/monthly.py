"""An area's figures by London month: joins, leaves, and the active members at each month's end.

Monthly figures come from `Membership.joined_at` and `ended_at`, which are never rewritten, so
past months stay exact: a change between core and wider edits the same row and so is neither a
join nor a leave. The members at a month's end are the memberships that had started and not
yet ended then, so each month's end is the previous month's end plus its joins less its
leaves. Whether each was core or wider then is read from the membership's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from communities.models import PracticeArea
from membership.models import Membership

from .months import MonthRange, add_months, london_midnight, month_label, signed


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
    core_at_end: int = 0  # Active core memberships at the end of the London month.
    wider_at_end: int = 0

    @property
    def label(self) -> str:
        return month_label(self.month)

    @property
    def members_at_end(self) -> int:
        return self.core_at_end + self.wider_at_end

    @property
    def members_at_start(self) -> int:
        return self.members_at_end - self.net


def monthly_figures(area: PracticeArea, months: MonthRange) -> list[MonthFigures]:
    """Joins, leaves and members at the month's end in `area` for each London month of
    `months`, quiet months as zero.

    A join is a membership that started (`joined_at`) in the month; a leave is one that ended
    (`ended_at`), including those ended when a community closed. A membership counts at a
    month's end when it had started before it and not ended by it. Its kind then is the one its
    latest history row before that moment records; before its first history row (a membership
    backdated or imported), the kind that row records; with no history at all, its kind now.

    One query, whatever the area's size: conditional counts per month over the memberships
    that overlap the months. The history is read only for the few memberships that have a
    history row of another kind than their kind now: for every other one, each of those rules
    gives its kind now. The two sets are counted as one (UNION ALL), each found by one join with
    the history, so the history is not searched once per membership and month.
    """
    history = Membership.history.model.objects.filter(id=OuterRef("pk")).order_by()
    first_kind = Subquery(history.order_by("history_date", "history_id").values("kind")[:1])
    other_kind = Exists(history.exclude(kind=OuterRef("kind")))
    # Aliases, because the counts are taken over the union of the two sets below.
    rows = (
        Membership.objects.filter(
            Q(ended_at__isnull=True) | Q(ended_at__gte=months.starts_at),
            community__practice_area=area,
            joined_at__lt=months.ends_before,
        )
        .order_by()
        .annotate(m=F("pk"), joined=F("joined_at"), ended=F("ended_at"))
    )
    kind_unchanged, kind_changed = rows.exclude(other_kind), rows.filter(other_kind)
    counts = {}
    for index, month in enumerate(months.months):
        start, end = london_midnight(month), london_midnight(add_months(month, 1))
        kind_then = Subquery(
            history.filter(history_date__lt=end)
            .order_by("-history_date", "-history_id")
            .values("kind")[:1]
        )
        kind_unchanged = kind_unchanged.annotate(**{f"kind_{index}": F("kind")})
        kind_changed = kind_changed.annotate(
            **{f"kind_{index}": Coalesce(kind_then, first_kind, F("kind"))}
        )
        active = Q(joined__lt=end) & (Q(ended__isnull=True) | Q(ended__gte=end))
        core_then = Q(**{f"kind_{index}": Membership.Kind.CORE})
        counts[f"joins_{index}"] = Count("m", filter=Q(joined__gte=start, joined__lt=end))
        counts[f"leaves_{index}"] = Count("m", filter=Q(ended__gte=start, ended__lt=end))
        counts[f"all_{index}"] = Count("m", filter=active)
        counts[f"core_{index}"] = Count("m", filter=active & core_then)
    columns = ["m", "joined", "ended", *(f"kind_{index}" for index in range(len(months.months)))]
    rows = kind_unchanged.values(*columns).union(kind_changed.values(*columns), all=True)
    counted = {name: n or 0 for name, n in rows.aggregate(**counts).items()}
    return [
        MonthFigures(
            month=month,
            joins=counted[f"joins_{index}"],
            leaves=counted[f"leaves_{index}"],
            core_at_end=counted[f"core_{index}"],
            wider_at_end=counted[f"all_{index}"] - counted[f"core_{index}"],
        )
        for index, month in enumerate(months.months)
    ]
