"""The sponsor and Head of CoPs reports pass axe-core, with charts and data, in Chromium."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from communities.models import Community, PracticeArea
from membership import services
from membership.models import HEAD_OF_COPS_GROUP
from tests.activity_factories import (
    ProjectFactory,
    ProjectMemberFactory,
    ResourceFactory,
    RsvpFactory,
    SessionFactory,
)
from tests.factories import MembershipFactory, PersonFactory

from .test_narrow_screens import NARROW, assert_no_sideways_scroll

pytestmark = pytest.mark.e2e


@pytest.fixture
def head(transactional_db):
    person = PersonFactory(email="daniela@ucl.ac.uk", full_name="Daniela Head")
    person.groups.add(Group.objects.get(name=HEAD_OF_COPS_GROUP))
    person.refresh_from_db()
    return person


@pytest.fixture
def planning_sponsor(programme):
    """Tom Rowson, Planning's sponsor in the seed."""
    return PracticeArea.objects.get(slug="planning").sponsor


@pytest.fixture
def planning_figures(programme):
    """Members in Planning over the last months: joins, leaves, a lead, several departments,
    and a preparing community with interest, so every table and chart has something to draw."""
    now = timezone.now()
    data = Community.objects.get(slug="data-and-insight")
    ppm = Community.objects.get(slug="project-and-programme-management")
    departments = ["Finance", "Estates", "Library", "ISD", "Registry", "Planning"]
    for index in range(18):
        MembershipFactory(
            person=PersonFactory(department=departments[index % len(departments)]),
            community=data if index % 3 else ppm,
            kind="core" if index % 5 == 0 else "wider",
            is_lead=index == 0,
            joined_at=now - timedelta(days=30 * (index % 8) + 3),
        )
    for index in range(4):
        MembershipFactory(
            community=ppm,
            joined_at=now - timedelta(days=200),
            ended_at=now - timedelta(days=20 * index + 5),
        )
    strategy = Community.objects.create(
        name="Strategy and Policy",
        slug="strategy-and-policy",
        practice_area=data.practice_area,
        status=Community.Status.PREPARING,
        summary="Staff who shape strategy and policy.",
    )
    for person in PersonFactory.create_batch(3):
        services.register_interest(person=person, community=strategy)
    # Sessions held: one marked (a waiting list too), one not, so the sessions section draws all.
    for index, community in enumerate([data, ppm, data]):
        starts_at = now - timedelta(days=40 * index + 10)
        session = SessionFactory(
            community=community, starts_at=starts_at, ends_at=starts_at + timedelta(hours=1)
        )
        for mark in [True, True, False] if index < 2 else [None, None]:
            RsvpFactory(session=session, attended=mark)
        if index == 0:
            RsvpFactory(session=session, status="waiting")
    # Projects (active, completed, one needing a lead) and resources (files and links), so
    # the projects and resources section draws its four charts with something in them.
    today = timezone.localdate()
    survey = ProjectFactory(community=data, status="active", started_on=today - timedelta(days=100))
    ProjectMemberFactory.create_batch(2, project=survey)
    ProjectFactory(
        community=data,
        completed=True,
        started_on=today - timedelta(days=150),
        completed_on=today - timedelta(days=40),
    )
    ProjectFactory(community=ppm, status="active", started_on=today - timedelta(days=20), lead=None)
    ProjectFactory(community=ppm)
    for index in range(5):
        ResourceFactory(
            community=data if index % 2 else ppm,
            created_at=now - timedelta(days=35 * index + 2),
            **({"pdf": True} if index % 3 == 0 else {}),
        )


def _open_report(site, path: str, heading: str, *, status: int = 200):
    site.visit(path, status=status)
    site.page.get_by_role("heading", name=heading, level=1).wait_for()


def test_report_index_is_accessible_to_the_head(site, planning_figures, head):
    site.sign_in_with_cookie(head)
    _open_report(site, "/reports/", "Reports")
    assert site.page.get_by_role("heading", name="Programme summary").is_visible()
    assert site.page.locator("svg.report-chart").count() >= 1
    site.check("head")


def test_area_report_with_data_and_charts_is_accessible_to_the_head(site, planning_figures, head):
    site.sign_in_with_cookie(head)
    _open_report(site, "/reports/planning/", "Planning: report")
    main = site.page.get_by_role("main")
    # Members, months, sessions (two), projects (two) and resources (two).
    assert main.locator("svg.report-chart").count() >= 8
    assert main.get_by_role("rowheader", name="Data and Insight").first.is_visible()
    assert main.get_by_text("Attendance not marked for 1 session").is_visible()
    assert main.get_by_text("1 project needs a lead").is_visible()
    site.check("head-planning")


def test_report_index_is_accessible_to_a_sponsor(site, planning_figures, planning_sponsor):
    site.sign_in_with_cookie(planning_sponsor)
    _open_report(site, "/reports/", "Reports")
    assert site.page.get_by_role("main").get_by_role("link", name="Planning").first.is_visible()
    site.check("sponsor")


def test_area_report_is_accessible_to_its_sponsor(site, planning_figures, planning_sponsor):
    site.sign_in_with_cookie(planning_sponsor)
    _open_report(site, "/reports/planning/", "Planning: report")
    site.check("sponsor-planning")


def test_area_report_with_a_bad_month_range_is_accessible(site, planning_figures, head):
    site.sign_in_with_cookie(head)
    _open_report(site, "/reports/planning/?from=2031-01&to=2030-01", "Planning: report")
    site.check("bad-range")


def test_another_areas_report_is_an_accessible_not_found_for_a_sponsor(
    site, planning_figures, planning_sponsor
):
    site.sign_in_with_cookie(planning_sponsor)
    site.visit("/reports/human-resources/", status=404)
    site.page.get_by_role("heading", name="Page not found").wait_for()
    site.check("404")


def test_area_report_reflows_at_320_pixels(site, planning_figures, head):
    site.page.set_viewport_size(NARROW)
    site.sign_in_with_cookie(head)
    for path in ("/reports/", "/reports/planning/"):
        site.visit(path)
        assert_no_sideways_scroll(site.page)
        site.shot(path.strip("/").replace("/", "-"))
