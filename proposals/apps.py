from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = "Proposed communities"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the receiver to membership's signals)
