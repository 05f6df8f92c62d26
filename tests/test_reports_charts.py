"""Charts are server-drawn SVG that state their numbers, with tables and text alternatives."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from .factories import CommunityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _page(client, person, url):
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _area_page(client, person, query=""):
    return _page(client, person, reverse("report-area", kwargs={"slug": "planning"}) + query)


def _svgs(page):
    return re.findall(r"<svg\b.*?</svg>", page, flags=re.DOTALL)


def test_member_chart_labels_each_community_with_its_numbers(client, sponsor, planning_report):
    member_chart = _svgs(_area_page(client, sponsor))[0]
    assert "Data and Insight" in member_chart
    assert "1 core, 9 wider" in member_chart
    assert "3 core, 1 wider" in member_chart
    assert "0 core, 4 wider" in member_chart


def test_every_chart_has_a_title_and_a_description_with_the_numbers(
    client, sponsor, planning_report
):
    page = _area_page(client, sponsor, "?from=2025-01&to=2025-03")
    members, monthly, *_sessions = _svgs(page)  # The sessions section draws two more.
    for svg in (members, monthly):
        assert 'role="img"' in svg
        labelled_by = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        for element_id in labelled_by:
            assert f'id="{element_id}"' in svg
    assert "Data and Insight: 1 core and 9 wider members" in members
    assert "Joins and leaves per month, January 2025 to March 2025" in monthly
    assert "In total 21 joins and 3 leaves, a net change of +18." in monthly
    assert "February 2025: 0 joins, 1 leave" in monthly


def test_monthly_chart_marks_each_point_with_its_month_and_value(client, sponsor, planning_report):
    monthly = _svgs(_area_page(client, sponsor, "?from=2025-01&to=2025-03"))[1]
    assert "<title>January 2025: 21 joins</title>" in monthly
    assert "<title>March 2025: 2 leaves</title>" in monthly
    # Joins and leaves differ in more than colour: a dashed line with square markers.
    assert 'stroke-dasharray="6 4"' in monthly
    assert monthly.count("<circle") == 3 + 1  # Three months of joins, and the legend.


def test_the_same_numbers_are_in_tables_with_captions_and_headers(client, sponsor, planning_report):
    page = _area_page(client, sponsor, "?from=2025-01&to=2025-03")
    assert '<caption id="communities-caption">Communities in Planning' in page
    assert '<caption id="monthly-caption">Joins and leaves in Planning by month' in page
    assert '<th scope="row">February 2025</th><td class="text-end">0</td>' in page
    assert '<th scope="col" class="text-end">Core share</th>' in page


def test_busier_community_draws_the_longer_bar(client, sponsor, sponsored_area):
    quiet = CommunityFactory(name="Quiet", practice_area=sponsored_area)
    busy = CommunityFactory(name="Busy", practice_area=sponsored_area)
    MembershipFactory(community=quiet)
    for _ in range(4):
        MembershipFactory(community=busy)
    client.force_login(sponsor)
    chart = client.get(reverse("report-area", kwargs={"slug": "planning"})).context["member_chart"]
    widths = {bar.label: bar.wider_width for bar in chart.bars}
    assert widths["Busy"] == pytest.approx(4 * widths["Quiet"])


def test_report_pages_carry_no_inline_styles_or_scripts(client, head, planning_report):
    MembershipFactory(community=planning_report.data, joined_at=datetime(2026, 11, 2, tzinfo=UTC))
    for url in (reverse("report-index"), reverse("report-area", kwargs={"slug": "planning"})):
        page = _page(client, head, url)
        assert " style=" not in page
        assert "<style" not in page
        scripts = re.findall(r"<script\b[^>]*>", page)
        assert all("src=" in tag and "nonce=" not in tag for tag in scripts)


def test_programme_chart_shows_each_area_for_the_head(client, head, planning_report):
    chart = _svgs(_page(client, head, reverse("report-index")))[0]
    assert "Planning: 4 core and 14 wider memberships" in chart
    assert "Human Resources: 5 core and 0 wider memberships" in chart


def test_empty_area_draws_a_chart_that_says_so(client, sponsor, sponsored_area):
    members = _svgs(_area_page(client, sponsor))[0]
    assert "There are no members to show yet." in members


def test_a_members_over_time_chart_follows_the_monthly_table(client, sponsor, planning_report):
    page = _area_page(client, sponsor, "?from=2025-01&to=2025-03")
    (members_over_time,) = [svg for svg in _svgs(page) if "at the end of each month" in svg]

    assert "Active memberships at the end of each month, January 2025 to March 2025" in (
        members_over_time
    )
    core_and_wider = re.findall(r"(\w+ 2025): (\d+) core, (\d+) wider", members_over_time)
    rows = re.findall(
        r'<th scope="row">(\w+ 2025)</th>(?:<td class="text-end">[^<]*</td>){3}'
        r'<td class="text-end">(\d+)</td><td class="text-end">(\d+)</td>',
        page,
    )
    assert len(core_and_wider) == 3
    assert core_and_wider == rows
