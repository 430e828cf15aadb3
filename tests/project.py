"""The project's own apps that hold records (their labels), for the tests that go through every model."""

from __future__ import annotations

import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings


def record_apps() -> tuple[str, ...]:
    """The labels of the project's apps with models, in INSTALLED_APPS order."""
    base, installed = Path(settings.BASE_DIR).resolve(), Path(sys.prefix).resolve()  # the virtualenv may be inside
    return tuple(
        config.label
        for config in apps.get_app_configs()
        if config.models_module is not None
        and Path(config.path).resolve().is_relative_to(base)
        and not Path(config.path).resolve().is_relative_to(installed)
    )


RECORD_APPS = record_apps()
