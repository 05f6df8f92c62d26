"""The report's figures download as CSV, escaped, with members' emails for the Head only."""

import csv
import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _download(client, person, table=None, slug="planning", extra=""):
    client.force_login(person)
    url = reverse("report-export", kwargs={"slug": slug})
    query = f"?table={table}{extra}" if table else ""
    return client.get(url + query)


def _rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    text = body.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_communities_table_is_the_default_download(client, sponsor, planning_report):
    response = _download(client, sponsor)
    assert "planning-communities-" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0][:6] == [
        "Community",
        "Status",
        "Launched on",
        "Leads",
        "Core members",
        "Wider members",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Data and Insight"] == [
        "Data and Insight",
        "Launched",
        "2024-05-01",
        "Lena Lead",
        "1",
        "9",
        "10.0",
        "Within the norm",
        "",
    ]
    assert by_name["Strategy and Policy"][-1] == "3"
    assert by_name["Business Analysis"][7] == "Well above the norm (over 25%)"
    assert "Appraisals and inductions" not in by_name


def test_monthly_table_follows_the_chosen_months(client, sponsor, planning_report):
    response = _download(client, sponsor, "monthly", extra="&from=2025-01&to=2025-04")
    assert "planning-monthly-2025-01-to-2025-04.csv" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows == [
        [
            "Month",
            "Joins",
            "Leaves",
            "Net growth",
            "Core memberships at month end",
            "Wider memberships at month end",
            "Memberships at month end",
        ],
        ["2025-01", "21", "0", "21", "4", "17", "21"],
        ["2025-02", "0", "1", "-1", "4", "16", "20"],
        ["2025-03", "0", "2", "-2", "4", "14", "18"],
        ["2025-04", "0", "0", "0", "4", "14", "18"],
    ]


@pytest.mark.parametrize("months", ["&to=0001-01", "&from=0001-01&to=0001-01", "&to=abcd"])
def test_monthly_table_with_impossible_months_falls_back_to_the_last_twelve(
    client, sponsor, planning_report, months
):
    """As on the page, months that cannot be used give the last twelve, named in the file."""
    from reports.months import MonthRange

    default = MonthRange.last_n_months()
    response = _download(client, sponsor, "monthly", extra=months)
    first, last = default.first.strftime("%Y-%m"), default.last.strftime("%Y-%m")
    assert f"planning-monthly-{first}-to-{last}.csv" in response["Content-Disposition"]
    rows = _rows(response)
    assert [row[0] for row in rows[1:]] == [m.strftime("%Y-%m") for m in default.months]


def test_departments_table_counts_people(client, sponsor, planning_report):
    rows = _rows(_download(client, sponsor, "departments"))
    assert rows[0] == ["Department", "Active members"]
    assert ["Estates", "6"] in rows


def test_members_table_for_a_sponsor_has_no_email_addresses(client, sponsor, planning_report):
    rows = _rows(_download(client, sponsor, "members"))
    assert rows[0] == ["Name", "Department", "Community", "Kind", "Lead", "Joined on"]
    assert len(rows) == 1 + 18
    assert ["Lena Lead", "Finance", "Data and Insight", "Core", "yes", "2025-01-15"] in rows
    text = "\n".join(",".join(row) for row in rows)
    assert "@" not in text
    assert "lena@ucl.ac.uk" not in text


def test_members_table_for_the_head_includes_email_addresses(client, head, planning_report):
    rows = _rows(_download(client, head, "members"))
    assert rows[0][-1] == "Email"
    assert [
        "Lena Lead",
        "Finance",
        "Data and Insight",
        "Core",
        "yes",
        "2025-01-15",
        "lena@ucl.ac.uk",
    ] in rows


def test_members_who_have_left_are_not_in_the_members_table(client, head, planning_report):
    rows = _rows(_download(client, head, "members"))
    assert not any(row[2] == "Old Practice" for row in rows)


def test_formula_like_cells_are_escaped(client, sponsor, planning_report):
    rows = _rows(_download(client, sponsor, "members"))
    departments = {row[1] for row in rows[1:]}
    assert "'=cmd()" in departments
    assert "=cmd()" not in departments
    assert ["'=cmd()", "1"] in _rows(_download(client, sponsor, "departments"))


def test_unknown_table_gets_a_friendly_page_listing_the_downloads(client, sponsor, planning_report):
    response = _download(client, sponsor, "salaries")
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is no download called “salaries”" in page
    assert "?table=members" in page


def test_report_page_links_to_every_download(client, sponsor, planning_report):
    client.force_login(sponsor)
    page = client.get(reverse("report-area", kwargs={"slug": "planning"})).content.decode()
    for table in ("communities", "monthly", "departments", "members"):
        assert f"/reports/planning/export/?table={table}" in page
