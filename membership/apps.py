from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = "People and membership"

    def ready(self):
        from . import (  # noqa: F401  (connects the receivers)
            cache_bumps,
            counters,
            forget_people,
            receivers,
        )
