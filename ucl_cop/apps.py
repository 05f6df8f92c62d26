from django.apps import AppConfig
from django.core import checks

from .checks import production_defaults


class UclCopConfig(AppConfig):
    """The wiring layer: site-wide commands and checks; it holds no models and no rules."""

    name = "ucl_cop"
    verbose_name = "UCL Communities of Practice"

    def ready(self):
        checks.register(production_defaults)
        self._remember_previous_sign_in_before_it_is_replaced()
        self._wait_the_full_time_once_the_database_answers()

    @staticmethod
    def _wait_the_full_time_once_the_database_answers() -> None:
        from django.db.backends.signals import connection_created

        from .unavailable import connection_handed_out

        connection_created.connect(connection_handed_out, dispatch_uid="connection_handed_out")

    @staticmethod
    def _remember_previous_sign_in_before_it_is_replaced() -> None:
        # Receivers run in the order they were connected, and django.contrib.auth connected
        # `update_last_login` first; it is put back after ours so ours still sees the old value.
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        from .signin import remember_previous_sign_in

        had_update = user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(remember_previous_sign_in, dispatch_uid="remember_previous_sign_in")
        if had_update:
            user_logged_in.connect(update_last_login, dispatch_uid="update_last_login")
