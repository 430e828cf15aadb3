"""Who may read and change a decision: the board staff of its organizer (``blocs.access``); anyone else 404.
The decisions of a bloc's members are shown to them on the bloc and agency pages, not here."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from blocs.access import get_managed_organizer
from members.models import User

from .models import Decision


def get_decision_for_user(user: User, pk: int, *, edit: bool = False) -> Decision:
    """The decision if the user does its organizer's board work (reading and changing alike), else 404."""
    return get_object_or_404(Decision.objects.select_related("organizer"), pk=pk, organizer=get_managed_organizer(user))
