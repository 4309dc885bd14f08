"""A Redis cache client whose ``clear()`` forgets this cache's keys only.

django-redis clears with FLUSHDB, which would also wipe the Celery queues when the broker
shares the Redis database, and the keys of other processes (parallel test workers, another
deployment) that use a different KEY_PREFIX. Clearing by prefix costs a SCAN, and
``cache.clear()`` is rare outside tests.

Redis down or hung must cost a request at most one socket timeout: see the breaker below.
"""

import logging
import time
from urllib.parse import urlsplit

import redis
import redis.connection
import redis.exceptions
from django_redis.client import DefaultClient
from django_redis.client.default import glob_escape
from django_redis.exceptions import ConnectionInterrupted
from django_redis.pool import ConnectionFactory
from django_redis.util import CacheKey


class PrefixScopedClient(DefaultClient):
    def add(self, *args, **kwargs) -> bool:
        """With Redis down and IGNORE_EXCEPTIONS, "added": a lock taken through the cache is
        granted, as the rest of the cache fails open. (allauth's rate limits lock with
        ``cache.add``: a refused add made them wait a second, then answer 429 to every
        sign-in and sign-up while Redis was down.)"""
        try:
            return super().add(*args, **kwargs)
        except ConnectionInterrupted:
            if not getattr(self._backend, "_ignore_exceptions", False):
                raise
            return True

    def clear(self, client=None) -> None:
        # Every version: Wagtail keeps its site root paths under version 2.
        prefix = glob_escape(self._backend.key_prefix)
        pattern = CacheKey(self._backend.key_func("*", prefix, "*"))
        self.delete_pattern(pattern, client=client)


# --- Fail fast when Redis is down or hung --------------------------------------------------
# django-redis's IGNORE_EXCEPTIONS turns a connection error into a cache miss, and the
# socket timeouts bound each command; but a request makes several cache calls, and each
# would wait its full timeout on a Redis that accepts connections and never answers. After
# one failure this process treats the cache as down for BREAKER_SECONDS: every command then
# fails at once (a miss), and one command after the pause tries Redis again.
BREAKER_SECONDS = 5.0
_down_until = 0.0


def cache_marked_down() -> bool:
    return time.monotonic() < _down_until


def _trip() -> None:
    global _down_until
    _down_until = time.monotonic() + BREAKER_SECONDS


def reset_breaker() -> None:
    global _down_until
    _down_until = 0.0


class CacheMarkedDown(redis.exceptions.ConnectionError):
    """Raised without trying Redis, during the pause after a failure."""


class SkipMarkedDown(logging.Filter):
    """Log the failure that opened the pause, not every command skipped during it."""

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, CacheMarkedDown) and not isinstance(
            getattr(error, "__cause__", None), CacheMarkedDown
        )


class FailFastConnection(redis.connection.Connection):
    def connect(self):
        # Called before every command (ConnectionPool.get_connection), connected or not.
        if cache_marked_down():
            raise CacheMarkedDown("cache marked down after a recent failure")
        try:
            super().connect()
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError):
            _trip()
            raise

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError):
            _trip()
            raise


class FailFastConnectionFactory(ConnectionFactory):
    """django-redis's factory, with ``FailFastConnection`` for plain ``redis://`` URLs."""

    def make_connection_params(self, url: str) -> dict:
        params = super().make_connection_params(url)
        if urlsplit(url).scheme == "redis":
            params["connection_class"] = FailFastConnection
        return params
