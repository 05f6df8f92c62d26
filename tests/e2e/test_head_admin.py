"""The Head's admin in Chromium: her to-do list at 1280 and 390 px, and the lists she works in
fitting a 1280 px screen without scrolling sideways. Each page is checked with axe."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from communities.models import Community
from membership.models import HEAD_OF_COPS_GROUP, Membership, Reconfirmation, ReconfirmationStart
from tests.factories import EmailFactory, InterestFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# How far the page, or the list's table, reaches past the window's right edge.
_OVERFLOW = """() => {
  const page = document.documentElement;
  const table = document.querySelector("#result_list");
  const list = document.querySelector("#changelist-form .results");
  return {
    page: page.scrollWidth - page.clientWidth,
    table: table && list
      ? table.getBoundingClientRect().right - list.getBoundingClientRect().right : 0,
  };
}"""


@pytest.fixture
def head(transactional_db):
    person = PersonFactory(email="daniela@ucl.ac.uk", full_name="Daniela Head")
    person.groups.add(Group.objects.get(name=HEAD_OF_COPS_GROUP))
    person.refresh_from_db()
    return person


@pytest.fixture
def busy_programme(programme):
    """The seed's programme with something in every item of the to-do list, and people with
    long names, addresses and departments in the lists."""
    now = timezone.now()
    ReconfirmationStart.objects.create(pk=1, started_at=now - timedelta(days=500))
    data = Community.objects.get(slug="data-and-insight")
    ppm = Community.objects.get(slug="project-and-programme-management")
    for index in range(12):
        MembershipFactory(
            person=PersonFactory(
                full_name=f"Alexandra Montgomery-Fitzwilliam {index}",
                email=f"alexandra.montgomery-fitzwilliam.{index}@ucl.ac.uk",
                department="Information Services Division, Digital Learning Environments",
                job_title="Senior Business Relationship Manager",
            ),
            community=data if index % 2 else ppm,
            kind="core" if index % 3 == 0 else "wider",
            is_lead=index == 0,
            joined_at=now - timedelta(days=400 + index),
        )
    awaiting = Membership.objects.filter(kind="core").first()
    Reconfirmation.objects.create(
        membership=awaiting, step=1, round_started_at=now - timedelta(days=400)
    )
    for community in Community.objects.filter(status="preparing")[:3]:
        InterestFactory.create_batch(2, community=community)
    EmailFactory.create_batch(2)
    EmailFactory(status="failed")


def _fits(page, url: str) -> None:
    overflow = page.evaluate(_OVERFLOW)
    assert overflow["page"] <= 0, f"{url} scrolls sideways by {overflow['page']} px at 1280 px"
    assert overflow["table"] <= 1, f"{url}: the list is {overflow['table']} px too wide"


def test_the_head_opens_the_admin_on_her_to_do_list(site, head, busy_programme):
    page = site.page
    site.sign_in_with_cookie(head)

    site.visit("/admin/")
    todo = page.get_by_role("region", name="What needs you")
    todo.wait_for()
    assert "Communities in preparation:" in todo.inner_text()
    assert "1 awaiting an answer" in todo.inner_text()
    assert "1 failed" in todo.inner_text()
    site.check("dashboard-1280")
    _fits(page, "/admin/")

    page.set_viewport_size(PHONE)
    site.check("dashboard-390")

    page.set_viewport_size(DESKTOP)
    todo.get_by_role("link", name="1 awaiting an answer").click()
    page.get_by_role("heading", name="Select membership to change").wait_for()
    assert "0 of 1 selected" in page.inner_text("#changelist-form")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/communities/community/",
        "/admin/membership/membership/",
        "/admin/membership/person/",
    ],
)
def test_the_lists_fit_a_1280_pixel_screen(site, head, busy_programme, url):
    site.sign_in_with_cookie(head)

    site.visit(url)

    site.check(url.strip("/").replace("/", "-") + "-1280")
    _fits(site.page, url)


def test_launch_asks_with_an_ordinary_button_and_close_asks_why(site, head, busy_programme):
    page = site.page
    site.sign_in_with_cookie(head)
    preparing = Community.objects.get(slug="widening-participation")
    data = Community.objects.get(slug="data-and-insight")

    site.visit(f"/admin/communities/community/{preparing.pk}/launch/")
    button = page.get_by_role("button", name="Yes, launch")
    colour = button.evaluate("element => getComputedStyle(element).backgroundColor")
    assert colour != "rgb(186, 33, 33)"  # the admin's delete red
    site.check("launch-confirmation")

    site.visit(f"/admin/communities/community/{data.pk}/close/")
    reason = page.get_by_label("Reason for closing")
    assert reason.get_attribute("required") is not None  # the browser asks before sending
    site.check("close-confirmation")
    reason.fill("It has merged into Events Management")
    page.get_by_label("Message to its members (optional)").fill("Thank you all.")
    page.get_by_role("button", name="Yes, close").click()
    page.get_by_text("Data and Insight has closed.").wait_for()
    data.refresh_from_db()
    assert data.status == "closed"
