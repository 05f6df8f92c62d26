"""Line charts over months: joins and leaves, and the active memberships at each month's end.

Geometry here, markup in templates/reports/charts/line_chart.html. Each line has its own dash
and marker shape as well as its colour, so meaning never rests on colour alone.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .charts import CORE_FILL, GRID, INK, JOIN_COLOUR, LEAVE_COLOUR, counted
from .monthly import MonthFigures
from .months import MonthRange, signed


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
    month: str
    noun: str

    @property
    def title(self) -> str:
        return f"{self.month}: {counted(self.value, self.noun)}"

    @property
    def square_x(self) -> float:
        return round(self.x - 4, 1)

    @property
    def square_y(self) -> float:
        return round(self.y - 4, 1)


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    dash: str  # stroke-dasharray, empty for a solid line
    marker: str  # "circle" or "square"
    points: list[Point]

    @property
    def path(self) -> str:
        return " ".join(f"{point.x},{point.y}" for point in self.points)


@dataclass(frozen=True)
class Tick:
    position: float
    text: str
    subtext: str = ""

    @property
    def text_y(self) -> float:
        """Where a y-axis label sits: centred on its grid line."""
        return round(self.position + 4, 1)


@dataclass(frozen=True)
class LineChart:
    id: str
    title: str
    description: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    series: list[Series]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    ink: str = INK
    grid: str = GRID

    @property
    def y_label_x(self) -> int:
        return self.left - 6

    @property
    def month_y(self) -> int:
        return self.bottom + 17

    @property
    def year_y(self) -> int:
        return self.bottom + 32


def nice_step(largest: int, most_ticks: int = 5) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving at most `most_ticks` steps."""
    if largest <= most_ticks:
        return 1
    rough = largest / most_ticks
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        if factor * power >= rough:
            return factor * power
    return 10 * power


@dataclass(frozen=True)
class Line:
    """One line of a monthly chart: which figure of each month it draws, and how it looks."""

    name: str
    figure: Callable[[MonthFigures], int]
    noun: str  # for the points' titles: "3 joins"
    colour: str
    dash: str = ""
    marker: str = "circle"


def monthly_line_chart(
    monthly: Sequence[MonthFigures], *, id: str, title: str, description: str, lines: list[Line]
) -> LineChart:
    """Lines over the months, on a y axis from 0 with round steps."""
    width, height = 400, 240
    left, right, top, bottom = 36, 392, 40, 196
    largest = max((line.figure(row) for row in monthly for line in lines), default=0)
    step = nice_step(largest)
    y_max = max(step * math.ceil(largest / step), step)

    def y_of(value: int) -> float:
        return round(bottom - (bottom - top) * value / y_max, 1)

    count = len(monthly)
    spacing = (right - left - 20) / (count - 1) if count > 1 else 0

    def x_of(index: int) -> float:
        return round(left + 10 + index * spacing, 1) if count > 1 else (left + right) / 2

    label_every = math.ceil(count / 12) if count else 1
    x_ticks = []
    for index, row in enumerate(monthly):
        if index % label_every:
            continue
        show_year = index == 0 or row.month.month == 1
        x_ticks.append(
            Tick(
                position=x_of(index),
                text=calendar.month_abbr[row.month.month],
                subtext=str(row.month.year) if show_year else "",
            )
        )
    if len(x_ticks) > 1 and x_ticks[1].subtext and x_ticks[1].position - x_ticks[0].position < 40:
        # A December start is followed at once by January's year: two years would collide.
        x_ticks[0] = Tick(position=x_ticks[0].position, text=x_ticks[0].text)
    y_ticks = [Tick(position=y_of(value), text=str(value)) for value in range(0, y_max + 1, step)]
    series = [
        Series(
            name=line.name,
            colour=line.colour,
            dash=line.dash,
            marker=line.marker,
            points=[
                Point(
                    x=x_of(index),
                    y=y_of(line.figure(row)),
                    value=line.figure(row),
                    month=row.label,
                    noun=line.noun,
                )
                for index, row in enumerate(monthly)
            ],
        )
        for line in lines
    ]
    period = MonthRange(monthly[0].month, monthly[-1].month).label if monthly else "no months"
    return LineChart(
        id=id,
        title=f"{title}, {period}",
        description=description,
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        series=series,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
    )


def joins_and_leaves_chart(monthly: Sequence[MonthFigures], *, id: str) -> LineChart:
    """Two lines over the months: joins (solid, round markers) and leaves (dashed, squares)."""
    return monthly_line_chart(
        monthly,
        id=id,
        title="Joins and leaves per month",
        description=_describe_months(monthly),
        lines=[
            Line("Joins", lambda row: row.joins, "join", JOIN_COLOUR),
            Line("Leaves", lambda row: row.leaves, "leave", LEAVE_COLOUR, "6 4", "square"),
        ],
    )


def members_over_time_chart(monthly: Sequence[MonthFigures], *, id: str) -> LineChart:
    """Active core (solid, round markers) and wider (dashed, squares) memberships at the end
    of each month."""
    return monthly_line_chart(
        monthly,
        id=id,
        title="Active memberships at the end of each month",
        description=_describe_members(monthly),
        lines=[
            Line("Core", lambda row: row.core_at_end, "core membership", CORE_FILL),
            Line(
                "Wider",
                lambda row: row.wider_at_end,
                "wider membership",
                JOIN_COLOUR,
                "6 4",
                "square",
            ),
        ],
    )


def _describe_members(monthly: Sequence[MonthFigures]) -> str:
    """The members chart in words: where it starts and ends, and every month's figures."""
    if not monthly:
        return "No months to show."
    first, last = monthly[0], monthly[-1]
    return (
        f"At the end of {first.label}: {counted(first.core_at_end, 'core membership')} and "
        f"{counted(first.wider_at_end, 'wider membership')}. At the end of {last.label}: "
        f"{counted(last.core_at_end, 'core membership')} and "
        f"{counted(last.wider_at_end, 'wider membership')}. By month: "
        + "; ".join(
            f"{row.label}: {row.core_at_end} core, {row.wider_at_end} wider" for row in monthly
        )
        + "."
    )


def _describe_months(monthly: Sequence[MonthFigures]) -> str:
    """The chart in words: totals, the busiest months, and every month's figures."""
    if not monthly:
        return "No months to show."
    joins = sum(row.joins for row in monthly)
    leaves = sum(row.leaves for row in monthly)
    sentences = [
        f"In total {counted(joins, 'join')} and {counted(leaves, 'leave')}, "
        f"a net change of {signed(joins - leaves)}."
    ]
    if joins:
        busiest = max(monthly, key=lambda row: row.joins)
        sentences.append(f"Most joins: {busiest.joins} in {busiest.label}.")
    if leaves:
        busiest = max(monthly, key=lambda row: row.leaves)
        sentences.append(f"Most leaves: {busiest.leaves} in {busiest.label}.")
    sentences.append(
        "By month: "
        + "; ".join(
            f"{row.label}: {counted(row.joins, 'join')}, {counted(row.leaves, 'leave')}"
            for row in monthly
        )
        + "."
    )
    return " ".join(sentences)
