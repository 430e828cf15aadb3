"""Fixtures of the notification tests."""

from __future__ import annotations

import pytest

from core.tasks import send_email


@pytest.fixture
def emails(monkeypatch, mailoutbox) -> list:
    """The emails sent, run at once as the worker would when queued (Django's test outbox)."""
    monkeypatch.setattr(send_email, "apply_async", lambda args, **options: send_email.apply(args=args))
    return mailoutbox
