"""A Redis cache client whose ``clear()`` forgets this cache's keys only.

django-redis clears with FLUSHDB, which would also wipe the Celery queues when the broker
shares the Redis database, and the keys of other processes (parallel test workers, another
deployment) that use a different KEY_PREFIX. Clearing by prefix costs a SCAN, and
``cache.clear()`` is rare outside tests.
"""

from django_redis.client import DefaultClient
from django_redis.client.default import glob_escape
from django_redis.util import CacheKey


class PrefixScopedClient(DefaultClient):
    def clear(self, client=None) -> None:
        # Every version: Wagtail keeps its site root paths under version 2.
        prefix = glob_escape(self._backend.key_prefix)
        pattern = CacheKey(self._backend.key_func("*", prefix, "*"))
        self.delete_pattern(pattern, client=client)
