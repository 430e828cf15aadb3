"""Reads for the pledge pages: the members of the pledge's year and the score sheet with totals and ranks."""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from django.utils import timezone

from blocs.models import Membership
from blocs.selectors import members_of_year
from members.models import Agency
from pledges.models import Band, Criterion, Pledge, Score, ScoreSubmission, ScoringRound, SelfScore

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
    """One member's line of the score sheet: the bloc's (reviewed) points per criterion (None = not scored),
    the total and rank they make and the band it reaches; the agency's own points and their total beside them."""

    agency: Agency
    points: list[Decimal | None]
    total: Decimal | None
    rank: int | None = None
    band: str | None = None
    self_points: list[Decimal | None] = field(default_factory=list)
    self_total: Decimal | None = None


def signed_total(criteria: Sequence[Criterion], points: Sequence[Decimal | None]) -> Decimal | None:
    """The total of points given per criterion (None = not scored): standard and bonus points added,
    deduction points subtracted; None when nothing is scored. The one place a pledge's total is made."""
    scored = [(criterion, p) for criterion, p in zip(criteria, points, strict=True) if p is not None]
    if not scored:
        return None
    return sum((criterion.sign * p for criterion, p in scored), Decimal(0))


def band_of(total: Decimal | None, bands: Sequence[Band]) -> str | None:
    """The name of the best band whose minimum the total reaches, else None (also when nothing is scored)."""
    if total is None:
        return None
    reached = [band for band in bands if total >= band.min_points]
    return max(reached, key=lambda band: band.min_points).name if reached else None


def score_sheet(pledge: Pledge, members: Sequence[Agency], criteria: Sequence[Criterion]) -> list[ScoreRow]:
    """The members' points on each criterion, their totals, ranks and bands, with their own (self) points
    beside them, in the members' order (three queries). Ties share a rank."""
    stored = {
        (agency_id, criterion_id): points
        for agency_id, criterion_id, points in Score.objects.filter(criterion__pledge=pledge).values_list(
            "agency_id", "criterion_id", "points"
        )
    }
    own = {
        (agency_id, criterion_id): points
        for agency_id, criterion_id, points in SelfScore.objects.filter(criterion__pledge=pledge).values_list(
            "agency_id", "criterion_id", "points"
        )
    }
    bands = list(Band.objects.filter(pledge=pledge))
    rows = []
    for agency in members:
        points = [stored.get((agency.pk, criterion.pk)) for criterion in criteria]
        self_points = [own.get((agency.pk, criterion.pk)) for criterion in criteria]
        total = signed_total(criteria, points)
        rows.append(
            ScoreRow(
                agency=agency,
                points=points,
                total=total,
                band=band_of(total, bands),
                self_points=self_points,
                self_total=signed_total(criteria, self_points),
            )
        )
    ranks = competition_ranks({row.agency.pk: row.total for row in rows})
    for row in rows:
        row.rank = ranks.get(row.agency.pk)
    return rows


def by_rank(rows: Sequence[ScoreRow]) -> list[ScoreRow]:
    """The rows best first; members not scored yet last, in their own order."""
    return sorted(rows, key=lambda row: (row.rank is None, row.rank or 0))


@dataclass
class ScoringTask:
    """A pledge the agency scores itself on: its deadline, whether the agency has submitted (and when), and
    whether the deadline has passed."""

    pledge: Pledge
    deadline: datetime.date
    submitted: bool
    submitted_at: datetime.datetime | None
    closed: bool

    @property
    def to_do(self) -> bool:
        """Still to do: not submitted and the deadline not passed."""
        return not self.submitted and not self.closed


def scoring_tasks(agency: Agency, year: int) -> list[ScoringTask]:
    """The self-scoring rounds opened for the year's pledges of the blocs the agency belongs to that year, those
    still to do first (by deadline), then the others (two queries). ``task.to_do``: not submitted, still open."""
    blocs = Membership.objects.in_year(year).filter(agency_id=agency.pk).values("bloc_id")
    rounds = list(
        ScoringRound.objects.filter(pledge__year=year, pledge__bloc_id__in=blocs).select_related("pledge__bloc")
    )
    submitted = dict(
        ScoreSubmission.objects.filter(agency_id=agency.pk, pledge__in=[r.pledge_id for r in rounds]).values_list(
            "pledge_id", "submitted_at"
        )
    )
    today = timezone.localdate()
    tasks = [
        ScoringTask(
            pledge=r.pledge,
            deadline=r.deadline,
            submitted=r.pledge_id in submitted,
            submitted_at=submitted.get(r.pledge_id),
            closed=r.is_closed(today),
        )
        for r in rounds
    ]
    return sorted(tasks, key=lambda t: (not t.to_do, t.deadline, t.pledge.bloc.sort_key))
