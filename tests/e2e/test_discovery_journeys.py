"""Finding the right community, in a real browser: a new member is pointed to a community by
/find/ and joins it; a signed-in member sees their own home page; anyone searches the portal.

Every page is checked with axe (site.check). /find/'s results, /search/ and the signed-in home
are also photographed at 1280 and 390 px wide, as /tmp/disc_<name>_<width>.png, and must not
scroll sideways at either width.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from communities.models import Community
from membership.models import Membership
from tests.activity_factories import (
    AnnouncementFactory,
    ResourceFactory,
    RsvpFactory,
    SessionFactory,
)
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.e2e

WIDTHS = {1280: 800, 390: 844}


def photograph(site, name: str) -> None:
    """The page as it is now at each width, checked with axe at each."""
    page = site.page
    for width, height in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"/tmp/disc_{name}_{width}.png", full_page=True)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{page.url} scrolls sideways at {width} px ({scroll} px wide)"
        site.check()
    page.set_viewport_size({"width": 1280, "height": 800})


@pytest.fixture
def seed(programme):
    return {c.slug: c for c in Community.objects.all()}


@pytest.fixture
def colleagues(seed):
    """Finance people in Data and Insight (3 core) and Events Management (1 wider); sessions
    coming up in Data and Insight."""
    for _ in range(3):
        MembershipFactory(
            community=seed["data-and-insight"], kind="core", person__department="Finance"
        )
    MembershipFactory(community=seed["events-management"], person__department="Finance")
    SessionFactory(community=seed["data-and-insight"], title="Power BI: first steps")


def test_a_new_member_finds_a_community_through_find_and_joins_it(site, seed, colleagues):
    page = site.page
    nadia = PersonFactory(
        email="nadia@ucl.ac.uk",
        full_name="Nadia Newcomer",
        department="Finance",
        job_title="Management accountant",
    )

    # Her home page gives one clear first step.
    site.sign_in(nadia, next_path="/")
    first_step = page.get_by_role("region", name="Your first step: find your community")
    first_step.wait_for()
    site.check("home-first-step")
    first_step.get_by_role("link", name="Find a community that fits me").click()

    # The form knows her department and job title; she adds what she wants and a topic.
    page.get_by_role("heading", name="Which community fits me?", level=1).wait_for()
    assert page.get_by_label("Your department").input_value() == "Finance"
    assert page.get_by_label("Your job title, or what you do").input_value() == (
        "Management accountant"
    )
    site.check("find-form")
    page.get_by_label("Learn from others").check()
    page.get_by_label("A few topics you care about").fill("data dashboards")
    page.get_by_role("button", name="Suggest communities").click()
    page.wait_for_url(re.compile(r"/find/\?"))

    # Data and Insight comes first, with its reasons in words.
    results = page.locator(".find-results")
    results.get_by_role("heading", name=re.compile(r"communit(y fits|ies fit) you")).wait_for()
    first = results.locator(".suggestion").first
    assert first.get_by_role("heading", level=3).inner_text() == "Data and Insight"
    reasons = first.locator(".suggestion-reasons").inner_text()
    assert "Matches “data”" in reasons
    assert "3 people in your department are core members here" in reasons
    assert "1 session coming up" in reasons
    photograph(site, "find_results")

    # She opens it and joins as a core member.
    first.get_by_role("link", name="Data and Insight").click()
    page.get_by_role("heading", name="Data and Insight", level=1).wait_for()
    page.get_by_role("button", name="Join as a core member of Data and Insight").click()
    assert (
        "You are now a core member of Data and Insight." in page.locator(".messages").inner_text()
    )
    assert Membership.objects.active().filter(person=nadia, kind="core").count() == 1
    site.check("joined")

    # Home now lists it, and no longer shows the first step.
    site.visit("/")
    mine = page.get_by_role("region", name="Your communities", exact=True)
    mine.get_by_role("link", name="Data and Insight").wait_for()
    assert "Core member" in mine.inner_text()
    assert page.get_by_role("region", name="Your first step: find your community").count() == 0
    site.check("home-after-joining")


def test_a_signed_in_member_sees_their_home(site, seed):
    page = site.page
    data, events = seed["data-and-insight"], seed["events-management"]
    lena = PersonFactory(
        email="lena@ucl.ac.uk",
        full_name="Lena Lead",
        department="Finance",
        job_title="Data analyst",
        last_login=timezone.now() - timedelta(days=3),
    )
    MembershipFactory(person=lena, community=data, kind="core", is_lead=True)
    MembershipFactory(person=lena, community=events, kind="wider")
    MembershipFactory(
        community=seed["internal-communications"], kind="core", person__department="Finance"
    )
    RsvpFactory(person=lena, session=SessionFactory(community=data, title="Power BI: first steps"))
    AnnouncementFactory(
        community=data,
        subject="Dashboard standard agreed",
        created_at=timezone.now() - timedelta(days=1),
    )
    ResourceFactory(
        community=events,
        title="Venue booking checklist",
        kind="tool",
        created_at=timezone.now() - timedelta(days=2),
    )
    AnnouncementFactory(
        community=data,
        subject="Before her last visit",
        created_at=timezone.now() - timedelta(days=9),
    )

    site.sign_in(lena, next_path="/")
    page.get_by_role("heading", name="Welcome, Lena", level=1).wait_for()

    mine = page.get_by_role("region", name="Your communities", exact=True).inner_text()
    for words in ("Data and Insight", "Lead", "Wider member"):
        assert words in mine
    news = page.get_by_role("region", name="New since you last signed in").inner_text()
    assert "Dashboard standard agreed" in news
    assert "Venue booking checklist" in news
    assert "Before her last visit" not in news
    sessions = page.get_by_role("region", name="Your upcoming sessions").inner_text()
    assert "Power BI: first steps" in sessions
    assert "Going" in sessions
    suggested = page.get_by_role("region", name="Suggested for you")
    assert suggested.locator(".suggestion").count() >= 1
    assert "in your department" in suggested.inner_text()
    photograph(site, "home_signed_in")

    # The news links to the resource.
    page.get_by_role("link", name="Venue booking checklist").click()
    page.get_by_role("heading", name="Venue booking checklist", level=1).wait_for()
    site.check("resource-from-home")


def test_searching_the_portal(site, seed):
    page = site.page
    data = seed["data-and-insight"]
    Community.objects.filter(pk=data.pk).update(
        description="We share **analytics** practice: dashboards, surveys and reporting."
    )
    SessionFactory(community=data, title="Analytics clinic")
    ResourceFactory(community=data, title="Analytics glossary", kind="document")
    ResourceFactory(community=data, title="Analytics secrets", hidden=True)

    # A visitor finds communities and sessions, and is told resources need signing in.
    site.visit("/search/")
    page.get_by_label("Search communities and sessions").fill("analytics")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"/search/\?q=analytics"))
    found = page.get_by_role("region", name=re.compile("^Communities"))
    found.get_by_role("link", name="Data and Insight").wait_for()
    sessions = page.get_by_role("region", name=re.compile("^Upcoming sessions"))
    assert "Analytics clinic" in sessions.inner_text()
    assert "Analytics glossary" not in page.locator("main").inner_text()
    photograph(site, "search_visitor")

    # Words, not letters: HR finds Human Resources' community.
    site.visit("/search/?q=HR")
    page.get_by_role("link", name="Appraisals and inductions").wait_for()
    assert page.get_by_role("link", name="Events Management").count() == 0
    site.check("search-hr")

    # Signed in, resources appear too; hidden ones never.
    site.sign_in_with_cookie(PersonFactory(email="rita@ucl.ac.uk", full_name="Rita Reader"))
    site.visit("/search/?q=analytics")
    resources = page.get_by_role("region", name=re.compile("^Resources")).inner_text()
    assert "Analytics glossary" in resources
    assert "Analytics secrets" not in resources
    photograph(site, "search_signed_in")
