"""The cache backend: Django's Redis cache, its client built once per server."""

import pytest
from django.core.cache import cache


def test_the_cache_reads_and_writes_through_one_client(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (REDIS_URL)")
    cache.set("answer", {"value": 42}, 30)
    cache.set("count", 1, 30)
    cache.incr("count")
    assert cache.get_many(["answer", "count", "missing"]) == {"answer": {"value": 42}, "count": 2}
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
