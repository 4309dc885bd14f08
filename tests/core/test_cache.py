"""cache.clear() on Redis forgets this cache's own keys, every version, and nothing else: the
Celery queues and other processes' keys in the same database survive."""

import uuid

import pytest
from django.core.cache import cache
from django_redis import get_redis_connection

pytestmark = pytest.mark.services


@pytest.fixture
def redis_cache(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (the Redis cache); .ci/run sets it")
    return get_redis_connection("default")


def test_clear_keeps_foreign_keys_and_drops_every_version_of_its_own(redis_cache):
    foreign = f"celery-like-queue-{uuid.uuid4().hex}"
    redis_cache.rpush(foreign, "message")
    cache.set("page", "v1")
    cache.set("site-root-paths", "v2", version=2)
    try:
        cache.clear()
        assert cache.get("page") is None
        assert cache.get("site-root-paths", version=2) is None
        assert redis_cache.lrange(foreign, 0, -1) == [b"message"]
    finally:
        redis_cache.delete(foreign)


def test_redis_replies_are_parsed_by_hiredis(redis_cache):
    """hiredis is pinned for redis-py to parse replies in C (every cache read, the rate
    limits, the broker): redis-py picks it at import, so check that it did, on the cache's
    own connection."""
    from redis._parsers import _HiredisParser
    from redis.utils import HIREDIS_AVAILABLE

    assert HIREDIS_AVAILABLE
    redis_cache.ping()
    connection = redis_cache.connection_pool.get_connection()
    try:
        assert isinstance(connection._parser, _HiredisParser)
    finally:
        redis_cache.connection_pool.release(connection)
