"""What the board's year overview reads: every bloc of the province active in a year, with its pledge, its two
reviews, the minutes, its dossier and its decisions, in a fixed number of queries however many blocs."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, Max, Min, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blocs.models import Bloc, Membership
from core.text import fold
from meetings.models import Meeting, Proposal
from members.models import Organizer
from pledges.models import Pledge
from records.models import MinutesVersion

from .models import Deadline, Dossier

# The state filter's value for a bloc that has no dossier for the year yet.
NO_DOSSIER = "none"
NO_DOSSIER_LABEL = _("Chưa lập hồ sơ")


def is_late(*, due_on: datetime.date | None, first_sent_at: datetime.datetime | None, today: datetime.date) -> bool:
    """Late against the province's deadline: never sent once the deadline has passed, or first sent after it
    (a dossier returned and sent again counts from its first sending: it was sent in time)."""
    if due_on is None:
        return False
    if first_sent_at is None:
        return today > due_on
    return timezone.localdate(first_sent_at) > due_on


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT subquery on the bloc: one per row of the outer query, never one query per row."""
    counted = queryset.order_by().values("bloc").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _main_meeting(meetings: Iterable[Meeting]) -> Meeting | None:
    """The review of the year a bloc holds: the finalized one, else the latest (a bloc may have entered two)."""
    return max(meetings, key=lambda m: (m.is_finalized, m.held_on, m.pk), default=None)


@dataclass
class OverviewFilters:
    state: str = ""  # a Dossier.State, NO_DOSSIER, or "" for all
    late: bool = False
    q: str = ""


@dataclass
class OverviewRow:
    """One bloc's year as the board follows it."""

    bloc: Bloc
    member_count: int
    pledge: Pledge | None
    mid_year: Meeting | None
    year_end: Meeting | None
    minutes: MinutesVersion | None  # the current version of the year-end review's minutes
    dossier: Dossier | None
    passed: int
    awarded: int
    late: bool

    @property
    def pledge_signed(self) -> bool:
        return self.pledge is not None and self.pledge.signature_count > 0

    @property
    def pledge_signed_on(self) -> datetime.date | None:
        if not self.pledge_signed:
            return None
        return self.pledge.signed_on or self.pledge.last_signed_on

    @property
    def minutes_issued(self) -> bool:
        return self.minutes is not None and self.minutes.is_ready

    @property
    def state(self) -> str:
        return self.dossier.state if self.dossier is not None else NO_DOSSIER

    @property
    def state_label(self) -> str:
        return self.dossier.get_state_display() if self.dossier is not None else str(NO_DOSSIER_LABEL)

    @property
    def sent_at(self) -> datetime.datetime | None:
        """When the dossier was last sent (None: never)."""
        return self.dossier.last_sent_at if self.dossier is not None else None


@dataclass
class YearOverview:
    organizer: Organizer
    year: int
    deadline: Deadline | None
    today: datetime.date
    rows: list[OverviewRow] = field(default_factory=list)

    @property
    def days_left(self) -> int | None:
        return (self.deadline.due_on - self.today).days if self.deadline is not None else None

    @property
    def late_count(self) -> int:
        return sum(row.late for row in self.rows)


def year_overview(
    organizer: Organizer, year: int, filters: OverviewFilters | None = None, *, today: datetime.date | None = None
) -> YearOverview:
    """Every bloc of the organizer with members in ``year`` (Vietnamese order), filtered. Six queries."""
    filters = filters or OverviewFilters()
    today = today or timezone.localdate()
    deadline = Deadline.objects.filter(organizer=organizer, year=year).first()
    members = Membership.objects.in_year(year).filter(bloc=OuterRef("pk"))
    passed = Proposal.objects.filter(bloc=OuterRef("pk"), year=year, outcome=Proposal.Outcome.PASSED)
    blocs = (
        Bloc.objects.filter(organizer=organizer)
        .filter(Exists(members))
        .annotate(
            member_count=_count(members),
            passed_count=_count(passed),
            awarded_count=_count(passed.filter(decision_award__isnull=False)),
        )
    )
    for word in fold(filters.q).split():
        blocs = blocs.filter(search_text__contains=word)
    if filters.state == NO_DOSSIER:
        blocs = blocs.exclude(Exists(Dossier.objects.filter(bloc=OuterRef("pk"), year=year)))
    elif filters.state:
        blocs = blocs.filter(Exists(Dossier.objects.filter(bloc=OuterRef("pk"), year=year, state=filters.state)))
    minutes = Prefetch(
        "minutes_versions",
        queryset=MinutesVersion.objects.filter(document=MinutesVersion.Document.MINUTES)
        .only("pk", "meeting_id", "document", "number", "status", "rendered_at")
        .order_by("-number"),
        to_attr="minutes_list",
    )
    blocs = blocs.prefetch_related(
        Prefetch(
            "pledges",
            queryset=Pledge.objects.filter(year=year)
            .only("pk", "bloc_id", "year", "signed_on")
            .annotate(signature_count=Count("signatures"), last_signed_on=Max("signatures__signed_on")),
            to_attr="pledge_of_year",
        ),
        Prefetch(
            "meetings",
            queryset=Meeting.objects.filter(
                year=year, kind__in=(Meeting.Kind.MID_YEAR_REVIEW, Meeting.Kind.YEAR_END_REVIEW)
            )
            .only("pk", "bloc_id", "kind", "year", "held_on", "status", "title")
            .prefetch_related(minutes),
            to_attr="reviews_of_year",
        ),
        Prefetch(
            "dossiers",
            queryset=Dossier.objects.filter(year=year).annotate(
                first_sent_at=Min("submissions__sent_at"), last_sent_at=Max("submissions__sent_at")
            ),
            to_attr="dossier_of_year",
        ),
    )
    rows = []
    due_on = deadline.due_on if deadline is not None else None
    for bloc in blocs.order_by("sort_key", "code"):
        reviews = bloc.reviews_of_year
        year_end = _main_meeting(m for m in reviews if m.kind == Meeting.Kind.YEAR_END_REVIEW)
        dossier = bloc.dossier_of_year[0] if bloc.dossier_of_year else None
        row = OverviewRow(
            bloc=bloc,
            member_count=bloc.member_count,
            pledge=bloc.pledge_of_year[0] if bloc.pledge_of_year else None,
            mid_year=_main_meeting(m for m in reviews if m.kind == Meeting.Kind.MID_YEAR_REVIEW),
            year_end=year_end,
            minutes=year_end.minutes_list[0] if year_end is not None and year_end.minutes_list else None,
            dossier=dossier,
            passed=bloc.passed_count,
            awarded=bloc.awarded_count,
            late=is_late(
                due_on=due_on, first_sent_at=dossier.first_sent_at if dossier is not None else None, today=today
            ),
        )
        if not filters.late or row.late:
            rows.append(row)
    return YearOverview(organizer=organizer, year=year, deadline=deadline, today=today, rows=rows)
