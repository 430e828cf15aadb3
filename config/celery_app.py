"""Celery application: settings come from Django's ``CELERY_*`` settings.

Embedded default (no ``REDIS_URL``): kombu's ``filesystem://`` transport keeps its messages in folders
under ``var/broker/``. Kombu does not create those folders itself, so they are made here as soon as the
configuration is loaded — in the worker, in beat and in every process that sends a task.
"""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("thidua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

FILESYSTEM_BROKER_FOLDERS = ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")


def ensure_filesystem_broker_folders(conf) -> list[Path]:
    """Create the folders of the filesystem transport (no-op for any other broker); return them."""
    if not str(conf.broker_url or "").startswith("filesystem:"):
        return []
    options = conf.broker_transport_options or {}
    folders = [Path(options[key]) for key in FILESYSTEM_BROKER_FOLDERS if options.get(key)]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    return folders


@app.on_after_configure.connect
def _make_broker_folders(sender, source, **kwargs):
    ensure_filesystem_broker_folders(source)
