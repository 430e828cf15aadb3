"""The board's names over time (members.models.BoardName), printed by date on documents."""

from __future__ import annotations

from django.http import Http404


def board_names(request):  # filled in by issue 19's names-in-force work
    raise Http404
