"""Projects in a real browser: a core member proposes a project and a wider member joins it;
when its lead leaves the community, a community lead names a new one, who completes it.

Every page is checked with axe (site.check). The project page and its forms are also
photographed at 1280 and 390 px wide (and checked at 320 px for sideways scrolling), as
/tmp/proj_<name>_<width>.png.
"""

import re

import pytest
from django.db import transaction

from activities.models import Project, ProjectMember
from communities.models import Community
from membership import services as membership
from outbox.models import Email
from tests.activity_factories import ProjectFactory
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.e2e

WIDTHS = {1280: 800, 390: 844, 320: 640}


@pytest.fixture
def data_and_insight(programme):
    return Community.objects.get(slug="data-and-insight")


@pytest.fixture
def lena(data_and_insight):
    person = PersonFactory(email="lena@ucl.ac.uk", full_name="Lena Lead")
    MembershipFactory(person=person, community=data_and_insight, kind="core", is_lead=True)
    return person


@pytest.fixture
def carla(data_and_insight):
    person = PersonFactory(email="carla@ucl.ac.uk", full_name="Carla Core")
    MembershipFactory(person=person, community=data_and_insight, kind="core")
    return person


@pytest.fixture
def walter(data_and_insight):
    person = PersonFactory(email="walter@ucl.ac.uk", full_name="Walter Wider")
    MembershipFactory(person=person, community=data_and_insight, kind="wider")
    return person


def photograph(site, name: str) -> None:
    """The page as it is now at each width, checked with axe at each; 320 px (WCAG reflow)
    must not scroll sideways."""
    page = site.page
    for width, height in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"/tmp/proj_{name}_{width}.png", full_page=True)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{page.url} scrolls sideways at {width} px ({scroll} px wide)"
        site.check()
    page.set_viewport_size({"width": 1280, "height": 800})


def message(page) -> str:
    return page.locator(".messages").inner_text()


def test_a_core_member_proposes_a_project_and_a_wider_member_joins_it(
    site, carla, walter, lena, data_and_insight
):
    page = site.page
    site.sign_in_with_cookie(carla)
    site.visit("/communities/data-and-insight/")
    projects = page.locator(".community-projects")
    projects.get_by_role("heading", name="Projects", level=2).wait_for()
    assert "No projects are under way at the moment." in projects.inner_text()
    site.check("community-before")

    projects.get_by_role("link", name="Propose a project").click()
    page.get_by_role("heading", name="Propose a project", level=1).wait_for()
    photograph(site, "propose_form")

    # Nothing typed: the form comes back with what is missing.
    page.get_by_role("button", name="Propose the project").click()
    page.get_by_text("Give the project a title.").wait_for()
    assert "Say what the project sets out to do." in page.get_by_role("main").inner_text()
    assert not Project.objects.exists()
    site.check("propose-errors")

    page.get_by_label("Title").fill("Shared dashboard standards")
    page.get_by_label("Aim").fill(
        "Agree **one way** to build dashboards.\n\n- a template\n- a checklist\n\n"
        "<script>alert('no')</script>"
    )
    page.get_by_role("button", name="Propose the project").click()
    page.wait_for_url(re.compile(r"/projects/\d+/$"))
    assert "“Shared dashboard standards” is proposed, and you lead it." in message(page)
    project = Project.objects.get()
    assert project.lead == carla
    main = page.get_by_role("main")
    assert main.locator("strong", has_text="one way").is_visible()
    assert "<script>alert('no')</script>" in main.inner_text()  # shown as text, never run
    assert "You lead this project." in page.locator(".join-panel").inner_text()
    assert "Manage this project" in main.inner_text()
    site.check("proposed")

    # Walter, a wider member, finds it on the community page and signs in to join.
    page.context.clear_cookies()
    site.visit("/communities/data-and-insight/")
    page.locator(".community-projects").get_by_role(
        "link", name="Shared dashboard standards"
    ).click()
    page.wait_for_url(site.url(f"/projects/{project.pk}/"))
    assert "0 people are taking part" in main.inner_text()
    site.check("project-anonymous")
    page.get_by_role("link", name="Sign in to take part").click()
    page.get_by_label("Email address").fill(walter.email)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(site.url(f"/projects/{project.pk}/"))

    page.get_by_role("button", name="Join the project").click()
    assert "You are taking part in “Shared dashboard standards”." in message(page)
    assert "You have been taking part since" in page.locator(".join-panel").inner_text()
    assert "Walter Wider (you)" in main.inner_text()
    assert ProjectMember.objects.filter(project=project, person=walter).exists()
    photograph(site, "project")

    # /me/ lists it; the community page counts him.
    site.visit("/me/")
    mine = page.locator("section", has=page.locator("#my-projects"))
    assert "Shared dashboard standards" in mine.inner_text()
    assert "Taking part" in mine.inner_text()
    site.check("me")
    site.visit("/communities/data-and-insight/")
    assert (
        "Led by Carla Core · 1 person taking part"
        in page.locator(".community-projects").inner_text()
    )
    site.check("community-after")


def test_a_lead_names_a_new_lead_who_completes_the_project_with_its_outcome(
    site, carla, lena, walter, data_and_insight
):
    page = site.page
    project = ProjectFactory(
        community=data_and_insight, lead=carla, title="Data glossary", active=True
    )
    dana = PersonFactory(email="dana@ucl.ac.uk", full_name="Dana Doer")
    MembershipFactory(person=dana, community=data_and_insight, kind="core")

    # Carla leaves the community: the project needs a lead, and Lena is told.
    with transaction.atomic():
        membership.leave(person=carla, community=data_and_insight)
    project.refresh_from_db()
    assert project.lead is None
    assert Email.objects.filter(kind="project_needs_a_lead", to_address=lena.email).exists()

    site.sign_in_with_cookie(lena)
    site.visit("/communities/data-and-insight/")
    assert "Needs a lead" in page.locator(".community-projects").inner_text()
    site.visit(f"/projects/{project.pk}/")
    assert "Needs a lead." in page.locator(".project-facts").inner_text()
    site.check("needs-a-lead")
    page.get_by_role("link", name=re.compile("^Name a lead")).click()
    page.get_by_role("heading", name="Edit the project", level=1).wait_for()
    photograph(site, "edit_form")
    assert "Walter Wider" not in page.get_by_label("Lead").inner_text()  # wider: not offered
    page.get_by_label("Lead").select_option(label="Dana Doer")
    page.get_by_role("button", name="Save changes").click()
    assert "Dana Doer now leads it, and we have emailed them." in message(page)
    site.check("lead-named")

    # Dana completes it: the form asks for the outcome first.
    page.context.clear_cookies()
    site.sign_in_with_cookie(dana)
    site.visit(f"/projects/{project.pk}/edit/")
    page.get_by_label("Completed").check()
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("completing a project asks for its outcome").wait_for()
    site.check("outcome-missing")
    page.get_by_label("Outcome").fill("A glossary of **120 terms**, now on SharePoint.")
    page.get_by_role("button", name="Save changes").click()
    assert "“Data glossary” is completed. Its outcome is on its page." in message(page)
    main = page.get_by_role("main")
    assert main.locator("strong", has_text="120 terms").is_visible()
    assert "You led this project. It is kept as a completed project" in main.inner_text()
    photograph(site, "completed")
