"""The one way the portal writes CSV.

Every cell goes through `escape_cell`, so a value such as `=HYPERLINK(...)` typed into a name or
department cannot run as a formula when a sponsor opens the file in a spreadsheet.

Every download is UTF-8 and starts with a byte-order mark: without it Excel on Windows reads the
file in the local code page, so "10–15%" and accented names come out garbled.
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

# Characters that make spreadsheet programs treat a cell as a formula (OWASP's list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# The byte-order mark that tells Excel the file is UTF-8; the response encodes it as EF BB BF.
BYTE_ORDER_MARK = "\ufeff"


def escape_cell(value: Any) -> str:
    """Return `value` as CSV cell text; text that would start a formula is prefixed with '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        # A number the portal computed is data, not a formula, even when it is negative.
        return str(value)
    if isinstance(value, datetime):
        value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, date):
        value = value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write returns the line, for streaming."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """Yield the CSV text of `header` and `rows`, a line at a time, every cell escaped."""
    writer = csv.writer(_Echo())
    yield writer.writerow([escape_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([escape_cell(cell) for cell in row])


def _with_byte_order_mark(lines: Iterator[str]) -> Iterator[str]:
    yield BYTE_ORDER_MARK
    yield from lines


def csv_response(
    filename: str, header: Iterable[Any], rows: Iterable[Iterable[Any]]
) -> StreamingHttpResponse:
    """A streamed CSV download, so a large member list never sits whole in memory.

    The body is UTF-8 and starts with a byte-order mark so that spreadsheets read it as UTF-8,
    and `Cache-Control: private, no-store` keeps it out of every cache.
    """
    response = StreamingHttpResponse(
        _with_byte_order_mark(csv_lines(header, rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Every download names people or gives a programme's figures: no shared cache may keep it,
    # and neither may the browser's disk.
    patch_cache_control(response, private=True, no_store=True)
    return response
