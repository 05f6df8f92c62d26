"""Reports for SMT sponsors and the Head of CoPs: who may see what, and the figures.

Access lives here and only here: `report_access` says whether a person is the Head (or a
superuser), who sees every practice area and the programme summary, or a sponsor, who sees the
areas they sponsor. Views, the export and the navigation all ask these functions.

The selectors below only read. Each computes its figures in SQL (annotations, conditional
counts, month truncation in London time, window functions over history) and returns plain
dataclasses, so a report costs the same handful of queries however many people sit behind it.
Monthly figures come from `Membership.joined_at` and `ended_at`, which are never rewritten, so
past months stay exact: a change between core and wider edits the same row and so is neither
a join nor a leave.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Lag, NullIf, TruncMonth
from django.utils import timezone

from communities.models import Community, PracticeArea

from .models import HEAD_OF_COPS_GROUP, Membership, Person

# Monthly figures are London months, whatever the server's clock says.
LONDON = ZoneInfo(settings.TIME_ZONE)
DEFAULT_MONTHS = 12
MAX_MONTHS = 36
EARLIEST_MONTH = date(2000, 1, 1)  # Before the programme; a guard against absurd input.
TOP_DEPARTMENTS = 8

# The CoP norm: roughly 10–15% of a community's members are core. Well outside is flagged.
CORE_NORM_LOW, CORE_NORM_HIGH = 10, 15
CORE_WELL_BELOW, CORE_WELL_ABOVE = 5, 25

# Leads' names are joined with a character no name contains, then split again.
_NAME_SEPARATOR = "\x1f"


def _person_name(relation: str) -> Coalesce:
    """A person's name in SQL, falling back to their address when no name is recorded."""
    return Coalesce(
        NullIf(f"{relation}__full_name", Value("")),
        f"{relation}__email",
        output_field=CharField(),
    )


# Access ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportAccess:
    """What reports a person may see."""

    sees_all: bool  # The Head of CoPs (the "CoP administrators" group) or a superuser.
    sponsors_an_area: bool

    @property
    def allowed(self) -> bool:
        return self.sees_all or self.sponsors_an_area


NO_ACCESS = ReportAccess(sees_all=False, sponsors_an_area=False)


def report_access(person) -> ReportAccess:
    """Say whether `person` sees every area (Head, superuser), their own (sponsor) or none.

    Costs at most one query, and none for anonymous visitors or superusers. The answer is kept on
    the person object, so the view and the navigation share it within a request.
    """
    if person is None or not person.is_authenticated or not person.is_active:
        return NO_ACCESS
    cached = getattr(person, "_report_access", None)
    if cached is not None:
        return cached
    if person.is_superuser:
        access = ReportAccess(sees_all=True, sponsors_an_area=False)
    else:
        row = (
            Person.objects.filter(pk=person.pk)
            .annotate(
                is_head=Exists(Group.objects.filter(name=HEAD_OF_COPS_GROUP, user=OuterRef("pk"))),
                is_sponsor=Exists(PracticeArea.objects.filter(sponsor=OuterRef("pk"))),
            )
            .values_list("is_head", "is_sponsor")
            .first()
        )
        access = ReportAccess(*row) if row else NO_ACCESS
    person._report_access = access
    return access


def can_see_reports(person) -> bool:
    """True when `person` may open /reports/: a sponsor, the Head of CoPs or a superuser."""
    return report_access(person).allowed


def areas_visible_to(person) -> QuerySet[PracticeArea]:
    """The practice areas whose reports `person` may see: all for the Head, own for a sponsor."""
    access = report_access(person)
    if access.sees_all:
        return PracticeArea.objects.all()
    if access.sponsors_an_area:
        return PracticeArea.objects.filter(sponsor=person)
    return PracticeArea.objects.none()


def sees_member_emails(person) -> bool:
    """Members' email addresses are for the Head of CoPs and superusers, not sponsors."""
    return report_access(person).sees_all


# Months ----------------------------------------------------------------------------------------


