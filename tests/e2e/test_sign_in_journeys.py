"""Signing in, in Chromium: "Sign in with UCL" against a fake Entra ID on 127.0.0.1, and the
pages that say no (a switched-off account, an unknown UCL account, a paused sign-in, too many
reset requests). Each page is checked with axe and photographed."""

import re

import pytest

from membership.models import Person
from tests.factories import PersonFactory
from tests.oidc_provider import FakeEntraID

pytestmark = pytest.mark.e2e


@pytest.fixture
def entra(settings, live_server):
    """The live site in AUTH_MODE=oidc with a fake Entra ID tenant beside it."""
    with FakeEntraID() as provider:
        settings.AUTH_MODE = "oidc"
        settings.OIDC_ISSUER = provider.issuer
        settings.SOCIALACCOUNT_PROVIDERS = provider.socialaccount_providers()
        settings.SITE_URL = live_server.url
        # As settings.py does for the real issuer: the sign-in form is redirected there.
        settings.SECURE_CSP = {
            **settings.SECURE_CSP,
            "form-action": [*settings.SECURE_CSP["form-action"], provider.base],
        }
        yield provider


@pytest.fixture
def ina(transactional_db):
    """Imported from the staff list, so without a password."""
    return Person.objects.create_user(email="ina.imported@ucl.ac.uk", full_name="Ina Imported")


def sign_in_with_ucl(site, next_path: str = "/communities/") -> None:
    site.visit(f"/accounts/login/?next={next_path}")
    site.page.get_by_role("button", name="Sign in with UCL").click()
    site.page.wait_for_load_state()


def test_an_imported_person_signs_in_with_ucl_and_lands_where_they_were_going(
    site, programme, entra, ina
):
    site.visit("/accounts/login/?next=/communities/")
    site.page.get_by_role("heading", name="UCL staff").wait_for()
    site.check("sign-in-with-ucl")
    entra.sign_in_as(sub="entra-sub-ina", email="ina.imported@ucl.ac.uk", name="Ina Imported")

    site.page.get_by_role("button", name="Sign in with UCL").click()
    site.page.wait_for_url(site.url("/communities/"))

    site.page.get_by_text("Signed in as Ina Imported").wait_for()
    site.check("signed-in")
    assert f"/{entra.tenant}/oauth2/v2.0/token" in entra.paths


def test_a_switched_off_person_signing_in_with_ucl_is_told_so(site, programme, entra):
    PersonFactory(email="left@ucl.ac.uk", full_name="Left Already", is_active=False)
    entra.sign_in_as(sub="entra-sub-left", email="left@ucl.ac.uk")
    site.log.allow(r"status of 403\b")

    sign_in_with_ucl(site)

    assert site.path() == "/accounts/inactive/"
    site.page.get_by_role("heading", name="Your account is switched off").wait_for()
    site.check("inactive")


def test_a_ucl_account_that_matches_nobody_is_told_so(site, programme, entra):
    entra.sign_in_as(sub="stranger", email="not.imported@ucl.ac.uk")

    sign_in_with_ucl(site)

    site.page.get_by_role("heading", name="No portal account for this UCL sign-in").wait_for()
    site.check("no-account")


def test_wrong_passwords_pause_sign_in_with_a_clear_page(site, programme, ina, settings):
    settings.AXES_FAILURE_LIMIT = 3
    site.log.allow(r"status of 429\b")
    site.visit("/accounts/login/")
    for _ in range(3):
        site.page.get_by_label("Email address").fill(ina.email)
        site.page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("not the password")
        site.page.get_by_role("button", name="Sign in", exact=True).click()
        site.page.wait_for_load_state()

    site.page.get_by_role("heading", name="Sign-in paused for this account").wait_for()
    assert "for 30 minutes" in site.page.get_by_role("main").inner_text()
    site.check("locked-out")


def test_too_many_reset_requests_are_explained(site, programme, ina, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 1
    site.log.allow(r"status of 429\b")
    for _ in range(2):
        site.visit("/accounts/password_reset/")
        site.page.get_by_label("Email").fill(ina.email)
        site.page.get_by_role("button", name="Email me a link").click()
        site.page.wait_for_load_state()

    site.page.get_by_text("We have sent as many links as we can for now").wait_for()
    site.check("reset-limited")
