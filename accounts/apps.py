from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in: lockouts, password resets and invitations, single sign-on, sessions."""

    name = "accounts"
    verbose_name = "Sign-in"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import stamp_on_sign_in

        user_logged_in.connect(stamp_on_sign_in, dispatch_uid="accounts.stamp_on_sign_in")
