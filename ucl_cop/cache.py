"""The shared cache: Django's Redis cache, with three changes.

- `clear()` empties this site's keys only. Django's own empties the whole Redis database
  (FLUSHDB). With a KEY_PREFIX (set by DJANGO_CACHE_KEY_PREFIX) several users may share one
  database: another site, or the test run's parallel workers, which each clear the cache between
  tests and must not empty each other's.
- One redis-py client per connection pool, made once. Django builds a new `redis.Redis` for every
  cache call, and building one fills its table of ~170 response callbacks, twice: 0.3 ms, more
  than the round trip itself, on each of the dozen calls a signed-in page makes. A client holds
  no connection of its own (it borrows one from the pool for each command) and redis-py says
  clients may be shared between threads, so one per pool is safe.
- Each process keeps its own copy of the *fixed* entries it reads: those whose key starts with
  `FIXED` (`fixed_key`). Such a key names the versions its value was built from (a community's,
  a person's), so the value stored under it never changes: a write makes new keys, and never
  rewrites an old one. A copy therefore stays exact for as long as it is kept, and a hit costs
  no round trip: the 125 KB of an anonymous visitor's cached list, a report's 230 KB body, a
  community page's parts. The copies are the stored bytes, unpickled on each read, so no request
  can change what another is given; the least recently used go first beyond
  FIXED_COPIES_BYTES (`OPTIONS`, default 32 MiB a process). What makes a fixed entry stop being
  true with time is inside its value (communities.fragments' `until`), not its Redis expiry.
"""

import re
import threading

from cachetools import LRUCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

FIXED = "fixed:"
_GLOB_SPECIAL = re.compile(r"([*?\[\]\\])")


def fixed_key(key: str) -> str:
    """`key` as a fixed entry's key: its value will never change (see the module)."""
    return FIXED + key


class ReusedClients(RedisCacheClient):
    """Django's Redis client maker, handing out one client per pool (see the module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        copies_bytes = options.pop("FIXED_COPIES_BYTES", 32 * 1024 * 1024)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClients
        self._copies = LRUCache(maxsize=copies_bytes, getsizeof=len)
        self._copies_lock = threading.Lock()  # gunicorn's threads share a process's copies

    def get(self, key, default=None, version=None):
        if not key.startswith(FIXED):
            return super().get(key, default, version)
        full_key = self.make_and_validate_key(key, version=version)
        with self._copies_lock:
            stored = self._copies.get(full_key)
        if stored is None:
            stored = self._cache.get_client(full_key).get(full_key)
            if stored is None:
                return default
            if len(stored) <= self._copies.maxsize:
                with self._copies_lock:
                    self._copies[full_key] = stored
        return self._cache._serializer.loads(stored)

    def clear(self) -> bool:
        with self._copies_lock:
            self._copies.clear()
        if not self.key_prefix:
            return super().clear()
        client = self._cache.get_client(write=True)
        pattern = _GLOB_SPECIAL.sub(r"\\\1", self.key_prefix) + ":*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.unlink(*batch)
                batch.clear()
        if batch:
            client.unlink(*batch)
        return True
