"""Django's Redis cache backend, made for a Redis that may be down: a request never fails because of it.

One redis-py client per connection pool instead of one per call: Django's ``RedisCacheClient.get_client``
builds a new ``redis.Redis`` for every cache operation, and redis-py 8 fills a table of some 170 response
callbacks in each: on the bloc page, cold, those clients cost more CPU than the Redis round trips themselves
(cProfile, bench/README.md). A ``redis.Redis`` is thread-safe (each command takes a connection from the
pool), and the pool reconnects after a fork, so one client per pool serves every thread of a process.

Redis down (refused, timed out, reset): the cache answers as an empty cache that keeps nothing. A read is a
miss, a write does nothing, ``incr`` finds no key. So the ``cached_db`` sessions are read from and written
to the database alone. The socket timeouts of ``OPTIONS`` (config/settings/base.py) bound what one attempt costs;
after a failure the process leaves that Redis alone for ``RETRY_AFTER`` seconds, so an outage costs a page
nothing after the first attempt. "Redis is down" is logged when it happens, then at most once every
``WARN_EVERY`` seconds per process, not on every request.

After an outage, what the caches hold in Redis may be out of date: a logout deleted the session row but not
its cached copy. So a process that saw Redis down deletes the
keys of its caches (their ``KEY_PREFIX``, never Celery's) before it reads anything from them again. Each session
is then read from the database again, at the cost of a query. A process that never saw the outage missed no
write of its own.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
import time
from urllib.parse import urlsplit

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

# What an unreachable or hung Redis raises: redis-py wraps most socket errors, not all of them.
ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)
RETRY_AFTER = 5.0  # seconds a process leaves an unreachable Redis alone before trying again
WARN_EVERY = 60.0  # seconds between two "Redis is down" lines of one process during one outage
DELETE_BATCH = 500
_UNREACHABLE = object()
clock = time.monotonic  # tests move it on instead of waiting


class ReusingClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class Server:
    """What this process knows of one Redis server: whether it is down, and which of its caches there must
    forget what they hold before they are used again."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lock = threading.Lock()
        self.down_since: float | None = None  # clock()
        self.retry_at = 0.0
        self.warned_at: float | None = None
        self.prefixes: set[str] = set()  # the caches of this process on this server
        self.stale: set[str] = set()

    def waiting(self) -> bool:
        """Down, and not yet time to try again."""
        return self.down_since is not None and clock() < self.retry_at

    def failed(self, error: BaseException) -> None:
        now = clock()
        with self.lock:
            if self.down_since is None:
                self.down_since = now
            self.retry_at = now + RETRY_AFTER
            self.stale |= self.prefixes
            warn = self.warned_at is None or now - self.warned_at >= WARN_EVERY
            if warn:
                self.warned_at = now
            down_for = now - self.down_since
        if warn:
            logger.warning(
                "Redis is down (%s, for %.0f s; %s: %s): sessions are read from the database, pages are rendered "
                "without the cache, minutes renders stay queued (the sweep sends them); trying again every %.0f s",
                self.name, down_for, type(error).__name__, str(error).rstrip("."), RETRY_AFTER,
            )  # fmt: skip

    def recovered(self) -> None:
        with self.lock:
            if self.down_since is None:
                return
            down_for = clock() - self.down_since
            self.down_since = None
            self.warned_at = None  # the next outage is logged when it starts
        logger.warning("Redis is back (%s) after %.0f s.", self.name, down_for)


_SERVERS: dict[str, Server] = {}
_SERVERS_LOCK = threading.Lock()


def server_name(location: str) -> str:
    """host:port/db of a Redis URL, without the password it may hold: what the log lines show."""
    parts = urlsplit(location)
    return f"{parts.hostname}:{parts.port or 6379}{parts.path}" if parts.hostname else parts.path


def server(location: str) -> Server:
    with _SERVERS_LOCK:
        known = _SERVERS.get(location)
        if known is None:
            known = _SERVERS[location] = Server(server_name(location))
        return known


class Cache(RedisCache):
    def __init__(self, server_location, params) -> None:
        super().__init__(server_location, params)
        self._class = ReusingClient
        if not self.key_prefix:
            # Redis also holds Celery's queue: clear() and the cleaning after an outage delete by prefix.
            raise ImproperlyConfigured("config.redis_cache.Cache needs a KEY_PREFIX (Redis also holds Celery's queue).")
        self._server = server(self._servers[0])  # where writes go
        self._server.prefixes.add(self.key_prefix)

    def _call(self, fallback, operation, *args, **kwargs):
        """``operation``'s result, or ``fallback`` when Redis cannot be reached."""
        state = self._server
        if state.waiting():
            return fallback
        try:
            if self.key_prefix in state.stale:
                self._forget()
            result = operation(*args, **kwargs)
        except ERRORS as error:
            state.failed(error)
            return fallback
        if state.down_since is not None:  # read without the lock: this runs on every call
            state.recovered()
        return result

    def _forget(self) -> None:
        """Delete what this cache kept before an outage; Redis answers again if it succeeds."""
        deleted = self._delete_own_keys()
        self._server.recovered()
        self._server.stale.discard(self.key_prefix)
        logger.warning(
            "Redis (%s): what %s kept before the outage deleted (%d keys): it may be out of date.",
            self._server.name, self.key_prefix, deleted,
        )  # fmt: skip

    def _delete_own_keys(self) -> int:
        client = self._cache.get_client(write=True)
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self.key_prefix) + ":*"
        keys = client.scan_iter(match=pattern, count=1000)
        deleted = 0
        while batch := list(itertools.islice(keys, DELETE_BATCH)):
            deleted += client.unlink(*batch)
        return deleted

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._call(_UNREACHABLE, super().incr, key, delta, version)
        if result is _UNREACHABLE:  # what a missing key raises: nobody can count on a value it cannot read
            raise ValueError(f"Key '{key}' not found (Redis unreachable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(None, super().delete_many, keys, version)

    def clear(self):
        """Delete this cache's keys, not the whole database (Django's FLUSHDB): it also holds Celery's queue."""
        return self._call(False, self._clear)

    def _clear(self) -> bool:
        self._delete_own_keys()
        return True
