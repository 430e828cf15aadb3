"""Shared by every test of the project: the apps' own tests (``<app>/tests/``) and the cross-cutting suites
(``tests/``: permissions, fuzz, browser, invariants, settings)."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import caches

from blocs.tests.factories import bloc_with_members
from core import ratelimit
from core.tasks import send_email
from members.tests.factories import OrganizerFactory


def _on_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgresql`` check what only PostgreSQL holds (exclusion constraints, row locks);
    the SQLite run leaves them out (deselected, not skipped) and the PostgreSQL run of .ci/run runs them."""
    if _on_postgresql():
        return
    kept, left_out = [], []
    for item in items:
        (left_out if item.get_closest_marker("postgresql") else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture(autouse=True)
def _rate_limits_reset(monkeypatch):
    """Each test starts with no request counted by the public pages' limit (core/ratelimit.py), and its minute
    never ends mid-test: the limit's clock stands still (tests that need it to move set their own)."""
    caches["ratelimit"].clear()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_010.0))


@pytest.fixture
def emails(monkeypatch):
    """The emails queued through ``core.mail`` are sent at once by the task (no broker) when their transaction
    commits: wrap the code in ``django_capture_on_commit_callbacks(execute=True)`` and read this list
    (Django's ``mail.outbox``)."""
    monkeypatch.setattr(send_email, "apply_async", lambda args, **options: send_email.run(*args))
    return mail.outbox


@pytest.fixture
def organizer(db):
    return OrganizerFactory()


@pytest.fixture
def bloc_11(db, organizer):
    """An 11-member bloc from 2017, like the Tham mưu - Tổng hợp bloc of Quảng Ngãi: (bloc, agencies)."""
    return bloc_with_members(11, organizer=organizer)
