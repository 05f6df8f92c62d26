"""A member of staff's journeys through the portal, in Chromium, with the mouse.

Each step is checked with axe and photographed (test-artifacts/screens/e2e/).
"""

import re

import pytest

from communities.models import Community
from membership.models import Interest, Membership
from tests.factories import PersonFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def nadia(transactional_db):
    return PersonFactory(email="nadia@ucl.ac.uk", full_name="Nadia Newcomer", department="Planning")


def _message(page):
    return page.locator(".messages")


def _menu_link(page, name: str):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def test_new_person_finds_joins_switches_and_leaves(site, programme, nadia):
    page = site.page

    # 1. Sign in through the real form, from the home page.
    site.visit("/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address").fill(nadia.email)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("correct horse battery staple")
    site.check("sign-in-form")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(site.url("/"))
    page.get_by_text("Signed in as").wait_for()
    page.get_by_text("You are not a core member of any community yet").wait_for()
    site.check("1-signed-in-home")

    # Find a community with the three filters.
    _menu_link(page, "Communities").click()
    page.get_by_label("Practice area").select_option(label="Planning")
    page.get_by_label("Status").select_option(label="Launched")
    page.get_by_label("Search communities").fill("data")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"practice_area=planning"))
    assert "status=launched" in page.url
    assert "q=data" in page.url
    main = page.get_by_role("main")
    assert main.get_by_role("link", name="Data and Insight").is_visible()
    assert main.get_by_role("link", name="Project and Programme Management").count() == 0
    assert main.get_by_role("link", name="Events Management").count() == 0
    assert "1 community matches your filters" in page.locator(".result-count").inner_text()
    site.check("1-filtered")

    # Join it as core.
    main.get_by_role("link", name="Data and Insight").click()
    page.get_by_role("heading", name="Data and Insight", level=1).wait_for()
    site.check("1-community")
    page.get_by_role("button", name="Join as a core member of Data and Insight").click()
    assert "You are now a core member of Data and Insight." in _message(page).inner_text()
    panel = page.locator(".join-panel")
    assert "You are a core member of Data and Insight" in panel.inner_text()
    site.check("1-joined-core")

    # 2. Join a second community as core: the confirmation names the current core community.
    _menu_link(page, "Communities").click()
    page.get_by_label("Search communities").fill("events")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("main").get_by_role("link", name="Events Management").click()
    page.get_by_role("button", name="Join as a core member of Events Management").click()
    page.get_by_role(
        "heading", name="You are already a core member of Data and Insight", level=1
    ).wait_for()
    assert Membership.objects.active().filter(person=nadia).count() == 1  # nothing written yet
    site.check("2-confirm-switch")
    page.get_by_role("button", name="Switch and stay a wider member").click()
    message = _message(page).inner_text()
    assert "You are now a core member of Events Management." in message
    assert "You are now a wider member of Data and Insight." in message
    site.check("2-switched")

    # 3. Both on /me/: one core, one wider.
    _menu_link(page, "My communities").click()
    page.wait_for_url(site.url("/me/"))
    core = page.get_by_role("region", name="My core community")
    wider = page.get_by_role("region", name="My wider communities")
    assert core.get_by_role("link", name="Events Management").is_visible()
    assert wider.get_by_role("link", name="Data and Insight").is_visible()
    site.check("3-me-both")

    # Leaving asks first, and the person can stay.
    wider.get_by_role("button", name="Leave Data and Insight").click()
    page.get_by_role("heading", name="Leave Data and Insight?").wait_for()
    site.check("3-confirm-leave")
    assert Membership.objects.active().filter(person=nadia).count() == 2
    page.get_by_role("button", name="Leave Data and Insight").click()
    page.wait_for_url(site.url("/me/"))
    assert "You have left Data and Insight." in _message(page).inner_text()
    wider = page.get_by_role("region", name="My wider communities")
    assert "You are not a wider member of any community." in wider.inner_text()
    assert (
        page.get_by_role("region", name="My core community")
        .get_by_role("link", name="Events Management")
        .is_visible()
    )
    site.check("3-left")

    kept = Membership.objects.get(person=nadia, community__slug="data-and-insight")
    assert kept.ended_at is not None  # history is kept, not deleted


def test_new_person_registers_interest_in_a_preparing_community(site, programme, nadia):
    page = site.page
    site.sign_in(nadia, next_path="/communities/")
    page.wait_for_url(site.url("/communities/"))

    page.get_by_label("Status").select_option(label="Preparations underway")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"status=preparing"))
    main = page.get_by_role("main")
    assert main.get_by_role("link", name="Widening Participation").is_visible()
    assert main.get_by_role("link", name="Data and Insight").count() == 0
    site.check("4-preparing")

    main.get_by_role("link", name="Widening Participation").click()
    assert page.get_by_role("button", name=re.compile("^Join as")).count() == 0
    site.check("4-community")
    page.get_by_role("button", name="Register interest in Widening Participation").click()
    assert "we will email you when Widening Participation launches" in _message(page).inner_text()
    page.get_by_role("button", name="Withdraw interest in Widening Participation").wait_for()
    site.check("4-registered")

    _menu_link(page, "My communities").click()
    interests = page.get_by_role("region", name="Communities I am interested in")
    assert interests.get_by_role("link", name="Widening Participation").is_visible()
    assert "Preparations underway" in interests.inner_text()
    site.check("4-me")

    assert Interest.objects.filter(
        person=nadia, community=Community.objects.get(slug="widening-participation")
    ).exists()
