"""The site header: calm on a phone and one row on a desktop.

On a phone the signed-in header is the brand and a Menu button (a <details> element, so it works
without JavaScript); opening it shows every link, reachable with the keyboard. At 1280 px the
whole navigation fits on one row.
"""

import pytest

from tests.factories import PersonFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
MENU_LINKS = ["Communities", "Core or wider?", "About", "My communities"]


@pytest.fixture
def head(programme):
    """A signed-in person with every link the header can show: Reports and Admin too. (Very
    long names wrap; test_narrow_screens.py checks that they never make the page scroll.)"""
    return PersonFactory(full_name="Priya Raghunathan", is_staff=True, is_superuser=True)


def header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def focused_text(page) -> str:
    return page.evaluate("(document.activeElement.textContent || '').replace(/\\s+/g, ' ').trim()")


def test_signed_in_header_on_a_phone_is_short_and_its_menu_opens_by_keyboard(site, head):
    page = site.page
    page.set_viewport_size(PHONE)
    site.sign_in_with_cookie(head)
    site.visit("/communities/")
    height = header_height(page)
    page.screenshot(path="/tmp/header_390.png")
    assert height < 80, f"the signed-in header is {height} px tall at {PHONE['width']} px"

    # Tab from the brand reaches the Menu button; Enter opens it; Tab then reaches every link.
    page.locator(".navbar-brand").focus()
    page.keyboard.press("Tab")
    assert focused_text(page) == "Menu"
    page.keyboard.press("Enter")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="My communities").wait_for()
    page.screenshot(path="/tmp/header_390_open.png")
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(focused_text(page))
    for name in [*MENU_LINKS, "Reports", "Admin", "Sign out"]:
        assert name in reached, f"Tab never reached {name!r} in the open menu: {reached}"
    site.check("phone-menu-open")

    # Escape is not needed: Enter on the button closes the menu again.
    page.get_by_text("Menu", exact=True).focus()
    page.keyboard.press("Enter")
    assert not nav.get_by_role("link", name="My communities").is_visible()
    assert header_height(page) < 80


def test_signed_in_header_at_1280_pixels_is_one_row(site, head):
    page = site.page
    page.set_viewport_size(DESKTOP)
    # Every link a Head sees, and a long name: the row must still not scroll sideways.
    head.full_name = "Daniela Bultoc-Featherstonehaugh (demo sign-in)"
    head.save(update_fields=["full_name"])
    site.sign_in_with_cookie(head)
    site.visit("/communities/")
    page.screenshot(path="/tmp/header_1280.png")
    nav = page.get_by_role("navigation", name="Main")
    height = nav.bounding_box()["height"]
    assert height < 70, f"the signed-in navigation is {height} px tall at 1280 px"
    for name in [*MENU_LINKS, "Reports", "Admin"]:
        assert nav.get_by_role("link", name=name, exact=True).is_visible(), name
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert not page.get_by_text("Menu", exact=True).is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= DESKTOP["width"]
    site.check("desktop")


def test_anonymous_header_on_a_phone_is_short(site, programme):
    page = site.page
    page.set_viewport_size(PHONE)
    site.visit("/")
    assert header_height(page) < 80
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Sign in").first.wait_for()
