from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "Sessions, projects and resources"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the receivers to membership's signals)
