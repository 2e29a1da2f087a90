"""The shared cache (Redis) as a help, never a dependency: when it is unreachable, pages work without it.

Django's Redis cache raises when Redis is down, so every page that reads a cached value (the
dashboard's figures, the certificate check's rate limit) answered 500. This backend answers as an
empty cache instead: reads miss, writes are dropped, counters fail (``incr`` raises ValueError, which
django-ratelimit reads as "cannot count", and refuses). After a failure it does not try Redis again
for a few seconds, so that a dead cache costs one short timeout, not one per call.
"""

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisError, OSError)


class ResilientRedisCache(RedisCache):
    pause = 5.0  # seconds without trying Redis after a failure

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def _try(self, call, fallback):
        if time.monotonic() < self._down_until:
            return fallback()
        try:
            return call()
        except UNAVAILABLE as error:
            self._down_until = time.monotonic() + self.pause
            logger.warning("The cache is unreachable, pages work without it for now: %s", error)
            return fallback()

    def available(self) -> bool:
        """Whether Redis answers now (for the health check); never paused."""
        try:
            return bool(self._cache.get_client(write=True).ping())  # type: ignore[attr-defined]
        except UNAVAILABLE:
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._try(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), lambda: False
        )

    def get(self, key, default=None, version=None) -> Any:
        return self._try(lambda: super(ResilientRedisCache, self).get(key, default, version), lambda: default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        self._try(lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), lambda: None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._try(lambda: super(ResilientRedisCache, self).touch(key, timeout, version), lambda: False)

    def delete(self, key, version=None) -> bool:
        return self._try(lambda: super(ResilientRedisCache, self).delete(key, version), lambda: False)

    def get_many(self, keys, version=None) -> dict:
        return self._try(lambda: super(ResilientRedisCache, self).get_many(keys, version), dict)

    def has_key(self, key, version=None) -> bool:
        return self._try(lambda: super(ResilientRedisCache, self).has_key(key, version), lambda: False)

    def incr(self, key, delta=1, version=None) -> int:
        def cannot_count() -> int:
            raise ValueError("the cache is unreachable: nothing can be counted")

        return self._try(lambda: super(ResilientRedisCache, self).incr(key, delta, version), cannot_count)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        return self._try(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), lambda: list(data)
        )

    def delete_many(self, keys, version=None) -> None:
        self._try(lambda: super(ResilientRedisCache, self).delete_many(keys, version), lambda: None)

    def clear(self) -> None:
        self._try(lambda: super(ResilientRedisCache, self).clear(), lambda: None)
