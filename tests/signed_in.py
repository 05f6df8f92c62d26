"""Helpers for the tests of cheap signed-in requests: a shared cache, and a second worker's client.

These tests commit for real (transactional), since the cache forgets a person only after a
change commits, and the session's user and roles are cached only outside a transaction.
"""

import os
from contextlib import contextmanager

import pytest
from django.core.cache import caches

REDIS_URL = os.environ.get("REDIS_URL", "")

needs_redis = pytest.mark.skipif(
    not REDIS_URL,
    reason="needs Redis, the cache gunicorn's workers share (sessions and users live there only "
    "then): set REDIS_URL (such as redis://127.0.0.1:6379/10) to run it",
)

# Real commits, and the data migrations' rows (the Head's group) back for the tests after.
committing = pytest.mark.usefixtures("transactional_db", "django_db_serialized_rollback")


@pytest.fixture
def shared_cache(settings):
    """Per-person caching on. With REDIS_URL it already is; without, the local-memory cache
    stands in, which is exact here because a test runs in one process."""
    settings.SHARED_CACHE = True


@contextmanager
def another_worker():
    """Requests inside use a second cache client (its own connections), as another worker
    would: only what is in the shared cache itself reaches them."""
    first = caches["default"]
    caches["default"] = caches.create_connection("default")
    try:
        yield
    finally:
        caches["default"].close()
        caches["default"] = first
