from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "Sessions, projects and resources"

    def ready(self):
        # Connects the receivers: to membership's signals, and the bumps of cache versions.
        from . import cache_bumps, receivers  # noqa: F401
