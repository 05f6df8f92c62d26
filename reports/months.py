"""Whole London months: the periods the reports cover, and how their figures read."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

# Monthly figures are London months, whatever the server's clock says.
LONDON = ZoneInfo(settings.TIME_ZONE)
DEFAULT_MONTHS = 12
MAX_MONTHS = 36
EARLIEST_MONTH = date(2000, 1, 1)  # Before the programme; a guard against absurd input.


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
