"""A core member confirms their core membership from the link in the yearly reminder, in
Chromium, without signing in; each step is checked with axe and photographed at 1280 and 390 px.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from communities.models import Community
from membership import services
from membership.models import Membership, ReconfirmationStart
from outbox.models import Email
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def reminded(programme):
    """Rosa, a core member of Data and Insight for two years (and one of its leads), has just
    been sent her first reminder: reconfirmation has been running for over a year."""
    now = timezone.now()
    ReconfirmationStart.objects.create(pk=1, started_at=now - timedelta(days=400))
    rosa = PersonFactory(email="rosa@ucl.ac.uk", full_name="Rosa Reyes", password=None)
    membership = MembershipFactory(
        person=rosa,
        community=Community.objects.get(slug="data-and-insight"),
        kind="core",
        is_lead=True,
        joined_at=now - timedelta(days=730),
    )
    assert services.run_reconfirmation().first_reminders == 1
    return membership


def _link_in_the_email(site) -> str:
    email = Email.objects.get(kind="reconfirmation_reminder", to_address="rosa@ucl.ac.uk")
    line = next(line for line in email.body_text.splitlines() if "/reconfirm/" in line)
    return line.strip().removeprefix("http://127.0.0.1:8000")


def _both_widths(site, step: str) -> None:
    site.page.set_viewport_size(PHONE)
    site.check(f"{step}-390")
    site.page.set_viewport_size(DESKTOP)
    site.check(f"{step}-1280")


def test_a_core_member_confirms_from_the_email_link_without_signing_in(site, reminded):
    page = site.page
    link = _link_in_the_email(site)

    site.visit(link)
    page.get_by_role("heading", name="Are you still a core member of Data and Insight?").wait_for()
    assert "Rosa Reyes, you have been a core member of Data and Insight" in page.inner_text("main")
    assert "you would stop being one of its leads" in page.inner_text("main")
    assert page.get_by_role("link", name="Sign in").is_visible()  # nobody is signed in
    _both_widths(site, "1-question")

    page.get_by_role("button", name="Yes, I am still a core member").click()
    page.get_by_role("heading", name="You confirmed your core membership").wait_for()
    assert "Thank you: you are still a core member of Data and Insight." in page.inner_text(
        ".messages"
    )
    assert site.path() == link
    _both_widths(site, "2-confirmed")
    membership = Membership.objects.get(pk=reminded.pk)
    assert membership.confirmed_at is not None
    assert (membership.kind, membership.is_lead) == ("core", True)

    # The link again, days later: it says what happened and offers nothing to press.
    site.visit(link)
    assert "This link has been used, so opening it again changes nothing." in page.inner_text(
        "main"
    )
    assert page.get_by_role("button", name="Yes, I am still a core member").count() == 0
    site.check("3-used")


def test_a_made_up_link_explains_itself(site, reminded):
    site.visit("/reconfirm/not-a-real-link/", status=404)
    site.page.get_by_role("heading", name="This link does not work").wait_for()
    site.check("invalid")
