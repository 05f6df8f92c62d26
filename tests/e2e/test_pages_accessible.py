"""Every page passes axe-core (WCAG 2.2 A and AA) with no console errors or CSP violations,
for anonymous visitors and for signed-in staff in each relation to a community."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from communities.models import Community
from membership import services
from tests.factories import CommunityFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.e2e

LAUNCHED = "/communities/data-and-insight/"
PREPARING = "/communities/widening-participation/"
CLOSED = "/communities/old-practice/"

PUBLIC_PAGES = {
    "home": "/",
    "communities": "/communities/",
    "communities-filtered": "/communities/?practice_area=planning&status=launched&q=data",
    "communities-no-match": "/communities/?q=underwater+basket+weaving",
    "communities-closed-filter": "/communities/?status=closed",
    "community-launched": LAUNCHED,
    "community-preparing": PREPARING,
    "community-closed": CLOSED,
    "membership": "/membership/",
    "about": "/about/",
    "accessibility": "/accessibility/",
    "privacy": "/privacy/",
}


@pytest.fixture
def closed_community(programme):
    area = Community.objects.get(slug="data-and-insight").practice_area
    return CommunityFactory(
        name="Old Practice", slug="old-practice", status="closed", practice_area=area
    )


@pytest.fixture
def alice(transactional_db):
    return PersonFactory(email="alice@ucl.ac.uk", full_name="Alice Adams", department="Finance")


@pytest.mark.parametrize("path", PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_public_page_is_accessible_to_anonymous_visitors(site, programme, closed_community, path):
    site.visit(path)
    site.page.get_by_role("link", name="Sign in").first.wait_for()
    site.check("anonymous")


@pytest.mark.parametrize("path", PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_public_page_is_accessible_to_signed_in_non_members(
    site, programme, closed_community, alice, path
):
    site.sign_in_with_cookie(alice)
    site.visit(path)
    site.page.get_by_role("button", name="Sign out").wait_for()
    site.check("signed-in")


@pytest.mark.parametrize(
    ("kind", "is_lead"), [("core", True), ("wider", False)], ids=["core-lead", "wider"]
)
def test_community_pages_are_accessible_to_members(site, programme, alice, kind, is_lead):
    launched = Community.objects.get(slug="data-and-insight")
    MembershipFactory(person=alice, community=launched, kind=kind, is_lead=is_lead)
    if kind == "wider":
        # Core elsewhere: the page then explains what changing to core would do.
        MembershipFactory(
            person=alice, community=Community.objects.get(slug="events-management"), kind="core"
        )
    site.sign_in_with_cookie(alice)
    site.visit(LAUNCHED)
    site.page.get_by_role("heading", name="Your membership").wait_for()
    site.check("launched")


def test_preparing_community_page_is_accessible_after_registering_interest(site, programme, alice):
    services.register_interest(
        person=alice, community=Community.objects.get(slug="widening-participation")
    )
    site.sign_in_with_cookie(alice)
    site.visit(PREPARING)
    site.page.get_by_role("button", name="Withdraw interest").wait_for()
    site.check("interested")


def test_my_communities_is_accessible_when_empty(site, programme, alice):
    site.sign_in_with_cookie(alice)
    site.visit("/me/")
    site.page.get_by_role("heading", name="You have not joined any communities yet").wait_for()
    site.check("empty")


def test_my_communities_is_accessible_when_full(site, programme, alice):
    MembershipFactory(
        person=alice,
        community=Community.objects.get(slug="data-and-insight"),
        kind="core",
        is_lead=True,
    )
    for slug in ("events-management", "student-recruitment"):
        MembershipFactory(person=alice, community=Community.objects.get(slug=slug), kind="wider")
    for slug in ("widening-participation", "technical-support"):
        services.register_interest(person=alice, community=Community.objects.get(slug=slug))
    site.sign_in_with_cookie(alice)
    site.visit("/me/")
    main = site.page.get_by_role("main")
    for name in ("Data and Insight", "Events Management", "Technical support"):
        main.get_by_role("link", name=name).wait_for()
    site.check("full")


def test_switch_confirmation_is_accessible(site, programme, alice):
    MembershipFactory(
        person=alice, community=Community.objects.get(slug="data-and-insight"), kind="core"
    )
    site.sign_in_with_cookie(alice)
    site.visit("/communities/events-management/")
    site.page.get_by_role("button", name="Join as a core member").click()
    site.page.get_by_role(
        "heading", name="You are already a core member of Data and Insight"
    ).wait_for()
    site.check("confirm-switch")


def test_leave_confirmation_is_accessible(site, programme, alice):
    MembershipFactory(
        person=alice, community=Community.objects.get(slug="data-and-insight"), kind="core"
    )
    site.sign_in_with_cookie(alice)
    site.visit(LAUNCHED)
    site.page.get_by_role("button", name="Leave Data and Insight").click()
    site.page.get_by_role("heading", name="Leave Data and Insight?").wait_for()
    site.check("confirm-leave")


def test_a_refused_action_shows_an_accessible_error(site, programme, alice):
    site.sign_in_with_cookie(alice)
    site.visit(LAUNCHED)
    # The community closes while the page is open; the button then meets a refusal.
    services.close_community(community=Community.objects.get(slug="data-and-insight"))
    site.page.get_by_role("button", name="Join as a core member").click()
    error = site.page.locator(".alert-danger")
    error.wait_for()
    assert "closed" in error.inner_text().lower()
    site.check("refused")


def test_login_page_is_accessible(site, programme):
    site.visit("/accounts/login/")
    site.check("login")


def test_login_page_with_a_wrong_password_is_accessible(site, programme, alice):
    site.visit("/accounts/login/")
    site.page.get_by_label("Email address").fill(alice.email)
    site.page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("not the password")
    site.page.get_by_role("button", name="Sign in", exact=True).click()
    site.page.locator(".alert-danger, .invalid-feedback, .errorlist").first.wait_for()
    site.check("login-error")


def test_password_reset_pages_are_accessible(site, programme, alice):
    site.visit("/accounts/password_reset/")
    site.check("request")
    site.page.get_by_label("Email").fill(alice.email)
    site.page.get_by_role("button", name="Email me a link").click()
    site.page.wait_for_url("**/accounts/password_reset/done/")
    site.check("sent")

    uid = urlsafe_base64_encode(force_bytes(alice.pk))
    token = default_token_generator.make_token(alice)
    site.visit(f"/accounts/reset/{uid}/{token}/")
    site.page.get_by_role("heading", name="Choose your password").wait_for()
    site.check("choose")
    site.page.get_by_label(re.compile(r"^\s*New password\W*$")).fill("a brand new long passphrase")
    site.page.get_by_label("New password confirmation").fill("a brand new long passphrase")
    site.page.get_by_role("button", name="Set my password").click()
    site.page.wait_for_url("**/accounts/reset/done/")
    site.check("done")

    site.visit(f"/accounts/reset/{uid}/{token}/")
    site.page.get_by_role("heading", name="That link no longer works").wait_for()
    site.check("used-link")


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_not_found_page_is_accessible(site, programme, alice, signed_in):
    if signed_in:
        site.sign_in_with_cookie(alice)
    site.visit("/communities/no-such-community/", status=404)
    site.page.get_by_role("heading", name="Page not found").wait_for()
    site.check("404")


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_method_not_allowed_page_is_accessible(site, programme, alice, signed_in):
    if signed_in:
        site.sign_in_with_cookie(alice)
    site.visit("/communities/data-and-insight/join/", status=405)
    site.page.get_by_role("heading", level=1).wait_for()
    site.check("405")


def test_reports_are_forbidden_and_accessible_for_other_staff(site, programme, alice):
    site.sign_in_with_cookie(alice)
    site.visit("/reports/", status=403)
    site.page.get_by_role("heading", name="You do not have access to this page").wait_for()
    site.check("403")
