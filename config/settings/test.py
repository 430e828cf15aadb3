"""Test settings: the suite runs on SQLite by default, or on DATABASE_URL (PostgreSQL) in CI."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import CELERY_BROKER_TRANSPORT_OPTIONS, DATABASES, REDIS_URL

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# client.login() calls authenticate() without a request, which django-axes refuses: the suite runs without
# it, and members/tests/test_login_throttling.py turns it back on (and checks that the other settings keep it on).
AXES_ENABLED = False
# A fixed Fernet key, so that the organization certificates the tests upload are encrypted as in production.
DOCUMENT_SIGNING_KEY = "dGhpZHVhLXRlc3Qta2V5LW5vdC1mb3ItcHJvZC11c2U="
# Tasks run through the same code path; tests that need a real worker start one themselves.
CELERY_TASK_ALWAYS_EAGER = False

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  whitenoise warns when it is missing

# One folder per test run, never the developer's var/: stored files, the filesystem broker's queue and
# the SQLite test database as a file, so that the Celery workers the integration tests start (they
# inherit THIDUA_TEST_RUN_DIR) share all three with the test process.
if "THIDUA_TEST_RUN_DIR" not in os.environ:
    os.environ["THIDUA_TEST_RUN_DIR"] = tempfile.mkdtemp(prefix="thidua-test-")
    atexit.register(shutil.rmtree, os.environ["THIDUA_TEST_RUN_DIR"], ignore_errors=True)
TEST_RUN_DIR = Path(os.environ["THIDUA_TEST_RUN_DIR"])
# Under pytest-xdist (`make test` runs the suite on every core) each test process has its own folder and its
# own Celery queue: the workers an integration test starts take only that process's tasks, from its database.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER:
    TEST_RUN_DIR = TEST_RUN_DIR / XDIST_WORKER
    TEST_RUN_DIR.mkdir(parents=True, exist_ok=True)
    CELERY_TASK_DEFAULT_QUEUE = f"celery-{XDIST_WORKER}"
MEDIA_ROOT = TEST_RUN_DIR / "media"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(TEST_RUN_DIR / "test-db.sqlite3")}
if not REDIS_URL:
    CELERY_BROKER_DIR = TEST_RUN_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
    }

# Sessions in the database whether or not REDIS_URL is set, so that the query counts the page tests assert
# are the same in both runs of .ci/run (tests/test_production_settings.py checks what production chooses).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
}
SESSION_ENGINE = "config.sessions.db"
