"""System checks for production settings that Django's own checks do not know about.

They run on every management command (not only `check --deploy`) and only when DEBUG is off,
so a production container that kept a development default says so at start-up.
"""

import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

IMMEDIATE_TASKS_BACKEND = "django.tasks.backends.immediate.ImmediateBackend"
# Exact only within one process (communities/versions.py): never behind several workers.
PER_PROCESS_CACHE = "django.core.cache.backends.locmem.LocMemCache"


def production_defaults(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if settings.DEBUG:
        return []
    warnings = []
    site = urlsplit(settings.SITE_URL)
    if site.scheme != "https" or not site.netloc:
        warnings.append(
            checks.Warning(
                f"DJANGO_SITE_URL is {settings.SITE_URL!r}, not an https:// address: "
                "invitation and notice links in emails would point at it.",
                hint="Set DJANGO_SITE_URL to the site's public address, such as "
                "https://cop.ucl.ac.uk.",
                id="ucl_cop.W001",
            )
        )
    if settings.TASKS["default"]["BACKEND"] == IMMEDIATE_TASKS_BACKEND:
        warnings.append(
            checks.Warning(
                "Background tasks use the immediate backend: every email is sent inside the "
                "request that queues it, which waits on the mail server.",
                hint="Set DJANGO_TASKS_BACKEND=django_tasks_db.DatabaseBackend and run the "
                "worker (python manage.py db_worker).",
                id="ucl_cop.W002",
            )
        )
    if (
        settings.CACHES["default"]["BACKEND"] == PER_PROCESS_CACHE
        and os.environ.get("WEB_CONCURRENCY", "").strip() != "1"
    ):
        warnings.append(
            checks.Warning(
                "The cache is each process's own memory (REDIS_URL is not set): with several "
                "gunicorn workers, a page cached in one would not show a change made through "
                "another.",
                hint="Set REDIS_URL to a Redis that every worker shares (or WEB_CONCURRENCY=1 "
                "for a single process).",
                id="ucl_cop.W003",
            )
        )
    return warnings
