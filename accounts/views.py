"""Sign-in pages: the sign-in form, resets and invitations, and what single sign-on answers."""

from axes.utils import reset as lift_lockout
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from membership.forms import SetOrResetPasswordForm
from membership.models import normalize_address
from membership.tasks import send_password_reset
from membership.tokens import invitation_token_generator

from .client import client_address
from .reset_limits import allow_reset


def _lifetime(seconds: int) -> str:
    """`30 minutes`, `2 hours`, `7 days`: how long a link or a lockout lasts, for its page."""
    if seconds >= 24 * 60 * 60 and seconds % (24 * 60 * 60) == 0:
        count, unit = seconds // (24 * 60 * 60), "day"
    elif seconds >= 60 * 60 and seconds % (60 * 60) == 0:
        count, unit = seconds // (60 * 60), "hour"
    else:
        count, unit = max(1, round(seconds / 60)), "minute"
    return f"{count} {unit}{'s' if count != 1 else ''}"


def _lifetime_of_reset_link() -> str:
    return _lifetime(settings.PASSWORD_RESET_TIMEOUT)


class SignInView(auth_views.LoginView):
    """The sign-in page: the password form and, when AUTH_MODE=oidc, "Sign in with UCL"."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.AUTH_MODE == "oidc":
            context["sso_login_url"] = reverse(
                "openid_connect_login", kwargs={"provider_id": settings.OIDC_PROVIDER_ID}
            )
        return context


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a link to set or reset a password.

    The request only counts (reset_limits) and enqueues one task, whether or not an account
    uses the address; the task looks the address up and writes the email. So the answer, and
    the time it takes, are the same for known and unknown addresses.
    """

    form_class = SetOrResetPasswordForm

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not allow_reset(client=client_address(self.request), email=email):
            form.add_error(
                None,
                ValidationError(
                    "We have sent as many links as we can for now. Please wait an hour and "
                    "try again, or use the newest link we sent.",
                    code="rate_limited",
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        send_password_reset.enqueue(email=email)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    """The "Check your email" page, saying how long the link lasts."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "lifetime": _lifetime_of_reset_link()}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a password from a reset link. It also lifts any sign-in lockout on the account:
    whoever holds the link holds the mailbox."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "lifetime": _lifetime_of_reset_link()}

    def form_valid(self, form):
        response = super().form_valid(form)
        lift_lockout(username=normalize_address(form.user.email))
        return response


class InvitationConfirmView(PasswordResetConfirmView):
    """Choose a first password from an invitation: its own token, valid for 7 days."""

    token_generator = invitation_token_generator

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "lifetime": _lifetime(settings.INVITATION_TIMEOUT),
            "invitation": True,
        }


@login_not_required
def account_inactive(request: HttpRequest) -> HttpResponse:
    """Where single sign-on sends a person whose account the Head has switched off."""
    return render(request, "registration/account_inactive.html", status=403)


@login_not_required
def sso_no_account(request: HttpRequest) -> HttpResponse:
    """A UCL sign-in that matches nobody on the portal (allauth's `socialaccount_signup`)."""
    return render(request, "account/signup_closed.html", status=403)


@login_not_required
def sso_cancelled(request: HttpRequest) -> HttpResponse:
    """The person turned back at UCL's sign-in page."""
    return render(request, "registration/sso_cancelled.html")


def locked_out(request: HttpRequest, original_response, credentials: dict | None) -> HttpResponse:
    """The page for a locked-out sign-in (django-axes' AXES_LOCKOUT_CALLABLE), on the sign-in
    form and the admin's alike: what happened, how long it lasts and what to do meanwhile."""
    context = {
        "cool_off": _lifetime(int(settings.AXES_COOLOFF_TIME.total_seconds())),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "registration/locked_out.html", context, status=429)
