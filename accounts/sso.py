"""UCL single sign-on (AUTH_MODE=oidc): Microsoft Entra ID through allauth's OpenID Connect.

Who may sign in, and as whom:
- a UCL account is matched to a person by the provider's stable subject (`sub`), through the
  SocialAccount row that the first sign-in makes;
- that first sign-in links by email address, and only when the ID token's issuer is the
  configured tenant: Entra ID sends no `email_verified` claim, so the issuer is what vouches
  for the address. A person already linked to another UCL subject is not linked again;
- nobody is created here: people come from the staff imports, so an unknown address gets a
  page saying so. Roles (the Head's group, sponsors, leads) stay in our own tables.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import SignupClosedException
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from membership.models import Person, normalize_address


class AccountAdapter(DefaultAccountAdapter):
    """allauth's account rules: nobody signs up through allauth."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def add_message(self, request, level, message_template=None, *args, **kwargs) -> None:
        # The header says who is signed in, as after a password sign-in: no banner as well.
        if message_template and message_template.endswith("/logged_in.txt"):
            return
        super().add_message(request, level, message_template, *args, **kwargs)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Link a first UCL sign-in to the person with that address, when the tenant vouches."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def get_provider(self, request: HttpRequest, provider: str, client_id=None):
        """allauth's provider, building its redirects with our adapter (below)."""
        found = super().get_provider(request, provider, client_id=client_id)
        if isinstance(found, OpenIDConnectProvider):
            found.oauth2_adapter_class = UCLOpenIDConnectAdapter
        return found

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        if sociallogin.is_existing:
            return
        person = person_to_link(sociallogin)
        if person is None:
            raise SignupClosedException()
        sociallogin.connect(request, person)


def person_to_link(sociallogin: SocialLogin) -> Person | None:
    """The person a first sign-in belongs to, or None when the token cannot vouch for one."""
    claims = sociallogin.account.extra_data.get("id_token") or {}
    if not settings.OIDC_ISSUER or claims.get("iss") != settings.OIDC_ISSUER:
        return None
    # Entra ID puts the mailbox in `email` when the account has one, and the sign-in name
    # (at UCL, the same address) in `preferred_username`.
    address = normalize_address(claims.get("email") or claims.get("preferred_username"))
    if "@" not in address:
        return None
    person = Person.objects.filter(email=address).first()
    if person is None:
        return None
    already_linked = SocialAccount.objects.filter(
        user=person, provider=sociallogin.account.provider
    ).exists()
    return None if already_linked else person


class UCLOpenIDConnectAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect adapter with two changes.

    The callback address comes from DJANGO_SITE_URL, never from the request's Host header. The
    ID token's signature is always checked against the provider's published keys (allauth
    skips that when the token came straight from the token endpoint, as the standard allows).
    """

    def get_callback_url(self, request: HttpRequest, app: SocialApp) -> str:
        path = reverse("openid_connect_callback", kwargs={"provider_id": self.provider_id})
        return f"{settings.SITE_URL}{path}"

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )


@login_not_required
def oidc_login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Send the browser to the provider (a POST; a GET shows a page with the button)."""
    try:
        return OAuth2LoginView.adapter_view(UCLOpenIDConnectAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404("No single sign-on provider is set up.") from None


@login_not_required
def oidc_callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Where the provider sends the browser back with a code; allauth signs the person in."""
    try:
        view = OAuth2CallbackView.adapter_view(UCLOpenIDConnectAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404("No single sign-on provider is set up.") from None
