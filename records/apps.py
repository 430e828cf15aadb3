from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """The official record of a meeting: finalizing and reopening it, and its minutes (and the pledge signed at
    it) as numbered versions rendered to PDF/A by the worker, with their status, downloads and retries."""

    name = "records"
    verbose_name = "Biên bản"
