from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in: lockouts, password resets and invitations, single sign-on, sessions."""

    name = "accounts"
    verbose_name = "Sign-in"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from membership.signals import person_anonymised

        from .middleware import stamp_on_sign_in
        from .receivers import forget_sign_in_accounts

        user_logged_in.connect(stamp_on_sign_in, dispatch_uid="accounts.stamp_on_sign_in")
        person_anonymised.connect(
            forget_sign_in_accounts, dispatch_uid="accounts.forget_sign_in_accounts"
        )
