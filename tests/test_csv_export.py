"""The one CSV writer escapes text that a spreadsheet would run as a formula."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from ucl_cop.csv_export import csv_lines, csv_response, escape_cell


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tsneaky", "\rsneaky"],
)
def test_text_that_starts_a_formula_is_prefixed_with_a_quote(text):
    assert escape_cell(text) == "'" + text


def test_ordinary_text_is_left_alone():
    assert escape_cell("Data and Insight") == "Data and Insight"
    assert escape_cell("a=b") == "a=b"


def test_numbers_stay_numbers_even_when_negative():
    assert escape_cell(-3) == "-3"
    assert escape_cell(12.5) == "12.5"
    assert escape_cell(Decimal("-0.25")) == "-0.25"


def test_empty_yes_no_and_dates_read_naturally():
    assert escape_cell(None) == ""
    assert escape_cell(True) == "yes"
    assert escape_cell(False) == "no"
    assert escape_cell(date(2026, 4, 1)) == "2026-04-01"
    # Times are shown in London time: 23:30 UTC on 31 March 2026 is 00:30 BST on 1 April.
    assert escape_cell(datetime(2026, 3, 31, 23, 30, tzinfo=UTC)) == "2026-04-01 00:30"


def test_csv_lines_escape_the_header_and_every_row():
    text = "".join(csv_lines(["Name", "=bad"], [["=cmd()", 4], ["Ann, Lee", -1]]))
    assert list(csv.reader(io.StringIO(text))) == [
        ["Name", "'=bad"],
        ["'=cmd()", "4"],
        ["Ann, Lee", "-1"],
    ]


def test_csv_response_is_a_named_download():
    response = csv_response("members.csv", ["Name"], [["Ann"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="members.csv"'
    assert b"".join(response.streaming_content).decode("utf-8-sig") == "Name\r\nAnn\r\n"


def test_csv_response_is_utf8_with_a_byte_order_mark_for_excel():
    """Excel on Windows reads a CSV as UTF-8 only when the body starts with a BOM."""
    response = csv_response("members.csv", ["Range", "Name"], [["10–15%", "Zoë Ångström"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.count(b"\xef\xbb\xbf") == 1
    assert body[3:].decode("utf-8") == "Range,Name\r\n10–15%,Zoë Ångström\r\n"


def test_an_empty_csv_still_starts_with_the_byte_order_mark():
    response = csv_response("empty.csv", ["Name"], [])
    assert b"".join(response.streaming_content) == b"\xef\xbb\xbfName\r\n"
