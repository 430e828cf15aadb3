"""Celery tasks of the dossiers: thin wrappers around a service."""

from __future__ import annotations

from celery import shared_task

from dossiers import reminders


@shared_task(name="dossiers.send_reminders")
def send_reminders() -> int:
    """Celery beat, daily at 07:00 (Asia/Ho_Chi_Minh): the reminders 14 and 3 days before the deadline."""
    return reminders.send_reminders()
