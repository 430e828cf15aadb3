"""Row locks the services take (``SELECT … FOR UPDATE``), and the one case where they take none: an import's
preview (``previewing()``), which is rolled back whatever it finds, so that a board member looking at a
preview never holds a secretary's save of the same bloc (imports/tests/test_preview_locks.py). What a preview
writes still locks the rows it writes, until it is rolled back."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.db.models import QuerySet

_previewing = contextvars.ContextVar("previewing", default=False)


def for_update(queryset: QuerySet, **options) -> QuerySet:
    """``queryset.select_for_update(**options)``, or the queryset as it is during a preview."""
    return queryset if _previewing.get() else queryset.select_for_update(**options)


@contextlib.contextmanager
def previewing() -> Iterator[None]:
    token = _previewing.set(True)
    try:
        yield
    finally:
        _previewing.reset(token)
