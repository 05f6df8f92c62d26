"""The shared cache's own behaviour (ucl_cop/cache.py): one client per pool, and a clear() that
empties this site's keys only."""

import os

import pytest
from django.conf import settings
from django.core.cache import caches

from ucl_cop.cache import RedisCache

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="needs Redis: set REDIS_URL (CI's PostgreSQL pass does)",
)


def test_every_call_reuses_one_client_for_its_pool():
    clients = caches["default"]._cache

    assert clients.get_client(write=True) is clients.get_client(write=True)
    assert clients.get_client("a key") is clients.get_client("another key")


def test_a_reused_client_still_reads_and_writes():
    cache = caches["default"]
    cache.set("reused-client-check", {"n": 1}, 30)
    cache.set("reused-client-check", {"n": 2}, 30)

    assert cache.get("reused-client-check") == {"n": 2}
    assert cache.get_many(["reused-client-check", "missing"]) == {"reused-client-check": {"n": 2}}


def test_clear_leaves_another_sites_keys_alone():
    ours = caches["default"]
    theirs = RedisCache(
        settings.REDIS_URL, {**settings.CACHES["default"], "KEY_PREFIX": "another-site"}
    )
    ours.set("ours", 1, 30)
    theirs.set("theirs", 2, 30)
    try:
        ours.clear()

        assert ours.get("ours") is None
        assert theirs.get("theirs") == 2
    finally:
        theirs.delete("theirs")
