"""Server-drawn SVG charts for the reports: geometry here, markup in templates/reports/charts/.

The charts are inline SVG with presentation attributes only (no style attributes, no script),
so they need nothing from the browser and keep to the strict Content Security Policy. Each
carries a title and a description that state its numbers, and each page shows the same
numbers in a table beside it. Meaning never rests on colour alone: core bars are solid and
wider bars hatched, joins are a solid line with round markers and leaves a dashed line with
square markers, and every bar is labelled with its numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
    names: tuple[str, str] = ("core", "wider")

    @property
    def value_y(self) -> float:
        return self.bar_y + 13

    @property
    def total(self) -> int:
        return self.core + self.wider

    @property
    def value_text(self) -> str:
        return _value_text(self.core, self.wider, self.names)


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
    names: tuple[str, str] = ("core", "wider")  # Of the solid and the hatched parts.
    core_fill: str = CORE_FILL
    wider_stroke: str = WIDER_STROKE
    ink: str = INK

    @property
    def hatched_key_x(self) -> int:
        """Where the legend's second key starts: after the first name, however long."""
        return self.left + max(80, 20 + round(len(self.names[0]) * 8.5) + 16)


def _value_text(solid: int, hatched: int, names: tuple[str, str]) -> str:
    return f"{solid} {names[0]}, {hatched} {names[1]}"


def stacked_bar_chart(
    rows: Sequence[tuple[str, int, int]],
    *,
    id: str,
    title: str,
    unit: str = "members",
    names: tuple[str, str] = ("core", "wider"),
) -> BarChart:
    """Horizontal bars, one per (label, core, wider) row, core solid and wider hatched; other
    figures name their two parts in `names` ("active", "completed" projects).

    Each row's label sits above its bar and the numbers after it, so long community names and
    narrow screens both fit. The widest bar fills the space left for the numbers.
    """
    width, left = 400, 4
    legend_height, row_height, bar_height = 34, 46, 16
    # Room after the longest bar for its numbers: at 13px no character is wider than 8.5px.
    longest = max((len(_value_text(a, b, names)) for _label, a, b in rows), default=0)
    right_room = max(140, round(longest * 8.5) + 8)
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
                names=names,
            )
        )
    solid, hatched = names
    parts = [f"{label}: {core} {solid} and {wider} {hatched} {unit}" for label, core, wider in rows]
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
        names=names,
    )


# Lines: joins and leaves by month --------------------------------------------------------------


def counted(number: int, noun: str) -> str:
    """'1 join', '3 joins': numbers in words for titles and descriptions."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
