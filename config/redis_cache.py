"""Django's Redis cache backend, with one redis-py client per connection pool instead of one per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache operation, and
redis-py 8 fills a table of some 170 response callbacks in each: on the bloc page, cold, those clients cost
more CPU than the Redis round trips themselves (cProfile, bench/README.md). A ``redis.Redis`` is
thread-safe (each command takes a connection from the pool), and the pool reconnects after a fork, so one
client per pool serves every thread of a process.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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


class Cache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusingClient
