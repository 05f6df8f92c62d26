"""Server-drawn SVG charts for the reports: geometry here, markup in templates/reports/charts/.

The charts are inline SVG with presentation attributes only (no style attributes, no script),
so they need nothing from the browser and keep to the strict Content Security Policy. Each
carries a title and a description that state its numbers, and each page shows the same
numbers in a table beside it. Meaning never rests on colour alone: core bars are solid and
wider bars hatched, joins are a solid line with round markers and leaves a dashed line with
square markers, and every bar is labelled with its numbers.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass

from .monthly import MonthFigures
from .months import MonthRange, signed

# Colours with at least 3:1 contrast against white (WCAG 1.4.11) and against each other's
# shapes: UCL navy for core, a blue and a red (also dashed) for the two lines.
CORE_FILL = "#082244"
WIDER_STROKE = "#082244"
JOIN_COLOUR = "#0b5ab0"
LEAVE_COLOUR = "#b3261e"
INK = "#1a1a1a"
GRID = "#767676"


# Stacked bars: core and wider members ------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    core: int
    wider: int
    label_y: float
    bar_y: float
    core_width: float
    wider_x: float
    wider_width: float
    value_x: float

    @property
    def value_y(self) -> float:
        return self.bar_y + 13

    @property
    def total(self) -> int:
        return self.core + self.wider

    @property
    def value_text(self) -> str:
        return f"{self.core} core, {self.wider} wider"


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    width: int
    height: int
    left: int
    bar_height: int
    bars: list[Bar]
    core_fill: str = CORE_FILL
    wider_stroke: str = WIDER_STROKE
    ink: str = INK


def stacked_bar_chart(
    rows: Sequence[tuple[str, int, int]], *, id: str, title: str, unit: str = "members"
) -> BarChart:
    """Horizontal bars, one per (label, core, wider) row, core solid and wider hatched.

    Each row's label sits above its bar and the numbers after it, so long community names and
    narrow screens both fit. The widest bar fills the space left for the numbers.
    """
    width, left, right_room = 400, 4, 140
    legend_height, row_height, bar_height = 34, 46, 16
    scale_max = max((core + wider for _label, core, wider in rows), default=0) or 1
    usable = width - left - right_room
    bars = []
    for index, (label, core, wider) in enumerate(rows):
        top = legend_height + index * row_height
        core_width = usable * core / scale_max
        wider_width = usable * wider / scale_max
        bars.append(
            Bar(
                label=label,
                core=core,
                wider=wider,
                label_y=top + 14,
                bar_y=top + 20,
                core_width=round(core_width, 1),
                wider_x=round(left + core_width, 1),
                wider_width=round(wider_width, 1),
                value_x=round(left + core_width + wider_width + 6, 1),
            )
        )
    parts = [f"{label}: {core} core and {wider} wider {unit}" for label, core, wider in rows]
    description = "; ".join(parts) + "." if parts else f"There are no {unit} to show yet."
    return BarChart(
        id=id,
        title=title,
        description=description,
        width=width,
        height=legend_height + max(len(rows), 1) * row_height,
        left=left,
        bar_height=bar_height,
        bars=bars,
    )


# Lines: joins and leaves by month --------------------------------------------------------------


def counted(number: int, noun: str) -> str:
    """'1 join', '3 joins': numbers in words for titles and descriptions."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


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


def joins_and_leaves_chart(monthly: Sequence[MonthFigures], *, id: str) -> LineChart:
    """Two lines over the months: joins (solid, round markers) and leaves (dashed, squares)."""
    width, height = 400, 240
    left, right, top, bottom = 36, 392, 40, 196
    largest = max((max(row.joins, row.leaves) for row in monthly), default=0)
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

    def series(name: str, colour: str, dash: str, marker: str, noun: str) -> Series:
        attribute = f"{noun}s"
        return Series(
            name=name,
            colour=colour,
            dash=dash,
            marker=marker,
            points=[
                Point(
                    x=x_of(index),
                    y=y_of(getattr(row, attribute)),
                    value=getattr(row, attribute),
                    month=row.label,
                    noun=noun,
                )
                for index, row in enumerate(monthly)
            ],
        )

    period = MonthRange(monthly[0].month, monthly[-1].month).label if monthly else "no months"
    return LineChart(
        id=id,
        title=f"Joins and leaves per month, {period}",
        description=_describe_months(monthly),
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        series=[
            series("Joins", JOIN_COLOUR, "", "circle", "join"),
            series("Leaves", LEAVE_COLOUR, "6 4", "square", "leave"),
        ],
        y_ticks=y_ticks,
        x_ticks=x_ticks,
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
