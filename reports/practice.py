"""What an area's communities made together: their projects, active and completed, and the
resources they added to their libraries, by month and per community.

A project is active from the day it started until the day it completed; one still proposed has
not started. It belongs to a month while it was active at some point in it: either still
active at the month's end, or completed during it. Resources count in the London month they
were added, once they are in the library: hidden ones are left out, and deleted ones are gone.
Three queries whatever the area's size, every count made in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from django.db.models import Count, DateField, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth

from activities.models import Project, Resource
from communities.models import Community, PracticeArea

from .months import LONDON, MonthRange, add_months, month_label

ACTIVE = Project.Status.ACTIVE
COMPLETED = Project.Status.COMPLETED
PROPOSED = Project.Status.PROPOSED


@dataclass(frozen=True)
class PracticeMonth:
    """One London month of an area's projects and resources."""

    month: date
    started: int = 0  # Projects that started in the month.
    completed: int = 0  # Projects completed in the month.
    active_at_end: int = 0  # Projects started by the month's end and not completed by then.
    files: int = 0  # Resources added as uploaded files.
    links: int = 0  # Resources added as links.

    @property
    def label(self) -> str:
        return month_label(self.month)

    @property
    def resources(self) -> int:
        return self.files + self.links

    @property
    def active_in_month(self) -> int:
        """Projects active at some point in the month: those completed in it, and the rest."""
        return self.active_at_end + self.completed


@dataclass(frozen=True)
class CommunityPractice:
    """One community's projects now, those it completed and the resources it added."""

    name: str
    slug: str
    proposed: int  # Now.
    active: int  # Now.
    needing_a_lead: int  # Proposed or active projects whose lead left: now.
    completed: int  # In the months chosen.
    files: int  # Resources added in the months chosen, as files...
    links: int  # ...and as links.
    in_library: int  # Every resource in its library now, whenever added.

    @property
    def resources(self) -> int:
        return self.files + self.links


@dataclass(frozen=True)
class AreaPractice:
    """Everything the report's projects and resources section shows."""

    months: MonthRange
    monthly: list[PracticeMonth]
    communities: list[CommunityPractice]

    @property
    def proposed(self) -> int:
        return sum(row.proposed for row in self.communities)

    @property
    def active(self) -> int:
        return sum(row.active for row in self.communities)

    @property
    def needing_a_lead(self) -> int:
        return sum(row.needing_a_lead for row in self.communities)

    @property
    def started(self) -> int:
        return sum(row.started for row in self.monthly)

    @property
    def completed(self) -> int:
        return sum(row.completed for row in self.monthly)

    @property
    def files(self) -> int:
        return sum(row.files for row in self.monthly)

    @property
    def links(self) -> int:
        return sum(row.links for row in self.monthly)

    @property
    def resources(self) -> int:
        return self.files + self.links

    @property
    def in_library(self) -> int:
        return sum(row.in_library for row in self.communities)

    @property
    def communities_needing_a_lead(self) -> list[CommunityPractice]:
        return [row for row in self.communities if row.needing_a_lead]


def area_practice(area: PracticeArea, months: MonthRange) -> AreaPractice:
    """The projects and resources section of `area`'s report for `months`: three queries."""
    projects = projects_by_month(area, months)
    resources = resources_by_month(area, months)
    return AreaPractice(
        months=months,
        monthly=[
            PracticeMonth(month=month, **projects[month], **resources.get(month, {}))
            for month in months.months
        ],
        communities=practice_by_community(area, months),
    )


def projects_by_month(area: PracticeArea, months: MonthRange) -> dict[date, dict[str, int]]:
    """For each month of `months`, the projects of `area` started and completed in it and those
    active at its end. One query: the projects that matter to the months, counted by the pair
    (month started, month completed), which is at most a few hundred rows however many
    projects there are; the months' figures are sums over those pairs."""
    first, after = months.first, add_months(months.last, 1)
    pairs = (
        Project.objects.filter(community__practice_area=area)
        # Started before the months end (or completed in them without a recorded start), and
        # not completed before they begin: the rest cannot count in any of the months.
        .filter(Q(started_on__lt=after) | Q(completed_on__gte=first, completed_on__lt=after))
        .exclude(completed_on__lt=first)
        .annotate(
            started=TruncMonth("started_on", output_field=DateField()),
            completed=TruncMonth("completed_on", output_field=DateField()),
        )
        .order_by()
        .values_list("started", "completed")
        .annotate(projects=Count("pk"))
    )
    found = {month: {"started": 0, "completed": 0, "active_at_end": 0} for month in months.months}
    for started, completed, count in pairs:
        for month, figures in found.items():
            if started == month:
                figures["started"] += count
            if completed == month:
                figures["completed"] += count
            elif started and started <= month and (completed is None or completed > month):
                figures["active_at_end"] += count
    return found


def resources_by_month(area: PracticeArea, months: MonthRange) -> dict[date, dict[str, int]]:
    """The resources of `area` added in each London month of `months` and still in the library,
    as files and as links; months with none are left out. One query, grouped by month."""
    rows = (
        Resource.objects.visible()
        .filter(
            community__practice_area=area,
            created_at__gte=months.starts_at,
            created_at__lt=months.ends_before,
        )
        .annotate(month=TruncMonth("created_at", tzinfo=LONDON, output_field=DateField()))
        .order_by()
        .values("month")
        .annotate(links=Count("pk", filter=~Q(url="")), files=Count("pk", filter=~Q(file="")))
    )
    return {row.pop("month"): row for row in rows}


def _counted(queryset: QuerySet) -> Coalesce:
    """How many rows of `queryset` belong to the community of the outer query, as a subquery,
    so one community's projects and resources are counted without multiplying each other."""
    counts = (
        queryset.filter(community=OuterRef("pk"))
        .order_by()
        .values("community")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def practice_by_community(area: PracticeArea, months: MonthRange) -> list[CommunityPractice]:
    """Each launched community of `area`, and any other with projects or resources to count
    (a closed community's history stays), with its projects now, those completed in `months`,
    and its resources. One query."""
    projects = Project.objects.all()
    added = Resource.objects.visible().filter(
        created_at__gte=months.starts_at, created_at__lt=months.ends_before
    )
    rows = (
        Community.objects.filter(practice_area=area)
        .annotate(
            proposed=_counted(projects.filter(status=PROPOSED)),
            active=_counted(projects.filter(status=ACTIVE)),
            needing_a_lead=_counted(projects.needing_a_lead()),
            completed=_counted(
                projects.filter(
                    status=COMPLETED,
                    completed_on__gte=months.first,
                    completed_on__lt=add_months(months.last, 1),
                )
            ),
            files=_counted(added.exclude(file="")),
            links=_counted(added.exclude(url="")),
            in_library=_counted(Resource.objects.visible()),
        )
        .filter(
            Q(status=Community.Status.LAUNCHED)
            | Q(proposed__gt=0)
            | Q(active__gt=0)
            | Q(completed__gt=0)
            | Q(in_library__gt=0)
        )
        .order_by("name")
        .values(*(field.name for field in fields(CommunityPractice)))
    )
    return [CommunityPractice(**row) for row in rows]
