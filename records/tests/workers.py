"""Real Celery worker processes (and a throwaway Redis) for the integration tests.

A worker shares the test database (SQLite file or PostgreSQL test database), the broker (the per-run
filesystem folder of config/settings/test.py, or REDIS_URL) and the media folder with the test process.
Every process started here is killed at teardown, and at exit if a teardown was skipped.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from kombu import pools as kombu_pools

from config.celery_app import app as celery_app

ROOT = Path(settings.BASE_DIR)
_RUNNING: set[subprocess.Popen] = set()


def _kill_group(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


@atexit.register
def _kill_leftovers() -> None:
    for process in list(_RUNNING):
        _kill_group(process)


def tests_database_url() -> str:
    """The URL of the database the test process uses right now (the test database, not the dev one)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


def wait_for(condition: Callable[[], object], *, timeout: float, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout} s")
        time.sleep(interval)


class Worker:
    """``celery worker`` with one prefork child, in its own process group."""

    def __init__(self, log_dir: Path, *, broker_url: str | None = None, render_delay: float = 0) -> None:
        self.log = log_dir / f"worker-{uuid.uuid4().hex[:8]}.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": tests_database_url(),
            "CONN_MAX_AGE": "0",
            "PYTHONUNBUFFERED": "1",
            "MINUTES_TEST_RENDER_DELAY": str(render_delay),
        }
        if broker_url:
            self.env["REDIS_URL"] = broker_url
        self.process: subprocess.Popen | None = None

    def start(self, *, timeout: float = 60) -> Worker:
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=1"]
        command += ["--loglevel=INFO", "--without-mingle", "--without-gossip", "--without-heartbeat"]
        command += ["-n", f"minutes-test-{uuid.uuid4().hex[:8]}@%h"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        _RUNNING.add(self.process)
        try:
            wait_for(self._ready, timeout=timeout, interval=0.2, what="worker ready")
        except TimeoutError:
            self.kill()
            raise AssertionError(f"the worker did not start:\n{self.tail()}") from None
        return self

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"the worker exited with {self.process.returncode}:\n{self.tail()}")
        log = self.log.read_text(errors="replace")
        return " ready." in log and "renderer warmed up" in log  # its prefork child loaded WeasyPrint

    def kill(self) -> None:
        """SIGKILL the worker and its child at once: what the OOM killer or a power cut does."""
        if self.process is not None:
            _kill_group(self.process)
            self.process.wait(timeout=10)
            _RUNNING.discard(self.process)

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of our own on a free port: stopping it leaves the machine's Redis alone."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command += ["--dir", str(self.folder)]
        with (self.folder / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        _RUNNING.add(self.process)
        wait_for(self._answers, timeout=10, what="redis-server")
        return self

    def _answers(self) -> bool:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
        return False

    def stop(self) -> None:
        if self.process is not None:
            _kill_group(self.process, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _kill_group(self.process)
                self.process.wait(timeout=10)
            _RUNNING.discard(self.process)
            self.process = None


@contextlib.contextmanager
def broker_of_this_process(url: str):
    """Point this process's Celery at another broker for the duration (the producer pools are per URL)."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_transport_options

    def reset_pools() -> None:
        # The app's pool is kombu's registered one for the URL: closing it without emptying kombu's registry
        # left a closed pool that the next send in this process took ("Acquire on closed pool").
        kombu_pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    reset_pools()
    conf.broker_url, conf.broker_transport_options = url, {"visibility_timeout": 3600}
    try:
        yield
    finally:
        reset_pools()
        conf.broker_url, conf.broker_transport_options = saved
