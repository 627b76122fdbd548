"""The cache backend: Django's Redis cache, its client built once per server, and the near
copies each process keeps while it hears the changes."""

import time
import uuid

import pytest
import redis
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

from safety_portal import cache as cache_module
from safety_portal.cache import NearCopies, RedisCache, near_copies


def test_the_cache_reads_and_writes_through_one_client(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (REDIS_URL)")
    cache.set("answer", {"value": 42}, 30)
    cache.set("count", 1, 30)
    cache.incr("count")
    assert cache.get_many(["answer", "count", "missing"]) == {"answer": {"value": 42}, "count": 2}
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client


# --- near copies ------------------------------------------------------------------------


def _eventually(check, seconds=5.0):
    """Wait for what another process's message brings about (a few ms, usually)."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.fixture
def near(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (REDIS_URL)")
    copies = near_copies(cache)
    assert _eventually(lambda: copies.listening)
    return copies


@pytest.fixture
def another_process(near):
    """Another process's near copies of the same cache: the same channel, its own name."""
    return NearCopies(near._client, near._channel)


def test_a_copy_is_kept_until_any_process_announces_its_change(near, another_process):
    near.keep("public-version:westport", 7, near.mark())
    near.keep("public-version:norwalk", 3, near.mark())
    assert near.get("public-version:westport") == 7

    another_process.changed("public-version:westport")
    assert _eventually(lambda: near.get("public-version:westport") is None)
    assert near.get("public-version:norwalk") == 3

    near.changed("public-version:norwalk")  # this process: dropped before it returns
    assert near.get("public-version:norwalk") is None


def test_a_value_read_before_a_change_was_heard_is_not_kept(near, another_process):
    mark = near.mark()
    # The value is read here; a change is announced before it is kept.
    another_process.changed("public-version:westport")
    assert _eventually(lambda: near.mark() != mark)
    near.keep("public-version:westport", 7, mark)
    assert near.get("public-version:westport") is None
    near.keep("public-version:westport", 8, near.mark())
    assert near.get("public-version:westport") == 8


def test_clearing_the_cache_drops_every_copy(near, another_process):
    near.keep("a", 1, near.mark())
    near.keep("b", 2, near.mark())
    cache.clear()
    assert near.get("a") is None and near.get("b") is None
    near.keep("a", 1, near.mark())
    another_process.clear()
    assert _eventually(lambda: near.get("a") is None)


def test_a_copy_is_trusted_for_a_few_seconds_at_most(near, monkeypatch):
    near.keep("a", 1, near.mark())
    monkeypatch.setattr(cache_module, "NEAR_MAX_AGE", 0.01)
    time.sleep(0.02)
    assert near.get("a") is None


def test_no_copy_is_trusted_while_the_process_does_not_hear_the_changes(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (REDIS_URL)")
    name = f"near-test-{uuid.uuid4().hex}"
    client = redis.Redis.from_url(settings.REDIS_URL, client_name=name)
    near = NearCopies(lambda: client, f"near-test:{name}")
    assert _eventually(lambda: near.listening)
    near.keep("a", 1, near.mark())
    assert near.get("a") == 1

    # Its connection dies (a restart of Redis, a network cut): every copy goes, none is
    # kept until it hears again, and then it does.
    admin = redis.Redis.from_url(settings.REDIS_URL)
    listener = [c for c in admin.client_list() if c["name"] == name and "P" in c["flags"]]
    assert len(listener) == 1
    admin.client_kill_filter(_id=listener[0]["id"])
    assert _eventually(lambda: near.get("a") is None)
    assert _eventually(lambda: near.listening)
    near.keep("a", 2, near.mark())
    assert near.get("a") == 2
    admin.close()


def test_a_cache_that_is_not_redis_keeps_no_copies():
    near = near_copies(LocMemCache("x", {}))
    near.keep("a", 1, near.mark())
    assert near.get("a") is None and not near.listening


def test_the_channel_of_the_near_copies_does_not_show_the_servers_password():
    secret = RedisCache("redis://:s3cret-pass@redis.internal:6379/0", {"KEY_PREFIX": "sp"})
    other = RedisCache("redis://:s3cret-pass@redis.internal:6379/1", {"KEY_PREFIX": "sp"})
    assert "s3cret" not in secret.near._channel and "redis.internal" not in secret.near._channel
    assert secret.near._channel != other.near._channel  # two servers do not hear each other
