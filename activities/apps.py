from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "Sessions, projects and resources"

    def ready(self):
        # Connects the receivers: to membership's signals, and the bumps of cache versions.
        from membership import cached_parts

        from . import cache_bumps, project_selectors, receivers  # noqa: F401

        # /me/ shows my projects and sessions through this app's tags; its cache must know
        # their communities before it reads them.
        cached_parts.ME_COMMUNITY_SOURCES.append(project_selectors.communities_on_my_page)
