"""Join, switch and leave with the keyboard alone: Tab, Shift+Tab, Enter and Space (and typing
into the sign-in form). No clicks, and no navigation but the first page load."""

import pytest

from membership.models import Membership
from tests.factories import PersonFactory

pytestmark = pytest.mark.e2e

# What has focus: its text as a screen reader would start from (visually hidden text included),
# and whether the focus indicator shows.
_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
  return {
    tag: el.tagName.toLowerCase(),
    rect: [rect.left, rect.top, rect.right, rect.bottom],
    id: el.id,
    text: (el.getAttribute("aria-label") || el.textContent || label || "")
      .replace(/\\s+/g, " ").trim(),
    // Crispy marks required fields with an asterisk; the field is still "Email address".
    label: label.replace(/\\s+/g, " ").trim().replace(/\\*$/, ""),
    focusVisible: el.matches(":focus-visible"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
    onScreen: rect.width > 0 && rect.height > 0 && rect.left >= 0 && rect.top >= 0
      && rect.right <= window.innerWidth && rect.bottom <= window.innerHeight,
  };
}"""


def focused(page) -> dict | None:
    return page.evaluate(_FOCUSED)


def assert_focus_visible(page, what: str) -> dict:
    state = focused(page)
    assert state is not None, f"nothing has focus after moving to {what}"
    assert state["focusVisible"], f"{what} has focus but not :focus-visible: {state}"
    assert state["outline"] or state["shadow"], f"{what} has no visible focus indicator: {state}"
    assert state["onScreen"], f"{what} has focus but is not on screen: {state}"
    return state


def move_focus_to(page, text: str, *, key: str = "Tab", limit: int = 80) -> dict:
    """Press Tab (or Shift+Tab) until the element whose text is `text` has focus."""
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        state = focused(page)
        if state and text in (state["text"], state["label"]):
            return assert_focus_visible(page, text)
        seen.append(state and (state["text"] or state["label"] or state["tag"]))
    raise AssertionError(f"{key} never reached {text!r}; focus went through: {seen}")


def press_and_load(page, key: str) -> None:
    """Press a key that submits a form or follows a link, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_join_switch_and_leave_with_the_keyboard_alone(site, programme):
    person = PersonFactory(email="kim@ucl.ac.uk", full_name="Kim Keys")
    page = site.page
    site.visit("/communities/")

    # The first Tab shows the skip link, and following it moves focus into the main content.
    page.keyboard.press("Tab")
    skip = assert_focus_visible(page, "the skip link")
    assert skip["text"] == "Skip to main content"
    site.shot("skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"

    # Sign in: back up to the Sign in link, then type into the form; Enter submits.
    move_focus_to(page, "Sign in", key="Shift+Tab")
    press_and_load(page, "Enter")
    assert site.path().startswith("/accounts/login/")
    # The sign-in page puts focus in its first field.
    assert focused(page)["label"] == "Email address"
    page.keyboard.type(person.email)
    move_focus_to(page, "Password")
    page.keyboard.type("correct horse battery staple")
    site.shot("sign-in")
    press_and_load(page, "Enter")
    assert site.path() == "/communities/"

    # Join Data and Insight as core.
    move_focus_to(page, "Data and Insight")
    press_and_load(page, "Enter")
    assert site.path() == "/communities/data-and-insight/"
    move_focus_to(page, "Join as a core member of Data and Insight")
    site.shot("join-focused")
    press_and_load(page, "Space")
    message = page.locator(".messages").inner_text()
    assert "You are now a core member of Data and Insight." in message

    # Back to the list through the main navigation, then Events Management.
    move_focus_to(page, "Communities")
    press_and_load(page, "Enter")
    move_focus_to(page, "Events Management")
    press_and_load(page, "Enter")
    move_focus_to(page, "Join as a core member of Events Management")
    press_and_load(page, "Enter")

    # The confirmation page: switch, keeping Data and Insight as a wider membership.
    assert page.get_by_role("heading", level=1).inner_text() == (
        "You are already a core member of Data and Insight"
    )
    move_focus_to(page, "Switch and stay a wider member")
    site.shot("switch-focused")
    press_and_load(page, "Space")
    assert (
        "You are now a core member of Events Management." in page.locator(".messages").inner_text()
    )

    # Skip to the content, then Shift+Tab back up into the navigation to reach My communities.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    move_focus_to(page, "My communities", key="Shift+Tab")
    press_and_load(page, "Enter")
    assert site.path() == "/me/"

    # Leave Data and Insight: the confirmation first, then the leave itself.
    move_focus_to(page, "Leave Data and Insight")
    press_and_load(page, "Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Leave Data and Insight?"
    move_focus_to(page, "Leave Data and Insight")
    site.shot("leave-focused")
    press_and_load(page, "Space")
    assert site.path() == "/me/"
    assert "You have left Data and Insight." in page.locator(".messages").inner_text()
    site.check("left")

    active = Membership.objects.active().filter(person=person)
    assert [(m.community.slug, m.kind) for m in active] == [("events-management", "core")]
