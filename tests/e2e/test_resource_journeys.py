"""The resource library in a real browser: a member shares a document (after two files the
portal refuses), finds it in the library and downloads it; a lead hides a resource, which then
answers 404 to another member but stays visible to its author.

Every page is checked with axe (site.check). The library, the resource page and the form are
also photographed at 1280 and 390 px wide (and checked at 320 px for sideways scrolling), as
/tmp/res_<name>_<width>.png.
"""

import re
from pathlib import Path

import pytest

from activities.models import Resource
from communities.models import Community
from tests import sample_files
from tests.activity_factories import ResourceFactory
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
        page.screenshot(path=f"/tmp/res_{name}_{width}.png", full_page=True)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{page.url} scrolls sideways at {width} px ({scroll} px wide)"
        site.check()
    page.set_viewport_size({"width": 1280, "height": 800})


def message(page) -> str:
    return page.locator(".messages").inner_text()


def choose_file(page, name: str, content: bytes, mime: str) -> None:
    page.get_by_label("File", exact=True).set_input_files(
        {"name": name, "mimeType": mime, "buffer": content}
    )


def test_a_member_shares_a_document(site, walter, lena, data_and_insight):
    page = site.page
    ResourceFactory(
        community=data_and_insight,
        author=lena,
        title="Data quality rules of thumb",
        kind="experience",
    ).tags.create(name="data quality")
    site.sign_in_with_cookie(walter)
    site.visit("/communities/data-and-insight/")
    section = page.locator(".community-resources")
    section.get_by_role("heading", name="Resources", level=2).wait_for()
    assert "Data quality rules of thumb" in section.inner_text()
    site.check("community-before")

    section.get_by_role("link", name="Add a resource").click()
    page.get_by_role("heading", name="Add a resource", level=1).wait_for()
    photograph(site, "form")

    # A program renamed .pdf: refused, with the reason on the file field.
    page.get_by_label("Title").fill("Month-end checklist")
    page.get_by_label("Kind").select_option("tool")
    page.get_by_label("Description").fill("The steps we follow, **in order**.\n\n- reconcile")
    page.get_by_label("Tags").fill("month end, Checklists")
    choose_file(page, "Invoice.pdf", sample_files.windows_program(), "application/pdf")
    page.get_by_role("button", name="Add to the library").click()
    page.get_by_text("“Invoice.pdf” is a Windows program (.exe or .dll)").wait_for()
    assert "Choose the file again" in page.locator(".alert-danger").inner_text()
    assert page.get_by_label("Title").input_value() == "Month-end checklist"
    site.check("refused-program")

    # An SVG named .txt: refused as markup.
    choose_file(page, "notes.txt", sample_files.SVG_IMAGE, "text/plain")
    page.get_by_role("button", name="Add to the library").click()
    page.get_by_text("“notes.txt” holds web-page markup (HTML, SVG or XML)").wait_for()
    site.check("refused-markup")
    assert not Resource.objects.filter(title="Month-end checklist").exists()

    # The real PDF.
    choose_file(page, "Month-end checklist.pdf", sample_files.pdf(), "application/pdf")
    page.get_by_role("button", name="Add to the library").click()
    page.wait_for_url(re.compile(r"/resources/\d+/$"))
    assert "“Month-end checklist” is in the Data and Insight library." in message(page)
    main = page.get_by_role("main")
    assert main.locator("strong", has_text="in order").is_visible()
    assert "Month-end checklist.pdf" in main.inner_text()
    assert "(PDF, " in main.inner_text()
    photograph(site, "resource_page")

    with page.expect_download() as downloading:
        main.get_by_role("link", name=re.compile("^Download")).click()
    download = downloading.value
    assert download.suggested_filename == "Month-end checklist.pdf"
    assert Path(download.path()).read_bytes() == sample_files.pdf()

    # The library finds it by tag, kind and text.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Resources").click()
    page.get_by_role("heading", name="Data and Insight: resources", level=1).wait_for()
    results = page.locator(".resource-results")
    assert results.get_by_role("link", name="Month-end checklist").is_visible()
    photograph(site, "library")
    page.get_by_role("navigation", name="Popular tags").get_by_role(
        "link", name=re.compile("^checklists")
    ).click()
    page.wait_for_url(re.compile(r"tag=checklists"))
    assert page.locator(".result-count").inner_text() == "1 resource matches your search."
    site.check("library-tag")
    page.get_by_role("link", name="Clear the search", exact=True).click()
    page.get_by_label("Search", exact=True).fill("rules of thumb")
    page.get_by_label("Kind").select_option("experience")
    page.get_by_role("button", name="Search").click()
    assert results.get_by_role("link").first.inner_text() == "Data quality rules of thumb"
    site.check("library-search")

    # Programme-wide.
    page.get_by_role("link", name="Search every community's resources").click()
    page.get_by_role("heading", name="Resources from every community", level=1).wait_for()
    assert page.get_by_role("link", name="Month-end checklist").is_visible()
    photograph(site, "all_resources")


def test_a_lead_hides_a_resource(site, walter, lena, carla, data_and_insight):
    page = site.page
    resource = ResourceFactory(
        community=data_and_insight, author=walter, pdf=True, title="Salary bands 2025 (draft)"
    )
    site.sign_in_with_cookie(lena)
    site.visit(f"/resources/{resource.pk}/")
    page.get_by_role("heading", name="Manage this resource", level=2).wait_for()
    site.check("before-hiding")

    page.get_by_role("button", name="Hide from the library").click()
    page.get_by_text("is hidden. Only its author").wait_for()
    assert page.locator(".page-heading").get_by_text("Hidden").is_visible()
    assert "This resource is hidden." in page.get_by_role("main").inner_text()
    site.check("hidden")
    resource.refresh_from_db()
    assert resource.hidden

    # Another member: gone from the library, and its page and file are 404.
    site.sign_in_with_cookie(carla)
    site.visit("/communities/data-and-insight/resources/")
    assert "Salary bands" not in page.get_by_role("main").inner_text()
    site.check("library-without-it")
    site.visit(f"/resources/{resource.pk}/", status=404)
    page.get_by_role("heading", name="Page not found").wait_for()
    site.check("not-found")

    # Its author still sees it, and why nobody else does.
    site.sign_in_with_cookie(walter)
    site.visit(f"/resources/{resource.pk}/")
    assert (
        "Only you (you shared it), the leads of Data and Insight"
        in page.get_by_role("main").inner_text()
    )
    site.check("author-sees-it")

    # The lead shows it again.
    site.sign_in_with_cookie(lena)
    site.visit(f"/resources/{resource.pk}/")
    page.get_by_role("button", name="Show it again").click()
    assert "is back in the library for everyone" in message(page)
    site.check("shown-again")
