"""UCL single sign-on (AUTH_MODE=oidc), end to end against a fake Entra ID on 127.0.0.1.

Each sign-in goes the whole way: our sign-in button, the provider's authorize endpoint, the
callback, the token endpoint, the discovery document and the signing keys.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import Group

from membership.models import HEAD_OF_COPS_GROUP, Person

from .conftest import PASSWORD
from .factories import PersonFactory
from .oidc_provider import FakeEntraID

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/oidc/ucl/login/"


@pytest.fixture
def entra(settings):
    """The portal in AUTH_MODE=oidc, pointed at a fake Entra ID tenant."""
    with FakeEntraID() as provider:
        settings.AUTH_MODE = "oidc"
        settings.OIDC_ISSUER = provider.issuer
        settings.SOCIALACCOUNT_PROVIDERS = provider.socialaccount_providers()
        yield provider


@pytest.fixture
def imported(db):
    """Someone from the staff import: no password at all."""
    return Person.objects.create_user(email="ina.imported@ucl.ac.uk", full_name="Ina Imported")


def sign_in_with_ucl(client, entra, next_path: str = "", **headers):
    """Press "Sign in with UCL", pass the provider's page, and come back to the callback."""
    started = client.post(LOGIN, {"next": next_path} if next_path else {}, **headers)
    assert started.status_code == 302, started.content
    callback = urlsplit(entra.authorize(started["Location"]))
    return client.get(f"{callback.path}?{callback.query}", **headers)


def signed_in_person(client) -> Person | None:
    user_id = client.session.get("_auth_user_id")
    return Person.objects.get(pk=user_id) if user_id else None


def test_the_sign_in_page_offers_ucl_sign_in_only_in_sso_mode(client, settings):
    assert "Sign in with UCL" not in client.get("/accounts/login/").text

    settings.AUTH_MODE = "oidc"
    page = client.get("/accounts/login/?next=/communities/").text

    assert f'<form method="post" action="{LOGIN}">' in page
    assert '<button type="submit" class="btn btn-primary">Sign in with UCL</button>' in page
    assert '<input type="hidden" name="next" value="/communities/">' in page
    assert "Or sign in with a password" in page


def test_an_imported_person_signs_in_with_ucl_and_needs_no_password(client, entra, imported):
    # Entra ID sends no email_verified claim: the tenant's issuer vouches for the address.
    entra.sign_in_as(sub="entra-sub-ina", email="Ina.Imported@ucl.ac.uk", name="Ina Imported")

    response = sign_in_with_ucl(client, entra, next_path="/communities/")

    assert response.status_code == 302
    assert response["Location"] == "/communities/"
    assert signed_in_person(client) == imported
    link = SocialAccount.objects.get(user=imported)
    assert (link.provider, link.uid) == ("ucl", "entra-sub-ina")
    assert "email_verified" not in link.extra_data["id_token"]
    imported.refresh_from_db()
    assert not imported.has_usable_password()
    # The whole flow went through the provider: discovery, authorize, token and keys.
    tenant = f"/{entra.tenant}"
    assert entra.paths[0] == f"{tenant}/v2.0/.well-known/openid-configuration"
    assert f"{tenant}/oauth2/v2.0/authorize" in entra.paths
    assert f"{tenant}/oauth2/v2.0/token" in entra.paths
    assert f"{tenant}/discovery/v2.0/keys" in entra.paths
    assert "Signed in as Ina Imported" in client.get("/communities/").text


def test_later_sign_ins_match_on_the_subject_not_the_address(client, entra, imported):
    entra.sign_in_as(sub="entra-sub-ina", email="ina.imported@ucl.ac.uk")
    sign_in_with_ucl(client, entra)
    client.post("/accounts/logout/")
    # The address in the directory changed, and someone else now has the old one here.
    PersonFactory(email="ina.imported@ucl.ac.uk.old", full_name="Not Ina")
    entra.sign_in_as(sub="entra-sub-ina", email="ina.married-name@ucl.ac.uk")

    response = sign_in_with_ucl(client, entra)

    assert response.status_code == 302
    assert signed_in_person(client) == imported
    assert SocialAccount.objects.count() == 1


