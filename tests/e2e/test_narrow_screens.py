"""At 320 CSS pixels wide (WCAG 1.4.10 Reflow) no page scrolls sideways and the menu works."""

import pytest

from communities.models import Community
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.e2e

NARROW = {"width": 320, "height": 640}

MAIN_PAGES = [
    "/",
    "/communities/",
    "/communities/?practice_area=planning&status=launched&q=data",
    "/communities/data-and-insight/",
    "/communities/widening-participation/",
    "/membership/",
    "/about/",
    "/accessibility/",
    "/accounts/login/",
    "/accounts/password_reset/",
]

SIGNED_IN_PAGES = [
    "/",
    "/communities/",
    "/communities/data-and-insight/",
    "/communities/events-management/",
    "/me/",
]

# Which elements stick out past the right edge, for a useful failure message.
_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const rect = el.getBoundingClientRect();
    if (rect.right > width + 0.5 && rect.width > 0) {
      const classes = typeof el.className === "string" ? el.className.trim() : "";
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (classes ? "." + classes.split(/\\s+/).join(".") : "");
      wide.push(`${name} (right edge ${Math.round(rect.right)} px)`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 10)};
}"""


def assert_no_sideways_scroll(page) -> None:
    layout = page.evaluate(_OVERFLOW)
    assert layout["scrollWidth"] <= NARROW["width"], (
        f"{page.url} scrolls sideways at {NARROW['width']} px: scrollWidth "
        f"{layout['scrollWidth']}; too wide: {layout['wide']}"
    )


def assert_menu_usable(page) -> None:
    """Every link in the main navigation can be seen and reached at this width. If the menu
    ever collapses behind a toggle, the toggle must open it."""
    nav = page.get_by_role("navigation", name="Main")
    toggle = nav.locator("summary")
    if toggle.count() and toggle.is_visible():
        if nav.locator("details[open]").count() == 0:
            toggle.click()
        assert nav.locator("details[open]").count() == 1, "the Menu button did not open the menu"
    links = nav.get_by_role("link")
    assert links.count() >= 4
    for index in range(links.count()):
        link = links.nth(index)
        box = link.bounding_box()
        name = link.inner_text()
        assert link.is_visible(), f"menu link {name!r} is hidden"
        assert box is not None, f"menu link {name!r} takes no space"
        assert box["x"] >= 0, f"menu link {name!r} starts off screen: {box}"
        assert box["x"] + box["width"] <= NARROW["width"] + 0.5, (
            f"menu link {name!r} is cut off at {NARROW['width']} px: {box}"
        )
        # Big enough to hit with a finger (WCAG 2.5.8: at least 24 by 24 CSS pixels).
        assert box["height"] >= 24, f"menu link {name!r} is {box['height']} px high"


@pytest.fixture
def narrow(site):
    site.page.set_viewport_size(NARROW)
    return site


def test_main_pages_reflow_at_320_pixels(narrow, programme):
    for path in MAIN_PAGES:
        narrow.visit(path)
        assert_no_sideways_scroll(narrow.page)
        assert_menu_usable(narrow.page)
        narrow.shot(path.strip("/").replace("/", "-") or "home")
    # The menu takes you somewhere.
    nav = narrow.page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Core or wider?").click()
    narrow.page.wait_for_url(narrow.url("/membership/"))


def test_signed_in_pages_reflow_at_320_pixels(narrow, programme):
    person = PersonFactory(full_name="Maximiliana Featherstonehaugh-Cholmondeley")
    MembershipFactory(
        person=person, community=Community.objects.get(slug="data-and-insight"), kind="core"
    )
    MembershipFactory(person=person, community=Community.objects.get(slug="events-management"))
    narrow.sign_in_with_cookie(person)
    for path in SIGNED_IN_PAGES:
        narrow.visit(path)
        # Folded into the Menu at this width: there, but not shown until the menu opens.
        narrow.page.get_by_role("button", name="Sign out", include_hidden=True).wait_for(
            state="attached"
        )
        assert_no_sideways_scroll(narrow.page)
        assert_menu_usable(narrow.page)
        narrow.shot(path.strip("/").replace("/", "-") or "home")
    # The confirmation pages too.
    narrow.visit("/communities/student-recruitment/")
    narrow.page.get_by_role("button", name="Join as a core member").click()
    narrow.page.get_by_role("heading", name="You are already a core member").wait_for()
    assert_no_sideways_scroll(narrow.page)
    narrow.shot("confirm-switch")
    narrow.visit("/me/")
    narrow.page.get_by_role("button", name="Leave Events Management").click()
    narrow.page.get_by_role("heading", name="Leave Events Management?").wait_for()
    assert_no_sideways_scroll(narrow.page)
    narrow.shot("confirm-leave")
    # At this width the page is checked with axe too (reflow can hide or overlap content).
    narrow.check()


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_not_found_page_reflows_at_320_pixels(narrow, programme, signed_in):
    if signed_in:
        narrow.sign_in_with_cookie(PersonFactory())
    narrow.visit("/communities/no-such-community/", status=404)
    narrow.page.get_by_role("heading", name="Page not found").wait_for()
    width = narrow.page.evaluate("document.scrollingElement.scrollWidth")
    narrow.shot("404")
    assert width <= NARROW["width"], f"the 404 page is {width} px wide at 320 px"
    assert_no_sideways_scroll(narrow.page)
