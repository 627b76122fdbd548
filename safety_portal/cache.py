"""Django's Redis cache, with one Redis client per server instead of one per call, and
near copies of a few values in each process.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache
operation, and redis-py fills some two hundred response callbacks in each: about
0.15 ms of a request, more than the whole "hello" floor, for a public page served
from the cache (committees/public_cache.py). A ``redis.Redis`` is safe to share
between threads, and its connection pool notices a fork, so one per server will do.

**Near copies** (``near_copies(cache)``) keep a few values in this process's memory, for
reads that would otherwise pay a Redis round trip on every request: the public pages'
versions and stored pages, where the round trip is some 0.2 ms and the rest of the answer
0.02. A copy is trusted only while this process is subscribed, on Redis's pub/sub, to
the changes every process announces (``changed``), and each use first applies the
changes waiting there. A copy is dropped when its change is applied, when the cache is
cleared, when the subscription is lost (every copy then), and at the latest
``NEAR_MAX_AGE`` seconds after it was read. The process that makes a change drops its
own copy at once, the others as soon as Redis has delivered the message: a reader in
between gets what a reader a moment earlier got. A value read before a change was
applied is never kept after it.
"""

import contextlib
import hashlib
import logging
import os
import threading
import time
import uuid

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)

# The longest a copy is trusted without a new read: the backstop should a message ever
# be lost without the listening stopping.
NEAR_MAX_AGE = 10.0
# How many copies a process keeps; the oldest go first.
NEAR_SIZE = 256
# How long a process waits before subscribing again once Redis is away.
_RETRY_SECONDS = 1.0


class _SharedClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class NoCopies:
    """For a cache that is not Redis (the quick start's, in memory already): no copies."""

    listening = False

    def get(self, key):
        return None

    def mark(self) -> int:
        return 0

    def keep(self, key, value, mark: int) -> None:
        pass

    def changed(self, key) -> None:
        pass

    def clear(self) -> None:
        pass


class NearCopies(NoCopies):
    """This process's copies of some values of one Redis cache (module docstring).

    No thread: each use first applies the changes waiting on this process's subscription
    (a poll of its socket, a few microseconds), so that a change Redis has delivered is
    always applied before a copy is trusted. A subscription that dies, or that Redis
    drops for falling behind, is noticed at the next use.
    """

    def __init__(self, client, channel: str):
        self._client = client  # () -> redis.Redis
        self._channel = channel
        self._lock = threading.RLock()
        self._copies: dict[str, tuple[object, float]] = {}
        self._heard = 0  # changes heard, and losses of the subscription
        self._pubsub = None
        self._listening = False  # subscribed, and Redis has said so
        self._retry_at = 0.0
        self._pid: int | None = None
        self._me = ""  # this process's name on the channel

    @property
    def listening(self) -> bool:
        """Does this process hear the changes now (else no copy is trusted)?"""
        with self._lock:
            self._hear()
            return self._listening

    def get(self, key):
        """The copy of ``key``, or None (none kept, too old, or not listening)."""
        with self._lock:
            self._hear()
            found = self._copies.get(key)
            if found is None or not self._listening:
                return None
            value, read_at = found
            return value if time.monotonic() - read_at <= NEAR_MAX_AGE else None

    def mark(self) -> int:
        """Where the changes heard stand: take it before reading a value to ``keep``."""
        with self._lock:
            self._hear()
            return self._heard

    def keep(self, key, value, mark: int) -> None:
        """Keep ``value`` (not None), read from Redis after ``mark``, unless a change was
        heard since: the value read may be the one it replaced."""
        with self._lock:
            self._hear()
            if not self._listening or self._heard != mark:
                return
            self._copies.pop(key, None)
            self._copies[key] = (value, time.monotonic())
            if len(self._copies) > NEAR_SIZE:
                del self._copies[next(iter(self._copies))]

    def changed(self, key) -> None:
        """Say that ``key`` changed in Redis: dropped here now, in every process on hearing."""
        with self._lock:
            self._forget(key)
            me = self._name()
        self._client().publish(self._channel, f"{me} {key}")

    def clear(self) -> None:
        """Drop every copy, in every process (a message without a key)."""
        with self._lock:
            self._forget(None)
            me = self._name()
        self._client().publish(self._channel, f"{me} ")

    # Under the lock, from here on.

    def _name(self) -> str:
        """Who this process is on the channel: it does not drop its copies a second time
        for the changes it announced itself. A forked process starts afresh."""
        if self._pid != os.getpid():
            self._pid, self._me = os.getpid(), uuid.uuid4().hex
            self._pubsub = None  # the parent's socket: never read from the child
            self._deaf()
        return self._me

    def _forget(self, key) -> None:
        self._heard += 1
        if key is None:
            self._copies.clear()
        else:
            self._copies.pop(key, None)

    def _deaf(self) -> None:
        self._listening = False
        self._forget(None)

    def _hear(self) -> None:
        """Subscribe if need be (at most once a second while Redis is away), then apply
        every change waiting on the subscription."""
        me = self._name()
        if self._pubsub is None:
            if time.monotonic() < self._retry_at:
                return
            try:
                self._pubsub = self._client().pubsub()
                self._pubsub.subscribe(self._channel)
            except Exception:
                self._lost()
                return
        try:
            while (message := self._pubsub.get_message(timeout=0.0)) is not None:
                if message["type"] == "subscribe":
                    # Subscribed, perhaps again after redis-py reconnected on its own:
                    # what was said in between is lost, so nothing older is trusted.
                    self._forget(None)
                    self._listening = True
                elif message["type"] == "message":
                    sender, _, key = message["data"].decode().partition(" ")
                    if sender != me:
                        self._forget(key or None)
        except Exception:
            self._lost()

    def _lost(self) -> None:
        if self._listening:  # once an outage, not at every use
            logger.warning("Near copies: no longer hearing %s", self._channel, exc_info=True)
        pubsub, self._pubsub = self._pubsub, None
        if pubsub is not None:
            with contextlib.suppress(Exception):
                pubsub.close()
        self._deaf()
        self._retry_at = time.monotonic() + _RETRY_SECONDS


_NEAR: dict[str, NearCopies] = {}
_NEAR_LOCK = threading.Lock()


def near_copies(cache) -> NoCopies:
    """The near copies of ``cache``: one per server and prefix in a process, whatever the
    thread (Django builds a cache object per thread)."""
    return getattr(cache, "near", None) or NoCopies()


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClient
        # Named after the server without showing it: its address may hold a password,
        # and the channel's name goes into the logs.
        where = hashlib.sha256(f"{server}|{self.key_prefix}".encode()).hexdigest()[:16]
        channel = f"near-copies:{where}"
        with _NEAR_LOCK:
            if channel not in _NEAR:
                _NEAR[channel] = NearCopies(lambda: self._cache.get_client(write=True), channel)
            self.near = _NEAR[channel]

    def clear(self):
        cleared = super().clear()
        self.near.clear()
        return cleared
