from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = "Programme"

    def ready(self):
        from . import cache_bumps  # noqa: F401  (catalogue writes bump the cache versions)
