"""The shared cache: Django's Redis cache, whose `clear()` empties this site's keys only.

Django's own `clear()` empties the whole Redis database (FLUSHDB). With a KEY_PREFIX (set by
DJANGO_CACHE_KEY_PREFIX) several users may share one database: another site, or the test run's
parallel workers, which each clear the cache between tests and must not empty each other's.
"""

import re

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

_GLOB_SPECIAL = re.compile(r"([*?\[\]\\])")


class RedisCache(DjangoRedisCache):
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
