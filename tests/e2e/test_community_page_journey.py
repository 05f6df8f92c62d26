"""A newcomer reads a community's page from top to bottom on a phone, 375 px wide, then looks at
who the members are, writes to the leads and joins.

Every page is checked with axe (site.check) and for sideways scrolling; the page's headings must
go down one level at a time. The community page and the directory are also photographed at 1280
and 375 px wide, as /tmp/community_<name>_<width>.png.
"""

import itertools
import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from communities.models import Community
from membership.models import Membership
from outbox.models import Email
from tests.activity_factories import (
    AnnouncementFactory,
    ProjectFactory,
    ProjectMemberFactory,
    ResourceFactory,
    RsvpFactory,
    SessionFactory,
)
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}

# Each heading in <main>, in document order, as [level, text].
_HEADINGS = """() => {
  const headings = document.querySelectorAll(
    "main h1, main h2, main h3, main h4, main h5, main h6"
  );
  return Array.from(headings).map(
    h => [Number(h.tagName[1]), h.textContent.trim().replace(/\\s+/g, " ")]
  );
}"""

_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const rect = el.getBoundingClientRect();
    if (rect.right > width + 0.5 && rect.width > 0) {
      wide.push(el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 8)};
}"""


def lunchtime(days: int):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(12, 30)))


@pytest.fixture
def data_and_insight(programme):
    community = Community.objects.get(slug="data-and-insight")
    community.description = (
        "Staff across UCL who turn data into decisions: **analysts**, report writers and "
        "anyone who looks after a dashboard.\n\n"
        "We share what works, review each other's reports and agree common standards."
    )
    community.how_we_meet = (
        "- A lunch and learn each month, in person and on Teams\n"
        "- A show-and-tell of new dashboards each term"
    )
    community.online_space_url = "https://teams.microsoft.com/l/team/data-and-insight"
    community.save()
    return community


@pytest.fixture
def practice(data_and_insight):
    """Two leads (one hidden from lists), members, sessions, projects, resources and news."""
    community = data_and_insight
    lena = PersonFactory(
        full_name="Lena Lead", email="lena@ucl.ac.uk", job_title="Head of Business Intelligence"
    )
    leo = PersonFactory(
        full_name="Leo Lead",
        email="leo@ucl.ac.uk",
        job_title="Data Architect",
        hidden_from_lists=True,
    )
    for lead in (lena, leo):
        MembershipFactory(person=lead, community=community, kind="core", is_lead=True)
    members = PersonFactory.create_batch(6, department="Strategic Planning")
    for n, person in enumerate(members):
        MembershipFactory(person=person, community=community, kind="core" if n < 2 else "wider")
    session = SessionFactory(
        community=community,
        title="Power BI measures without tears",
        host=lena,
        starts_at=lunchtime(5),
        ends_at=lunchtime(5) + timedelta(hours=1),
        capacity=20,
    )
    RsvpFactory.create_batch(3, session=session)
    SessionFactory(
        community=community,
        title="Show and tell: the admissions dashboard",
        host=lena,
        starts_at=lunchtime(12),
        ends_at=lunchtime(12) + timedelta(hours=1),
    )
    project = ProjectFactory(
        community=community, title="One standard for dashboard colours", lead=lena, active=True
    )
    ProjectMemberFactory.create_batch(2, project=project, person__department="Finance")
    ResourceFactory(
        community=community,
        title="Checklist before publishing a report",
        author=lena,
        kind="tool",
    )
    ResourceFactory(
        community=community,
        title="How Finance cut month-end reporting from five days to two",
        author=members[0],
        kind="story",
    )
    AnnouncementFactory(
        community=community,
        author=lena,
        subject="Call for show-and-tell speakers",
        body="Have a dashboard to show? **Reply** to this email.",
    )
    return lena


@pytest.fixture
def newcomer(db):
    return PersonFactory(
        full_name="Nia Newcomer",
        email="nia@ucl.ac.uk",
        job_title="Planning Analyst",
        department="Strategic Planning",
    )


def assert_fits(page) -> None:
    layout = page.evaluate(_OVERFLOW)
    width = page.viewport_size["width"]
    assert layout["scrollWidth"] <= width, (
        f"{page.url} scrolls sideways at {width} px: {layout['scrollWidth']} px wide; "
        f"too wide: {layout['wide']}"
    )


def assert_headings_in_order(page) -> list[str]:
    headings = page.evaluate(_HEADINGS)
    assert headings, "the page has no headings"
    assert headings[0][0] == 1, f"the page does not start with its h1: {headings}"
    for (before, _), (level, text) in itertools.pairwise(headings):
        assert level <= before + 1, f"“{text}” (h{level}) skips a level after an h{before}"
    return [text for level, text in headings if level == 2]


def photograph(site, name: str) -> None:
    """The page at 1280 and 375 px, each checked with axe and for sideways scrolling."""
    page = site.page
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.screenshot(path=f"/tmp/community_{name}_{size['width']}.png", full_page=True)
        assert_fits(page)
        site.check()
    page.set_viewport_size(PHONE)


def test_a_newcomer_reads_a_community_page_from_top_to_bottom_on_a_phone(
    site, practice, newcomer, data_and_insight
):
    page = site.page
    page.set_viewport_size(PHONE)
    site.sign_in_with_cookie(newcomer)
    site.visit("/communities/data-and-insight/")
    main = page.get_by_role("main")

    # Top to bottom: the sections come in the order a newcomer needs them.
    sections = assert_headings_in_order(page)
    assert sections == [
        "About",
        "Leads",
        "Members",
        "Join this community",
        "Sessions",
        "Projects",
        "Resources",
        "Announcements",
    ]
    assert_fits(page)
    site.check("phone-top")

    about = page.locator(".community-about")
    assert about.locator("strong", has_text="analysts").is_visible()
    assert about.get_by_role("heading", name="How we meet", level=3).is_visible()
    assert "A lunch and learn each month" in about.inner_text()
    space = about.get_by_role("link", name=re.compile("Teams or SharePoint space"))
    assert space.get_attribute("href") == "https://teams.microsoft.com/l/team/data-and-insight"

    # Leads are named, even one hidden from lists, and no address is on the page.
    leads = page.locator(".community-leads")
    leads.scroll_into_view_if_needed()
    assert "Lena Lead" in leads.inner_text()
    assert "Head of Business Intelligence" in leads.inner_text()
    assert "Leo Lead" in leads.inner_text()
    assert "@ucl.ac.uk" not in main.inner_text()
    site.shot("phone-leads")

    members = page.locator(".community-members")
    assert "8 members: 4 core, 4 wider" in " ".join(members.inner_text().split())

    for selector, text in [
        (".community-sessions", "Power BI measures without tears"),
        (".community-projects", "One standard for dashboard colours"),
        (".community-resources", "Checklist before publishing a report"),
        (".community-announcements", "Call for show-and-tell speakers"),
    ]:
        section = page.locator(selector)
        section.scroll_into_view_if_needed()
        assert text in section.inner_text(), selector
    site.shot("phone-bottom")
    photograph(site, "page")

    # Who are the members? The directory: leads first, the hidden lead left out but counted.
    members.get_by_role("link", name=re.compile("See who the members are")).click()
    page.get_by_role("heading", name="Members of Data and Insight", level=1).wait_for()
    directory = main.inner_text()
    assert "8 members: 4 core and 4 wider." in directory
    assert "1 of them is not listed here, at their own request." in directory
    assert "Leo Lead" not in directory
    assert page.locator(".directory-name").first.inner_text() == "Lena Lead"
    assert "@ucl.ac.uk" not in directory
    assert "Download as CSV" not in directory
    assert_headings_in_order(page)
    photograph(site, "directory")
    page.get_by_label("Search by name").fill("lena")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=lena"))
    assert "1 member matches “lena”." in main.inner_text()
    site.check("directory-search")

    # Back on the page: a question for the leads, relayed without showing an address.
    site.visit("/communities/data-and-insight/")
    page.locator(".contact-leads summary").click()
    page.get_by_role("button", name="Send to the leads").click()
    page.get_by_text("Write a message to the leads.").first.wait_for()
    site.check("contact-error")
    page.get_by_label("Your message").fill("Hello! Is the next lunch and learn for beginners?")
    page.get_by_role("button", name="Send to the leads").click()
    page.wait_for_url(site.url("/communities/data-and-insight/"))
    assert "Your message is on its way" in page.locator(".messages").inner_text()
    relayed = Email.objects.filter(kind="leads_contacted")
    assert sorted(email.to_address for email in relayed) == ["lena@ucl.ac.uk", "leo@ucl.ac.uk"]
    assert all(email.reply_to == ["nia@ucl.ac.uk"] for email in relayed)
    site.check("contact-sent")

    # She joins as a wider member and is welcomed by email.
    page.get_by_role("button", name="Join as a wider member of Data and Insight").click()
    assert (
        "You are now a wider member of Data and Insight." in page.locator(".messages").inner_text()
    )
    assert Membership.objects.active().filter(person=newcomer, kind="wider").exists()
    welcome = Email.objects.get(kind="welcome", to_address="nia@ucl.ac.uk")
    assert "Lena Lead and Leo Lead" in welcome.body_text
    assert_fits(page)
    site.check("joined")


def test_a_community_in_preparation_shows_interest_instead_of_members(site, programme, newcomer):
    page = site.page
    page.set_viewport_size(PHONE)
    site.sign_in_with_cookie(newcomer)

    site.visit("/communities/?status=preparing")
    card = page.locator(".community-card").first
    assert "registered interest" in card.inner_text()
    assert "core member" not in card.inner_text()
    assert_fits(page)
    site.check("preparing-list")

    card.get_by_role("link").first.click()
    members = page.locator(".community-members")
    assert "registered interest so far" in members.inner_text()
    assert "core" not in members.inner_text()
    assert_headings_in_order(page)
    assert_fits(page)
    site.check("preparing-page")


def test_a_lead_edits_the_page_and_a_javascript_link_is_refused(site, practice, data_and_insight):
    page = site.page
    page.set_viewport_size(PHONE)
    site.sign_in_with_cookie(practice)
    site.visit("/communities/data-and-insight/")
    page.get_by_role("link", name=re.compile("^Edit the page")).click()
    page.get_by_role("heading", name="Edit the page of Data and Insight", level=1).wait_for()
    assert_fits(page)
    site.check("edit-form")

    page.get_by_label("How we meet").fill("Every **second Tuesday**, 12:30, on Teams.")
    page.get_by_label("Teams or SharePoint link").fill("javascript:alert(document.cookie)")
    page.get_by_role("button", name="Save the page").click()
    page.get_by_text("Enter a web address that starts with https:// (or http://).").wait_for()
    assert_fits(page)
    site.check("edit-refused")

    page.get_by_label("Teams or SharePoint link").fill("https://ucl.sharepoint.com/sites/dai")
    page.get_by_role("button", name="Save the page").click()
    page.wait_for_url(site.url("/communities/data-and-insight/"))
    assert "The page of Data and Insight is saved." in page.locator(".messages").inner_text()
    about = page.locator(".community-about")
    assert about.locator("strong", has_text="second Tuesday").is_visible()
    space = about.get_by_role("link", name=re.compile("Teams or SharePoint space"))
    assert space.get_attribute("href") == "https://ucl.sharepoint.com/sites/dai"
    site.check("edit-saved")
