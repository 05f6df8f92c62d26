"""Test-run environment, loaded as a pytest plugin (-p) so it is set before Django reads settings.

Tests run with the development defaults (no HTTPS redirect, cookies over plain HTTP for the
live server) but override STORAGES in tests/conftest.py so no collected manifest is needed.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# With REDIS_URL set, every test run and each of its parallel workers keeps its own keys in the
# shared Redis, and clearing the cache between tests empties its own keys only (ucl_cop/cache.py).
# Not setdefault: the workers inherit the controller's environment.
os.environ["DJANGO_CACHE_KEY_PREFIX"] = (
    f"test-{os.getpid()}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
)
