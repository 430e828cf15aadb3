"""Test settings: the suite runs on SQLite by default, or on DATABASE_URL (PostgreSQL) in CI."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run through the same code path; tests that need a real worker start one themselves.
CELERY_TASK_ALWAYS_EAGER = False

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  whitenoise warns when it is missing
