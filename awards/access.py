"""Who may read and change an award type: the board staff of its organizer (``blocs.access``); anyone else 404.
Award types are shown to everyone on the pages that use them (proposals, decisions), not here."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from blocs.access import get_managed_organizer
from members.models import User

from .models import AwardType


def get_award_type_for_user(user: User, pk: int, *, edit: bool = False) -> AwardType:
    """The award type if the user does its organizer's board work (reading and changing alike), else 404."""
    return get_object_or_404(AwardType, pk=pk, organizer=get_managed_organizer(user))