def add_months(month: date, count: int) -> date:
    """The first day of the month `count` months after (or before) `month`."""
    index = month.year * 12 + (month.month - 1) + count
    return date(index // 12, index % 12 + 1, 1)


def this_month() -> date:
    """The first day of the current month in London."""
    return timezone.localdate(timezone=LONDON).replace(day=1)


def london_midnight(day: date) -> datetime:
    """Midnight at the start of `day` in London (GMT or BST, whichever applies)."""
    return datetime(day.year, day.month, day.day, tzinfo=LONDON)


@dataclass(frozen=True)
class MonthRange:
    """Whole London months from `first` to `last` inclusive (both the first day of a month)."""

    first: date
    last: date

    @classmethod
    def last_n_months(cls, count: int = DEFAULT_MONTHS, *, ending: date | None = None):
        last = ending or this_month()
        return cls(first=add_months(last, -(count - 1)), last=last)

    @property
    def months(self) -> list[date]:
        count = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1
        return [add_months(self.first, offset) for offset in range(count)]

    @property
    def label(self) -> str:
        first, last = month_label(self.first), month_label(self.last)
        return first if first == last else f"{first} to {last}"

    @property
    def starts_at(self) -> datetime:
        return london_midnight(self.first)

    @property
    def ends_before(self) -> datetime:
        return london_midnight(add_months(self.last, 1))


def month_label(month: date) -> str:
    return f"{calendar.month_name[month.month]} {month.year}"


def signed(number: int) -> str:
    """Growth as people read it: +3, −2 (a true minus sign) or 0."""
    if number > 0:
        return f"+{number:,}"
    if number < 0:
        return f"−{-number:,}"
    return "0"


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


# History ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusChange:
    """A community's status changing, or the first status on record for it."""

    changed_at: datetime
    community: str
    old_status: str | None  # None on the first row on record.
    new_status: str
    created: bool  # The first row is the community's creation.
    changed_by: str | None

    @property
    def first_recorded(self) -> bool:
        return self.old_status is None

    @property
    def old_label(self) -> str | None:
        return Community.Status(self.old_status).label if self.old_status else None

    @property
    def new_label(self) -> str:
        return Community.Status(self.new_status).label


def status_history(area: PracticeArea, limit: int = 100) -> list[StatusChange]:
    """Changes of status of the area's communities, newest first, with who made them if known.

    Each historical row is compared with the one before it for the same community (a window
    function), so edits that left the status alone drop out in SQL. Each community's first row
    on record is kept as its starting status: its creation, or, for communities loaded from the
    fixture (loading writes no history), the first edit after loading.
    """
    history = Community.history.model.objects
    previous = {"partition_by": F("id"), "order_by": [F("history_date"), F("history_id")]}
    rows = (
        history.filter(id__in=Community.objects.filter(practice_area=area).values("pk"))
        .annotate(
            previous_row=Window(Lag("history_id"), **previous),
            old_status=Window(Lag("status"), **previous),
        )
        .filter(Q(previous_row__isnull=True) | ~Q(old_status=F("status")))
        .order_by("-history_date", "-history_id")
        .values(
            "history_date",
            "history_type",
            "name",
            "old_status",
            "status",
            "history_user__full_name",
        )[:limit]
    )
    return [
        StatusChange(
            changed_at=row["history_date"],
            community=row["name"],
            old_status=row["old_status"],
            new_status=row["status"],
            created=row["history_type"] == "+",
            changed_by=row["history_user__full_name"] or None,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class SponsorChange:
    """The area's SMT sponsor changing, or the first sponsor on record for it."""

    changed_at: datetime
    first_recorded: bool
    created: bool  # The first row is the area's creation.
    old_sponsor: str | None  # None: to be confirmed (TBC).
    new_sponsor: str | None
    changed_by: str | None


def sponsor_history(area: PracticeArea, limit: int = 50) -> list[SponsorChange]:
    """Changes of the area's SMT sponsor, newest first, from the first sponsor on record."""
    history = PracticeArea.history.model.objects
    previous = {"order_by": [F("history_date"), F("history_id")]}
    # -1 stands for "no sponsor", so a change to or from TBC compares as a change.
    sponsor_key = Coalesce("sponsor_id", Value(-1))
    rows = (
        history.filter(id=area.pk)
        .annotate(
            sponsor_name=_person_name("sponsor"),
            previous_row=Window(Lag("history_id"), **previous),
            old_sponsor_key=Window(Lag(sponsor_key), **previous),
            old_sponsor_name=Window(Lag(_person_name("sponsor")), **previous),
        )
        .filter(Q(previous_row__isnull=True) | ~Q(old_sponsor_key=sponsor_key))
        .order_by("-history_date", "-history_id")
        .values(
            "history_date",
            "history_type",
            "previous_row",
            "sponsor_name",
            "old_sponsor_name",
            "history_user__full_name",
        )[:limit]
    )
    return [
        SponsorChange(
            changed_at=row["history_date"],
            first_recorded=row["previous_row"] is None,
            created=row["history_type"] == "+",
            old_sponsor=row["old_sponsor_name"],
            new_sponsor=row["sponsor_name"],
            changed_by=row["history_user__full_name"] or None,
        )
        for row in rows
    ]


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
        return sum(row.wider for row in self.communities)

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
    def communities_well_outside_norm(self) -> list[CommunityFigures]:
        return [row for row in self.communities if row.norm.is_well_outside]


def area_report(area: PracticeArea, months: MonthRange) -> AreaReport:
    """The figures for one practice area's report: six queries whatever the area's size."""
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
            sponsor_name=_person_name("sponsor"),
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
    staff: int  # Active Person rows.
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
    """
    counts = dict(
        Community.objects.order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    members = (
        Membership.objects.active()
        .filter(person__is_active=True)
        .aggregate(
            core=Count("pk", filter=Q(kind=Membership.Kind.CORE)),
            members=Count("person", distinct=True),
        )
    )
    return ProgrammeSummary(
        by_status={status.label: counts.get(status.value, 0) for status in Community.Status},
        staff=Person.objects.filter(is_active=True).count(),
        core_members=members["core"],
        members=members["members"],
    )
