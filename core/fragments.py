"""Rendered parts of the long pages, kept in the ``fragments`` cache until the data changes.

The dashboard, the bloc, agency and meeting pages, search and the navigation bar render the same HTML again
and again between two changes of the data. ``{% fragment %}`` (blocs/templatetags/fragments.py) keeps such a
part, rendered, under a key made of what it shows (the bloc, the year, the user whose view it is…), the
language and the **data version**: a token in the cache that changes whenever the database does. A part
rendered before a change is never served after it: its key names the old version.

Which writes change the version: every INSERT, UPDATE, DELETE or TRUNCATE sent through Django's database
connections (ORM saves and deletes, ``QuerySet.update()``, bulk creation, raw SQL; in web requests, Celery
workers and management commands alike), but those on tables no page shows (sessions, django-axes' login
records) and the stamp of a user's last login. A write inside a transaction changes it when the transaction
commits (``on_commit``), once per transaction however many rows it writes; a write outside one, at once.
Three other rules:

- a process that has read the version since its last change also changes it at the first write, without
  waiting for the commit: a test inside a transaction that is never committed sees its own writes;
- a part rendered inside a transaction that has written (and is not a test's own) is neither served from
  the cache nor kept there (``inside_unfinished_write()``): a rollback would leave it under a current version;
- Redis down, the version reads as None: every part is rendered, none kept, and the users' rows are read
  from the database (members/middleware.py). A change made meanwhile cannot reach the version, so a process
  that saw Redis down deletes every part, the version with them, before it reads one again
  (config/redis_cache.py): once Redis is back, the first page of that process starts a new version. The
  last guard, for a write whose process ended before Redis came back while no other process saw the
  outage (a management command on an idle site): the entries expire (``TIMEOUT`` of the ``fragments``
  cache), and so do the copies each process keeps (``Recent``): nothing is served more than twice that
  timeout after it was rendered.

The key also names the release (``release()``): after a deploy, nothing the old code rendered is served.
A write that does not go through Django (psql, pg_restore) must change the version itself:
``members.backup.restore`` (``manage.py restore``) does.

Without a shared cache (the embedded default: no REDIS_URL) the ``fragments`` cache is a DummyCache and
every part is rendered each time: a per-process cache would not see the worker's writes.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import secrets
import threading
import time
from collections import OrderedDict
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created

logger = logging.getLogger(__name__)

ALIAS = "fragments"
# Besides every app of the project (a folder with an apps.py).
SOURCE_FOLDERS = ("config", "locale", "templates")
SOURCE_SUFFIXES = {".py", ".html", ".mo"}
VERSION_KEY = "data-version"
# The tables whose rows no cached part shows, so that writing them changes nothing: sessions (a session
# is saved on most requests that change the selected year or the messages) and django-axes' login records.
IGNORED_TABLES = ("django_session", "axes_")
# Logging in stamps the user's last login (django.contrib.auth's update_last_login): no page shows it, and
# a national installation sees logins all day long.
LAST_LOGIN = re.compile(r'\s*UPDATE\s+"members_user"\s+SET\s+"last_login"\s*=\s*%s\s+WHERE\s', re.IGNORECASE)
WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+[`"\[]?(\w+)', re.IGNORECASE)


class _State:
    # Whether this process read the version since it last changed it (see the module's docstring).
    read_since_change = False
    # How many times this process changed the version: a request that writes reads it anew after.
    changes = 0


def lifetime() -> float:
    """Seconds a part stays in the ``fragments`` cache (its ``TIMEOUT``, Django's default 300 if unset)."""
    timeout = settings.CACHES.get(ALIAS, {}).get("TIMEOUT", 300)
    return float("inf") if timeout is None else float(timeout)


class Recent:
    """What this process served last (rendered parts, users), by key: a key names its data version, so what
    it holds is current as long as the version is, and a page takes only the version from the shared cache
    (one round trip, not one per part). Bounded by the characters (or bytes) held, the least recently used
    going first, and by age: an entry is kept as long as the shared cache keeps a part (``lifetime()``), so a
    change the version missed (a write outside Django, or during a Redis outage) is seen here at most that
    long after the shared cache lets the part go."""

    def __init__(self, budget: int, max_age: float | None = None) -> None:
        self.budget = budget
        self.max_age = lifetime() if max_age is None else max_age
        self.size = 0
        self.parts: OrderedDict[object, tuple[float, str | bytes]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key) -> str | bytes | None:
        with self.lock:
            kept = self.parts.get(key)
            if kept is None:
                return None
            if time.monotonic() - kept[0] > self.max_age:
                del self.parts[key]
                self.size -= len(kept[1])
                return None
            self.parts.move_to_end(key)
            return kept[1]

    def put(self, key, value) -> None:
        if len(value) > self.budget // 4:
            return
        with self.lock:
            if key in self.parts:
                return
            self.parts[key] = (time.monotonic(), value)
            self.size += len(value)
            while self.size > self.budget:
                _, (_, dropped) = self.parts.popitem(last=False)
                self.size -= len(dropped)

    def clear(self) -> None:
        with self.lock:
            self.parts.clear()
            self.size = 0


def cache():
    return caches[ALIAS]


@functools.cache
def release() -> str:
    """The code that renders the parts: a deploy that changes a template, a tag or a translation starts from
    new keys instead of serving what the old code rendered (size and time of each source file)."""
    root = Path(settings.BASE_DIR)
    stamp = hashlib.sha256()
    apps = sorted(path.parent.name for path in root.glob("*/apps.py"))
    for folder in (*apps, *SOURCE_FOLDERS):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and path.is_file():
                info = path.stat()
                stamp.update(f"{path.relative_to(root)}\x1f{info.st_size}\x1f{info.st_mtime_ns}\n".encode())
    return stamp.hexdigest()[:16]


def version() -> str | None:
    """The data version now; None when the cache cannot be reached (then nothing is cached or served)."""
    _State.read_since_change = True
    try:
        token = cache().get(VERSION_KEY)
        if token is None:
            cache().add(VERSION_KEY, secrets.token_hex(8), timeout=None)
            token = cache().get(VERSION_KEY)
    except Exception:  # the page is rendered without the cache rather than not at all
        logger.warning("fragments cache unreachable: rendering without it", exc_info=True)
        return None
    return token


def request_version(request) -> str | None:
    """The data version, read once per request: every part of a page, and the user answering it, are of
    the same version."""
    if request is None:
        return version()
    read = getattr(request, "_fragments_version", None)
    if read is None or read[0] != _State.changes:  # not read yet, or this process wrote since
        read = request._fragments_version = (_State.changes, version())
    return read[1]


def change_version() -> None:
    """A new data version: every part cached so far is out of date."""
    _State.read_since_change = False
    _State.changes += 1
    try:
        cache().set(VERSION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:  # the write itself succeeded; the entries expire within the timeout
        logger.error("fragments cache unreachable: cached parts may be out of date until they expire", exc_info=True)


def inside_unfinished_write() -> bool:
    """Whether the connection is inside a transaction (not a test's own) that wrote shown rows not yet
    committed. A part rendered then could show rows a rollback removes, under a version the write already
    changed: it is neither served from the cache nor kept there. (Views render after their services commit;
    this keeps it so for any code that renders inside a transaction.)"""
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        return False
    if all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
        return False
    return _change_pending(connection)


def _change_pending(connection) -> bool:
    """Whether the open transaction will change the version when it commits (it has written shown rows)."""
    return any(func is change_version for _savepoints, func, _robust in connection.run_on_commit)


def written_table(sql: str) -> str | None:
    """The table an INSERT, UPDATE, DELETE or TRUNCATE statement writes, None for any other statement."""
    match = WRITE.match(sql)
    return match.group(1) if match else None


def changes_data(sql: str) -> bool:
    table = written_table(sql)
    return table is not None and not table.lower().startswith(IGNORED_TABLES) and not LAST_LOGIN.match(sql)


def _after_write(connection) -> None:
    if not connection.in_atomic_block:
        change_version()  # autocommit: the row is written already
        return
    if _State.read_since_change:
        change_version()
    if not _change_pending(connection):
        connection.on_commit(change_version)


def note_writes(execute, sql, params, many, context):
    """A database execute wrapper: changes the data version after each statement that writes a shown table."""
    result = execute(sql, params, many, context)
    if changes_data(sql):
        _after_write(context["connection"])
    return result


def watch(sender, connection, **kwargs) -> None:
    """``connection_created``: every connection of every process notes its writes."""
    if note_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(note_writes)


def connect() -> None:
    connection_created.connect(watch, dispatch_uid="core.fragments.watch")
