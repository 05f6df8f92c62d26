from django.apps import AppConfig
from django.core import checks

from .checks import production_defaults


class UclCopConfig(AppConfig):
    """The wiring layer: site-wide commands and checks; it holds no models and no rules."""

    name = "ucl_cop"
    verbose_name = "UCL Communities of Practice"

    def ready(self):
        checks.register(production_defaults)
