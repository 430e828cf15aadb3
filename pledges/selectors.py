"""Reads for the pledge pages: the members of the pledge's year and the score sheet with totals and ranks."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from blocs.selectors import members_of_year
from members.models import Agency
from pledges.models import Criterion, Pledge, Score

K = TypeVar("K", bound=Hashable)


def pledge_members(pledge: Pledge) -> list[Agency]:
    """The agencies that belong to the pledge's bloc in its year, in Vietnamese order (one query)."""
    return members_of_year(pledge.bloc_id, pledge.year)


def competition_ranks(totals: Mapping[K, Decimal | None]) -> dict[K, int]:
    """Rank by total, 1 = highest; equal totals share a rank and the next one skips (1, 2, 2, 4).

    Keys whose total is None (nothing scored) get no rank.
    """
    ordered = sorted((t for t in totals.values() if t is not None), reverse=True)
    first_place: dict[Decimal, int] = {}
    for place, total in enumerate(ordered, start=1):
        first_place.setdefault(total, place)
    return {key: first_place[total] for key, total in totals.items() if total is not None}


@dataclass
class ScoreRow:
    """One member's line of the score sheet: points per criterion (None = not scored), total and rank."""

    agency: Agency
    points: list[Decimal | None]
    total: Decimal | None
    rank: int | None = None


def score_sheet(pledge: Pledge, members: Sequence[Agency], criteria: Sequence[Criterion]) -> list[ScoreRow]:
    """The members' points on each criterion, their totals and ranks, in the members' order (one query)."""
    stored = {
        (agency_id, criterion_id): points
        for agency_id, criterion_id, points in Score.objects.filter(criterion__pledge=pledge).values_list(
            "agency_id", "criterion_id", "points"
        )
    }
    rows = []
    for agency in members:
        points = [stored.get((agency.pk, criterion.pk)) for criterion in criteria]
        scored = [p for p in points if p is not None]
        rows.append(ScoreRow(agency=agency, points=points, total=sum(scored, Decimal(0)) if scored else None))
    ranks = competition_ranks({row.agency.pk: row.total for row in rows})
    for row in rows:
        row.rank = ranks.get(row.agency.pk)
    return rows


def by_rank(rows: Sequence[ScoreRow]) -> list[ScoreRow]:
    """The rows best first; members not scored yet last, in their own order."""
    return sorted(rows, key=lambda row: (row.rank is None, row.rank or 0))
