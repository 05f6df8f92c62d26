from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = "People and membership"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the receivers)
