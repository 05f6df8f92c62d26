"""With DEBUG off, a development default for the site address, the task backend or the cache
warns."""

import pytest
from django.core.checks import run_checks

from ucl_cop.checks import IMMEDIATE_TASKS_BACKEND, PER_PROCESS_CACHE

DATABASE_TASKS_BACKEND = "django_tasks_db.DatabaseBackend"

# run_checks() includes the model checks, which ask the database connection about itself.
pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    """Production with the right values: each test spoils one of them."""
    settings.DEBUG = False
    settings.SITE_URL = "https://cop.ucl.ac.uk"
    settings.TASKS = {"default": {"BACKEND": DATABASE_TASKS_BACKEND}}
    # A shared cache (nothing connects to it here: the checks only read the setting).
    settings.CACHES = {
        "default": {
            "BACKEND": "ucl_cop.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": "checks-only",
        }
    }
    return settings


def warning_ids() -> set[str]:
    return {message.id for message in run_checks() if message.id.startswith("ucl_cop.")}


def test_production_with_https_and_the_database_backend_gives_no_warning(production):
    assert warning_ids() == set()


@pytest.mark.parametrize("site_url", ["http://127.0.0.1:8000", "http://cop.ucl.ac.uk", "https://"])
def test_a_site_url_that_is_not_https_warns_about_the_links_in_emails(production, site_url):
    production.SITE_URL = site_url

    (warning,) = [message for message in run_checks() if message.id == "ucl_cop.W001"]

    assert "invitation and notice links" in warning.msg
    assert "DJANGO_SITE_URL" in warning.hint
    assert warning_ids() == {"ucl_cop.W001"}


def test_the_immediate_task_backend_warns_and_names_the_database_backend(production):
    production.TASKS = {"default": {"BACKEND": IMMEDIATE_TASKS_BACKEND}}

    (warning,) = [message for message in run_checks() if message.id == "ucl_cop.W002"]

    assert "DJANGO_TASKS_BACKEND=django_tasks_db.DatabaseBackend" in warning.hint
    assert warning_ids() == {"ucl_cop.W002"}


def test_a_per_process_cache_warns_when_several_workers_would_use_it(production, monkeypatch):
    production.CACHES = {"default": {"BACKEND": PER_PROCESS_CACHE}}
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)

    (warning,) = [message for message in run_checks() if message.id == "ucl_cop.W003"]

    assert "REDIS_URL" in warning.hint
    assert warning_ids() == {"ucl_cop.W003"}
    monkeypatch.setenv("WEB_CONCURRENCY", "1")  # one process: exact
    assert warning_ids() == set()


def test_the_check_also_runs_with_the_deployment_checks(production):
    production.SITE_URL = "http://cop.ucl.ac.uk"
    production.TASKS = {"default": {"BACKEND": IMMEDIATE_TASKS_BACKEND}}

    ids = {message.id for message in run_checks(include_deployment_checks=True)}

    assert {"ucl_cop.W001", "ucl_cop.W002"} <= ids


def test_development_defaults_give_no_warning_in_debug(settings):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.TASKS = {"default": {"BACKEND": IMMEDIATE_TASKS_BACKEND}}

    assert warning_ids() == set()
