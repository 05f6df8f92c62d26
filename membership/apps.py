from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = "People and membership"

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
