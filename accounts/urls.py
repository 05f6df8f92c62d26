"""Sign-in URLs. The contract's /accounts/login/, /accounts/logout/ and reset URLs keep Django's
names; single sign-on lives under /accounts/oidc/, with the names allauth reverses."""

from django.urls import path

from . import sso, views

urlpatterns = [
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    # allauth sends people back to its "account_login" when a sign-in step fails: ours.
    path("accounts/login/", views.SignInView.as_view(), name="account_login"),
    path("accounts/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password_reset/done/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        views.InvitationConfirmView.as_view(),
        name="invitation_confirm",
    ),
    path("accounts/inactive/", views.account_inactive, name="account_inactive"),
    path("accounts/oidc/<str:provider_id>/login/", sso.oidc_login, name="openid_connect_login"),
    path(
        "accounts/oidc/<str:provider_id>/login/callback/",
        sso.oidc_callback,
        name="openid_connect_callback",
    ),
    path("accounts/oidc/signup/", views.sso_no_account, name="socialaccount_signup"),
    path("accounts/oidc/cancelled/", views.sso_cancelled, name="socialaccount_login_cancelled"),
]
