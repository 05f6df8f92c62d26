"""The shared cache: Django's Redis cache, with two changes.

- `clear()` empties this site's keys only. Django's own empties the whole Redis database
  (FLUSHDB). With a KEY_PREFIX (set by DJANGO_CACHE_KEY_PREFIX) several users may share one
  database: another site, or the test run's parallel workers, which each clear the cache between
  tests and must not empty each other's.
- One redis-py client per connection pool, made once. Django builds a new `redis.Redis` for every
  cache call, and building one fills its table of ~170 response callbacks, twice: 0.3 ms, more
  than the round trip itself, on each of the dozen calls a signed-in page makes. A client holds
  no connection of its own (it borrows one from the pool for each command) and redis-py says
  clients may be shared between threads, so one per pool is safe.
"""

import re

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

_GLOB_SPECIAL = re.compile(r"([*?\[\]\\])")


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
        super().__init__(server, params)
        self._class = ReusedClients

    def clear(self) -> bool:
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
