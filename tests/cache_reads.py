"""Count the cache's reads of a request: each ``get`` or ``get_many`` is one round trip."""

from django.core.cache import cache


def count_cache_reads(monkeypatch) -> list:
    """The keys (or lists of keys) the cache is asked for from now on, one entry a read."""
    reads, inside = [], []
    for name in ("get", "get_many"):
        real = getattr(cache, name)

        def counted(key, *args, _real=real, **kwargs):
            if inside:  # local memory's get_many calls get: one read all the same
                return _real(key, *args, **kwargs)
            reads.append(key)
            inside.append(key)
            try:
                return _real(key, *args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(cache, name, counted)
    return reads
