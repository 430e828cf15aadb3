"""Celery tasks of the bottom layer: sending an email."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import send_mail


@shared_task(name="core.send_email", autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_email(to: list[str], subject: str, body: str) -> int:
    """Send one plain-text email; a mail server that is unreachable is tried again, up to 5 times."""
    return send_mail(subject, body, None, to)
