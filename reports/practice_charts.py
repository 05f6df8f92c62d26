"""Charts of the report's projects and resources section, drawn by the report's own chart
helpers (`reports.charts`, `reports.activity_charts`): what is solid or hatched, and the words
that state each chart's numbers."""

from __future__ import annotations

from collections.abc import Sequence

from .activity_charts import ColumnChart, month_column_chart
from .charts import BarChart, counted, stacked_bar_chart
from .practice import AreaPractice, CommunityPractice, PracticeMonth

PROJECT_PARTS = ("active", "completed")
RESOURCE_PARTS = ("uploaded", "linked")


def projects_per_month_chart(monthly: Sequence[PracticeMonth], *, id: str) -> ColumnChart:
    """A column per month: the projects still active at its end (solid) and those completed in
    it (hatched), together the projects active at some point in the month."""
    completed = sum(row.completed for row in monthly)
    started = sum(row.started for row in monthly)
    by_month = "; ".join(
        f"{row.label}: {row.active_at_end} still active, {row.completed} completed"
        for row in monthly
    )
    return month_column_chart(
        [row.month for row in monthly],
        [row.active_at_end for row in monthly],
        upper=[row.completed for row in monthly],
        legend=("Active at month end", "Completed"),
        id=id,
        title="Projects active per month",
        description=(
            f"In total {counted(started, 'project')} started and {completed} completed. "
            f"By month: {by_month}."
            if monthly
            else "No months to show."
        ),
        titles=[
            f"{row.label}: {counted(row.active_in_month, 'project')} active, "
            f"{row.active_at_end} still active at its end and {row.completed} completed"
            for row in monthly
        ],
    )


def resources_per_month_chart(monthly: Sequence[PracticeMonth], *, id: str) -> ColumnChart:
    """A column per month: the resources added, uploaded files solid and links hatched."""
    added = sum(row.resources for row in monthly)
    by_month = "; ".join(f"{row.label}: {row.resources}" for row in monthly)
    sentences = [f"In total {counted(added, 'resource')} added."]
    if added:
        busiest = max(monthly, key=lambda row: row.resources)
        sentences.append(f"Most: {busiest.resources} in {busiest.label}.")
    sentences.append(f"Resources added by month: {by_month}.")
    return month_column_chart(
        [row.month for row in monthly],
        [row.files for row in monthly],
        upper=[row.links for row in monthly],
        legend=tuple(name.capitalize() for name in RESOURCE_PARTS),
        id=id,
        title="Resources added per month",
        description=" ".join(sentences) if monthly else "No months to show.",
        titles=[
            f"{row.label}: {counted(row.resources, 'resource')} added, "
            f"{row.files} uploaded and {row.links} linked"
            for row in monthly
        ],
    )


def projects_per_community_chart(
    rows: Sequence[CommunityPractice], *, id: str, title: str
) -> BarChart:
    """A bar per community: its projects active now (solid) and completed in the months
    (hatched)."""
    return stacked_bar_chart(
        [(row.name, row.active, row.completed) for row in rows],
        id=id,
        title=title,
        unit="projects",
        names=PROJECT_PARTS,
    )


def resources_per_community_chart(
    rows: Sequence[CommunityPractice], *, id: str, title: str
) -> BarChart:
    """A bar per community: the resources it added in the months, uploaded (solid) and linked
    (hatched)."""
    return stacked_bar_chart(
        [(row.name, row.files, row.links) for row in rows],
        id=id,
        title=title,
        unit="resources",
        names=RESOURCE_PARTS,
    )


def section_charts(practice: AreaPractice, *, area_name: str) -> dict[str, ColumnChart | BarChart]:
    """The section's four charts, by the names its template includes them under."""
    period = practice.months.label
    return {
        "projects_monthly_chart": projects_per_month_chart(practice.monthly, id="projects-monthly"),
        "projects_community_chart": projects_per_community_chart(
            practice.communities,
            id="projects-communities",
            title=f"Projects per community in {area_name}: active now, and completed {period}",
        ),
        "resources_monthly_chart": resources_per_month_chart(
            practice.monthly, id="resources-monthly"
        ),
        "resources_community_chart": resources_per_community_chart(
            practice.communities,
            id="resources-communities",
            title=f"Resources added per community in {area_name}, {period}",
        ),
    }