def test_a_token_from_another_tenant_is_not_linked_by_email(client, entra, imported, settings):
    # The provider answers for a tenant other than the one the portal is configured for.
    settings.OIDC_ISSUER = "https://login.microsoftonline.com/another-tenant/v2.0"
    entra.sign_in_as(sub="outsider", email="ina.imported@ucl.ac.uk")

    response = sign_in_with_ucl(client, entra)

    assert "No portal account for this UCL sign-in" in response.text
    assert signed_in_person(client) is None
    assert not SocialAccount.objects.exists()


def test_a_person_linked_to_one_ucl_account_is_not_linked_to_another(client, entra, imported):
    entra.sign_in_as(sub="entra-sub-ina", email="ina.imported@ucl.ac.uk")
    sign_in_with_ucl(client, entra)
    client.post("/accounts/logout/")
    entra.sign_in_as(sub="a-different-account", email="ina.imported@ucl.ac.uk")

    response = sign_in_with_ucl(client, entra)

    assert "No portal account for this UCL sign-in" in response.text
    assert signed_in_person(client) is None
    assert list(SocialAccount.objects.values_list("uid", flat=True)) == ["entra-sub-ina"]


def test_an_unknown_ucl_address_gets_a_clear_page_and_no_account(client, entra):
    entra.sign_in_as(sub="stranger", email="not.imported@ucl.ac.uk")

    response = sign_in_with_ucl(client, entra)

    assert response.status_code == 200
    assert "No portal account for this UCL sign-in" in response.text
    assert "staff lists" in response.text
    assert not Person.objects.filter(email="not.imported@ucl.ac.uk").exists()
    assert signed_in_person(client) is None


def test_a_deactivated_person_signing_in_with_ucl_gets_a_clear_page(client, entra):
    PersonFactory(email="left@ucl.ac.uk", full_name="Left Already", is_active=False)
    entra.sign_in_as(sub="entra-sub-left", email="left@ucl.ac.uk")

    response = sign_in_with_ucl(client, entra)
    assert response.status_code == 302
    page = client.get(response["Location"])

    assert response["Location"] == "/accounts/inactive/"
    assert page.status_code == 403
    assert "Your account is switched off" in page.text
    assert signed_in_person(client) is None


def test_a_token_not_signed_with_the_published_keys_is_refused(client, entra, imported):
    entra.sign_in_as(sub="entra-sub-ina", email="ina.imported@ucl.ac.uk")
    entra.sign_with_rogue_key = True

    response = sign_in_with_ucl(client, entra)

    assert response.status_code == 401
    assert "Signing in with UCL did not work" in response.text
    assert signed_in_person(client) is None
    assert not SocialAccount.objects.exists()


def test_cancelling_at_ucl_says_so(client, entra):
    entra.cancel_sign_in()

    response = sign_in_with_ucl(client, entra)

    assert response["Location"] == "/accounts/oidc/cancelled/"
    assert "Signing in with UCL was cancelled" in client.get(response["Location"]).text


def test_the_callback_address_comes_from_the_site_url_not_the_host_header(client, entra, settings):
    settings.SITE_URL = "https://cop.ucl.ac.uk"

    started = client.post(LOGIN, HTTP_HOST="localhost")

    query = parse_qs(urlsplit(started["Location"]).query)
    assert query["redirect_uri"] == ["https://cop.ucl.ac.uk/accounts/oidc/ucl/login/callback/"]


def test_roles_stay_in_our_own_tables(client, entra, head):
    # Whatever the token says about roles, the Head's group and admin access are ours to keep.
    entra.sign_in_as(
        sub="entra-sub-head", email=head.email, roles=["Global Administrator"], groups=["x"]
    )

    sign_in_with_ucl(client, entra)

    assert signed_in_person(client) == head
    head.refresh_from_db()
    assert head.is_staff
    assert not head.is_superuser
    assert list(head.groups.values_list("name", flat=True)) == [HEAD_OF_COPS_GROUP]
    assert Group.objects.count() == 1


def test_the_break_glass_superuser_still_signs_in_with_a_password(client, entra, superuser):
    response = client.post("/accounts/login/", {"username": superuser.email, "password": PASSWORD})

    assert response.status_code == 302
    assert signed_in_person(client) == superuser
    assert client.get("/admin/").status_code == 200


def test_opening_the_ucl_sign_in_address_shows_a_button_rather_than_leaving(client, entra):
    response = client.get(LOGIN)

    assert response.status_code == 200
    assert "Continue to UCL sign-in" in response.text
    assert entra.paths == []


def test_without_single_sign_on_the_provider_addresses_are_not_found(client):
    assert client.post(LOGIN).status_code == 404
