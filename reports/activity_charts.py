"""Charts of the report's sessions section: geometry here, markup in templates/reports/charts/.

Like `reports.charts` (whose scale, ticks and colours these share), they are inline SVG with
presentation attributes only, carry a title and a description stating their numbers, and sit
beside a table of the same numbers. Meaning never rests on colour alone: attended is solid,
did not attend hatched and not marked an empty outline, and every bar is labelled.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .activity import CommunityAttendance, SessionMonth
from .charts import CORE_FILL, GRID, INK, counted
from .line_charts import Tick, nice_step
from .months import MonthRange

# Sessions held per month: one column per month ------------------------------------------------

MOST_LABELLED_COLUMNS = 18  # Beyond this the numbers over the columns would collide.


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    value: int
    title: str
    upper_y: float = 0  # The hatched part stacked on top, in a chart with two parts.
    upper_height: float = 0
    upper_value: int = 0

    @property
    def total(self) -> int:
        return self.value + self.upper_value

    @property
    def value_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def value_y(self) -> float:
        return round((self.upper_y if self.upper_value else self.y) - 4, 1)


@dataclass(frozen=True)
class ColumnChart:
    id: str
    title: str
    description: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    columns: list[Column]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    show_values: bool
    legend: tuple[str, str] | None = None  # Names of the solid and hatched parts, if stacked.
    fill: str = CORE_FILL
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

    @property
    def hatched_key_x(self) -> int:
        """Where the legend's second key starts: after the first name, however long."""
        return self.left + 20 + round(len(self.legend[0]) * 8.5) + 16 if self.legend else 0


def month_column_chart(
    months: Sequence[date],
    values: Sequence[int],
    *,
    id: str,
    title: str,
    description: str,
    titles: Sequence[str],
    upper: Sequence[int] | None = None,
    legend: tuple[str, str] | None = None,
) -> ColumnChart:
    """A column per London month, `values` solid; with `upper`, a hatched part stacked on
    each (named in `legend`). `titles` say each column's numbers in words, and the total
    stands above it. The chart's own title ends with the months it covers."""
    width, height = 400, 230
    left, right, top, bottom = 36, 392, 44 if upper else 24, 186
    upper = upper or [0] * len(values)
    largest = max((low + high for low, high in zip(values, upper, strict=True)), default=0)
    step = nice_step(largest)
    y_max = max(step * math.ceil(largest / step), step)
    count = len(months)
    slot = (right - left) / max(count, 1)
    column_width = round(min(slot * 0.6, 28), 1)

    def y_of(value: int) -> float:
        return round(bottom - (bottom - top) * value / y_max, 1)

    columns, x_ticks = [], []
    label_every = math.ceil(count / 12) if count else 1
    for index, (month, value, high, words) in enumerate(
        zip(months, values, upper, titles, strict=True)
    ):
        centre = left + slot * (index + 0.5)
        columns.append(
            Column(
                x=round(centre - column_width / 2, 1),
                y=y_of(value),
                width=column_width,
                height=round(bottom - y_of(value), 1),
                value=value,
                title=words,
                upper_y=y_of(value + high),
                upper_height=round(y_of(value) - y_of(value + high), 1),
                upper_value=high,
            )
        )
        if index % label_every == 0:
            show_year = index == 0 or month.month == 1
            x_ticks.append(
                Tick(
                    position=round(centre, 1),
                    text=calendar.month_abbr[month.month],
                    subtext=str(month.year) if show_year else "",
                )
            )
    if len(x_ticks) > 1 and x_ticks[1].subtext and x_ticks[1].position - x_ticks[0].position < 40:
        # A December start is followed at once by January's year: two years would collide.
        x_ticks[0] = Tick(position=x_ticks[0].position, text=x_ticks[0].text)
    period = MonthRange(months[0], months[-1]).label if months else "no months"
    return ColumnChart(
        id=id,
        title=f"{title}, {period}",
        description=description,
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        columns=columns,
        y_ticks=[Tick(position=y_of(v), text=str(v)) for v in range(0, y_max + 1, step)],
        x_ticks=x_ticks,
        show_values=count <= MOST_LABELLED_COLUMNS,
        legend=legend,
    )


