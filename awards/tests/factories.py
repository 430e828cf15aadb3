"""Factories of the awards app: the province's award types come with the province (``OrganizerFactory``)."""

from __future__ import annotations

from awards.models import AwardType
from members.models import Organizer


def award(organizer: Organizer, code: str) -> AwardType:
    """One of the province's default award types, by its code (CO_TINH, BK_TINH…)."""
    return AwardType.objects.get(organizer=organizer, code=code)
