"""Emails the application sends (invitations, password reset, notifications): queued for a Celery worker once
the transaction that caused them commits, never sent from inside a request or a rolled-back change."""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """``path`` (from ``reverse``) on the site's public address (``SITE_URL``), for links in emails."""
    return f"{settings.SITE_URL}{path}"


def _enqueue(to: list[str], subject: str, body: str) -> None:
    from core.tasks import send_email

    try:
        send_email.apply_async(
            args=[to, subject, body],
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5},
        )
    except Exception:
        # The change the email tells of is saved; a broker that is down loses the email, not the change.
        logger.exception("email %r to %s: could not reach the broker", subject, to)


def send_after_commit(*, to: list[str], subject: str, body: str) -> None:
    """Send ``body`` (plain text) to the addresses once the current transaction commits (at once outside one)."""
    to = [address for address in to if address]
    if to:
        transaction.on_commit(partial(_enqueue, to, " ".join(subject.split()), body))