def sessions_per_month_chart(monthly: Sequence[SessionMonth], *, id: str) -> ColumnChart:
    """A column per London month: the sessions held in it."""
    return month_column_chart(
        [row.month for row in monthly],
        [row.held for row in monthly],
        id=id,
        title="Sessions held per month",
        description=_describe_months(monthly),
        titles=[f"{row.label}: {counted(row.held, 'session')} held" for row in monthly],
    )


def _describe_months(monthly: Sequence[SessionMonth]) -> str:
    if not monthly:
        return "No months to show."
    held = sum(row.held for row in monthly)
    sentences = [f"In total {counted(held, 'session')} held."]
    if held:
        busiest = max(monthly, key=lambda row: row.held)
        sentences.append(f"Most: {busiest.held} in {busiest.label}.")
    by_month = "; ".join(f"{row.label}: {row.held}" for row in monthly)
    sentences.append(f"Sessions held by month: {by_month}.")
    return " ".join(sentences)


# RSVPs and attendance per community: one stacked bar each ---------------------------------------


@dataclass(frozen=True)
class AttendanceBar:
    label: str
    going: int
    attended: int
    absent: int
    not_marked: int
    label_y: float
    bar_y: float
    attended_width: float
    absent_x: float
    absent_width: float
    unmarked_x: float
    unmarked_width: float
    value_x: float

    @property
    def value_y(self) -> float:
        return self.bar_y + 13

    @property
    def value_text(self) -> str:
        return _value_text(self.going, self.attended)

    @property
    def title(self) -> str:
        return f"{self.label}: {_attendance_words(self.going, self.attended, self.absent)}"


@dataclass(frozen=True)
class AttendanceChart:
    id: str
    title: str
    description: str
    width: int
    height: int
    left: int
    bar_height: int
    bars: list[AttendanceBar]
    fill: str = CORE_FILL
    ink: str = INK


def _value_text(going: int, attended: int) -> str:
    return f"{going} going, {attended} attended"


def _attendance_words(going: int, attended: int, absent: int) -> str:
    not_marked = going - attended - absent
    words = f"{going} going, {attended} attended, {absent} did not attend"
    return words + (f", {not_marked} not marked" if not_marked else "")


def attendance_chart(rows: Sequence[CommunityAttendance], *, id: str, title: str):
    """A bar per community as long as its RSVPs going: attended (solid), did not attend
    (hatched) and not marked (outline). The numbers follow each bar; the label sits above."""
    width, left = 400, 4
    legend_height, row_height, bar_height = 34, 46, 16
    # Room after the longest bar for its numbers: at 13px no character is wider than 8.5px.
    longest = max((len(_value_text(row.going, row.attended)) for row in rows), default=0)
    usable = width - left - round(longest * 8.5) - 8
    scale_max = max((row.going for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        top = legend_height + index * row_height
        attended = usable * row.attended / scale_max
        absent = usable * row.absent / scale_max
        not_marked = usable * row.not_marked / scale_max
        bars.append(
            AttendanceBar(
                label=row.name,
                going=row.going,
                attended=row.attended,
                absent=row.absent,
                not_marked=row.not_marked,
                label_y=top + 14,
                bar_y=top + 20,
                attended_width=round(attended, 1),
                absent_x=round(left + attended, 1),
                absent_width=round(absent, 1),
                unmarked_x=round(left + attended + absent, 1),
                unmarked_width=round(not_marked, 1),
                value_x=round(left + attended + absent + not_marked + 6, 1),
            )
        )
    parts = [
        f"{row.name}: {counted(row.held, 'session')} held, "
        f"{_attendance_words(row.going, row.attended, row.absent)}"
        for row in rows
    ]
    description = "; ".join(parts) + "." if parts else "No communities to show."
    return AttendanceChart(
        id=id,
        title=title,
        description=description,
        width=width,
        height=legend_height + max(len(rows), 1) * row_height,
        left=left,
        bar_height=bar_height,
        bars=bars,
    )
