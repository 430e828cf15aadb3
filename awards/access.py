"""Who may read and change an award type or a legal basis: the board staff of its organizer (``blocs.access``);
anyone else 404. Award types are shown to everyone on the pages that use them (proposals, decisions), not here.
The national laws and decrees (legal bases of no organizer) are read by every province and changed by the
superusers, in the admin."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from blocs.access import get_managed_organizer
from members.models import User

from .models import AwardType, LegalBasis


def get_award_type_for_user(user: User, pk: int, *, edit: bool = False) -> AwardType:
    """The award type if the user does its organizer's board work (reading and changing alike), else 404."""
    return get_object_or_404(AwardType, pk=pk, organizer=get_managed_organizer(user))


def get_legal_basis_for_user(user: User, pk: int) -> LegalBasis:
    """A legal basis of the province whose board work the user does (to change it), else 404."""
    return get_object_or_404(LegalBasis, pk=pk, organizer=get_managed_organizer(user))
