"""The shared cache's own behaviour (ucl_cop/cache.py): one client per pool, and a clear() that
empties this site's keys only."""

import os

import pytest
from django.conf import settings
from django.core.cache import caches

from ucl_cop.cache import RedisCache, fixed_key

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


def _redis_only(cache):
    """A client that talks to Redis directly, behind the process's copies."""
    return cache._cache.get_client(write=True)


def test_a_fixed_entry_is_read_from_redis_once_then_from_the_process_copy():
    cache = caches["default"]
    key = fixed_key("shared-cache-check")
    cache.set(key, {"html": "<p>built</p>"}, 30)
    assert cache.get(key) == {"html": "<p>built</p>"}

    _redis_only(cache).delete(cache.make_key(key))  # gone from Redis, but kept here

    assert cache.get(key) == {"html": "<p>built</p>"}
    cache.clear()
    assert cache.get(key) is None


def test_an_entry_that_is_not_fixed_is_always_read_from_redis():
    cache = caches["default"]
    cache.set("shared-cache-check", 1, 30)
    assert cache.get("shared-cache-check") == 1

    _redis_only(cache).delete(cache.make_key("shared-cache-check"))

    assert cache.get("shared-cache-check") is None


def test_each_read_of_a_copy_is_a_new_object():
    cache = caches["default"]
    key = fixed_key("shared-cache-object")
    cache.set(key, {"seen": []}, 30)
    cache.get(key)["seen"].append("changed by one request")

    assert cache.get(key) == {"seen": []}


def test_the_copies_stay_within_their_size():
    small = RedisCache(
        settings.REDIS_URL,
        {**settings.CACHES["default"], "OPTIONS": {"FIXED_COPIES_BYTES": 2048}},
    )
    for number in range(10):
        small.set(fixed_key(f"shared-cache-size-{number}"), "x" * 500, 30)
        small.get(fixed_key(f"shared-cache-size-{number}"))

    assert small._copies.currsize <= 2048
    assert small.get(fixed_key("shared-cache-size-9")) == "x" * 500
    small.clear()
