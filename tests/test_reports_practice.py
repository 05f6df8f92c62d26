"""An area's report counts its communities' projects, active and completed, and the resources
they added, by month and per community, each chart beside a table of its numbers."""

import re
from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .activity_factories import ProjectFactory, ProjectMemberFactory, ResourceFactory
from .factories import PersonFactory
from .test_reports_queries import AREA_MAX_QUERIES

pytestmark = pytest.mark.django_db

MONTHS = "?from=2025-01&to=2025-04"


def day(month: int, day: int, year: int = 2025) -> date:
    return date(year, month, day)


def at(month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def practice(planning_report):
    """Planning's projects and resources around January to April 2025, and Human Resources'.

    Data and Insight: "Standards", started 10 December 2024 and completed 15 February; "Survey",
    active since 20 January; "Glossary", proposed; "Mentoring", active since 3 March, whose
    lead left (it needs a lead). A file added on 31 January at 23:30 UTC (still January in
    London), a link on 10 February, a link hidden by a lead on 11 February, a file on 31 March
    at 23:30 UTC (1 April in London) and a link from December 2024.
    Old Practice (now closed): a project started 5 January and completed 25 January; a link
    on 20 February.
    Business Analysis: a project completed on 10 March straight from proposed (no start).
    Project and Programme Management: a project completed in November 2024 only.
    Appraisals and inductions (Human Resources): an active project and a file: never counted.
    """
    p = planning_report
    ProjectFactory(
        community=p.data,
        title="Standards",
        completed=True,
        started_on=day(12, 10, 2024),
        completed_on=day(2, 15),
    )
    survey = ProjectFactory(
        community=p.data, title="Survey", status="active", started_on=day(1, 20)
    )
    ProjectMemberFactory.create_batch(3, project=survey)
    ProjectFactory(community=p.data, title="Glossary")
    ProjectFactory(
        community=p.data, title="Mentoring", status="active", started_on=day(3, 3), lead=None
    )
    ResourceFactory(community=p.data, pdf=True, created_at=at(1, 31, 23, 30))
    ResourceFactory(community=p.data, created_at=at(2, 10))
    ResourceFactory(community=p.data, created_at=at(2, 11), hidden=True)
    ResourceFactory(community=p.data, pdf=True, created_at=at(3, 31, 23, 30))
    ResourceFactory(community=p.data, created_at=datetime(2024, 12, 5, 10, tzinfo=UTC))
    ProjectFactory(community=p.old, completed=True, started_on=day(1, 5), completed_on=day(1, 25))
    ResourceFactory(community=p.old, created_at=at(2, 20))
    ProjectFactory(community=p.analysis, completed=True, started_on=None, completed_on=day(3, 10))
    ProjectFactory(
        community=p.ppm, completed=True, started_on=day(6, 1, 2024), completed_on=day(11, 1, 2024)
    )
    ProjectFactory(community=p.appraisals, status="active", started_on=day(1, 6))
    ResourceFactory(community=p.appraisals, pdf=True, created_at=at(1, 7))
    return p


def _report(client, person, query=MONTHS, slug="planning"):
    client.force_login(person)
    response = client.get(reverse("report-area", kwargs={"slug": slug}) + query)
    assert response.status_code == 200
    return response


def _svgs(page: str) -> dict[str, str]:
    return {
        re.search(r'<title id="([^"]+)-title">', svg).group(1): svg
        for svg in re.findall(r"<svg\b.*?</svg>", page, flags=re.DOTALL)
    }


def test_projects_count_in_the_months_they_were_active_and_completed(client, sponsor, practice):
    monthly = _report(client, sponsor).context["practice"].monthly

    by_month = {row.label: (row.started, row.completed, row.active_at_end) for row in monthly}
    assert by_month == {
        "January 2025": (2, 1, 2),  # Survey and Old Practice's started; Old Practice's done.
        "February 2025": (0, 1, 1),  # Standards completed; Survey still going.
        "March 2025": (1, 1, 2),  # Mentoring started; Business Analysis' completed.
        "April 2025": (0, 0, 2),
    }


def test_resources_count_in_the_london_month_they_were_added_and_not_when_hidden(
    client, sponsor, practice
):
    monthly = _report(client, sponsor).context["practice"].monthly

    by_month = {row.label: (row.files, row.links) for row in monthly}
    assert by_month == {
        "January 2025": (1, 0),
        "February 2025": (0, 2),  # Data and Insight's and Old Practice's; not the hidden one.
        "March 2025": (0, 0),
        "April 2025": (1, 0),  # 23:30 UTC on 31 March is 00:30 BST on 1 April.
    }


def test_each_community_shows_its_projects_now_and_what_it_completed_and_added(
    client, sponsor, practice
):
    practice = _report(client, sponsor).context["practice"]
    rows = {row.name: row for row in practice.communities}

    # Launched communities, and the closed one with history; not the empty preparing one.
    assert list(rows) == [
        "Business Analysis",
        "Data and Insight",
        "Old Practice",
        "Project and Programme Management",
    ]
    data = rows["Data and Insight"]
    assert (data.proposed, data.active, data.needing_a_lead, data.completed) == (1, 2, 1, 1)
    assert (data.files, data.links, data.in_library) == (2, 1, 4)
    assert rows["Business Analysis"].completed == 1
    assert rows["Project and Programme Management"].completed == 0  # November 2024.
    assert (rows["Old Practice"].completed, rows["Old Practice"].in_library) == (1, 1)
    assert (practice.active, practice.proposed, practice.needing_a_lead) == (2, 1, 1)
    assert (practice.started, practice.completed) == (3, 3)
    assert (practice.files, practice.links, practice.in_library) == (2, 2, 5)


def test_the_report_sums_the_section_up_and_says_which_projects_need_a_lead(
    client, sponsor, practice
):
    page = _report(client, sponsor).text

    assert "2 projects active now and 1 proposed; 3 started and 3 completed in these months." in (
        page
    )
    assert "4 resources added (2 uploaded, 2 linked); 5 in the libraries now." in page
    assert "1 project needs a lead</strong>: Data and Insight (1)." in page


def test_each_chart_states_its_numbers_and_has_a_table(client, sponsor, practice):
    page = _report(client, sponsor).text
    svgs = _svgs(page)

    projects = svgs["projects-monthly"]
    assert "Projects active per month, January 2025 to April 2025" in projects
    assert "In total 3 projects started and 3 completed." in projects
    assert (
        "<title>January 2025: 3 projects active, 2 still active at its end and 1 completed"
        "</title>" in projects
    )
    assert "Active at month end" in projects  # The legend: solid, and hatched for completed.
    assert 'fill="url(#projects-monthly-hatch)"' in projects
    per_community = svgs["projects-communities"]
    assert "Data and Insight: 2 active and 1 completed projects" in per_community
    assert "2 active, 1 completed" in per_community  # The numbers after the bar.
    resources = svgs["resources-monthly"]
    assert "In total 4 resources added. Most: 2 in February 2025." in resources
    assert "<title>April 2025: 1 resource added, 1 uploaded and 0 linked</title>" in resources
    assert "Data and Insight: 2 uploaded and 1 linked resources" in svgs["resources-communities"]
    for caption in (
        "projects-monthly-caption",
        "projects-communities-caption",
        "resources-monthly-caption",
        "resources-communities-caption",
    ):
        assert f'<caption id="{caption}">' in page
        assert f'aria-labelledby="{caption}"' in page
    assert (
        '<th scope="row">January 2025</th><td class="text-end">2</td><td class="text-end">1</td>'
        '<td class="text-end">2</td></tr>' in page
    )


def test_a_sponsor_sees_only_their_own_area_s_projects(client, other_staff, practice):
    own = _report(client, other_staff, slug="human-resources").context["practice"]

    assert [(row.name, row.active, row.files) for row in own.communities] == [
        ("Appraisals and inductions", 1, 1)
    ]


def test_an_area_with_nothing_yet_draws_charts_that_say_so(client, sponsor, sponsored_area):
    page = _report(client, sponsor).text
    svgs = _svgs(page)

    assert "There are no projects to show yet." in svgs["projects-communities"]
    assert "In total 0 resources added." in svgs["resources-monthly"]
    assert "No launched communities, and no projects." in page


def test_the_section_costs_the_same_queries_however_much_the_communities_made(
    client, head, practice, django_assert_max_num_queries
):
    client.force_login(head)
    url = reverse("report-area", kwargs={"slug": "planning"}) + MONTHS
    cache.clear()  # Count the footer's contact every time, as on a cold cache.
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for month in range(1, 5):
        for community in (practice.data, practice.ppm, practice.analysis):
            project = ProjectFactory(
                community=community,
                status="active",
                started_on=day(month, 2),
                lead=PersonFactory(),
            )
            ProjectMemberFactory.create_batch(4, project=project)
            ProjectFactory(
                community=community, completed=True, started_on=None, completed_on=day(month, 9)
            )
            ResourceFactory.create_batch(3, community=community, created_at=at(month, 12))

    cache.clear()
    with django_assert_max_num_queries(AREA_MAX_QUERIES):
        response = client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert response.context["practice"].completed == 3 + 12
    assert response.context["practice"].resources == 4 + 36
    assert len(many) == len(few)
