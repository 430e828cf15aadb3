"""Who may read and change a decision: the board staff of its organizer (``blocs.access``); anyone else 404.
The successor province's board staff read, and only read, the decisions of the provinces merged into theirs.
The decisions of a bloc's members are shown to them on the bloc and agency pages, not here."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from blocs.access import board_reads, get_managed_organizer
from members.models import User

from .models import Decision


def readable_decisions(user: User) -> QuerySet[Decision]:
    """The decisions of the province whose board work the user does and of the provinces merged into it (404
    for anyone without board work)."""
    get_managed_organizer(user)
    return Decision.objects.filter(board_reads(user))


def get_decision_for_user(user: User, pk: int, *, edit: bool = False) -> Decision:
    """The decision if the user does its organizer's board work; without ``edit`` also a decision of a province
    merged into theirs; else 404."""
    if edit:
        return get_object_or_404(
            Decision.objects.select_related("organizer"), pk=pk, organizer=get_managed_organizer(user)
        )
    return get_object_or_404(readable_decisions(user).select_related("organizer", "organizer__merged_into"), pk=pk)
