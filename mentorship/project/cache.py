"""A Redis cache that behaves as an empty cache while Redis is unreachable.

The site keeps nothing in the cache that it cannot lose: sessions and the outbox are in the
database, and the cache holds only allauth's rate-limit counters and used TOTP codes. So when
Redis is down, signing in should still work rather than fail with a 500. While it is down, every
read misses, every add succeeds and writes are dropped: rate limits and TOTP replay protection
are not enforced for the length of the outage, which is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _as_if_empty(answer: Callable[..., Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """On a connection failure, answer what an empty cache would (`answer` gets the arguments)."""

    def decorate(method: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(method)
        def forgiving(self: RedisCacheClient, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                logger.warning("Cache unavailable (%s); carrying on without it", error)
                return answer(*args, **kwargs)

        return forgiving

    return decorate


def _missing_key(key: str, delta: int) -> int:
    raise ValueError(f"Key '{key}' not found.")


class ForgivingRedisCacheClient(RedisCacheClient):
    add = _as_if_empty(lambda key, value, timeout: True)(RedisCacheClient.add)
    get = _as_if_empty(lambda key, default: default)(RedisCacheClient.get)
    set = _as_if_empty(lambda key, value, timeout: None)(RedisCacheClient.set)
    touch = _as_if_empty(lambda key, timeout: False)(RedisCacheClient.touch)
    delete = _as_if_empty(lambda key: False)(RedisCacheClient.delete)
    get_many = _as_if_empty(lambda keys: {})(RedisCacheClient.get_many)
    has_key = _as_if_empty(lambda key: False)(RedisCacheClient.has_key)
    incr = _as_if_empty(_missing_key)(RedisCacheClient.incr)
    set_many = _as_if_empty(lambda data, timeout: None)(RedisCacheClient.set_many)
    delete_many = _as_if_empty(lambda keys: None)(RedisCacheClient.delete_many)
    clear = _as_if_empty(lambda: False)(RedisCacheClient.clear)


class ForgivingRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ForgivingRedisCacheClient
