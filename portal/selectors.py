"""Reads for the pages that cross the apps: the dashboard, the bloc and agency pages (search: ``portal.search``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from blocs.access import agency_lineage, can_manage_organizer, lineage_of, visible_blocs
from blocs.models import Bloc, Leadership, Membership, SecretaryAssignment
from blocs.selectors import organizer_successors, rotation_from
from core.sorting import sorted_here
from core.text import fold
from decisions.selectors import awaiting_decision
from meetings.models import Meeting, Proposal, Ranking
from members.models import Agency, User
from pledges.models import Criterion, Pledge, Signature
from records.models import MinutesVersion

# The meetings the dashboard follows each year, in the order of the year.
DASHBOARD_MEETING_KINDS = (Meeting.Kind.MID_YEAR_REVIEW, Meeting.Kind.YEAR_END_REVIEW)


def _count(queryset: QuerySet, group_by: str = "bloc") -> Coalesce:
    """A correlated COUNT subquery: one per row of the outer query, never one query per row."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _minutes_prefetch() -> Prefetch:
    """Every minutes version of the meetings, newest first (the latest is ``minutes_versions_list[0]``)."""
    return Prefetch(
        "minutes_versions",
        queryset=MinutesVersion.objects.filter(document=MinutesVersion.Document.MINUTES)
        .only("pk", "meeting_id", "document", "number", "status")
        .order_by("-number"),
        to_attr="minutes_versions_list",
    )


def _attach_latest_minutes(meetings: Iterable[Meeting]) -> None:
    for meeting in meetings:
        meeting.latest_minutes = meeting.minutes_versions_list[0] if meeting.minutes_versions_list else None


@dataclass
class DashboardFilters:
    kind: str = ""
    name: str = ""
    without_year_end: bool = False
    awaiting_decision: bool = False


def dashboard_blocs(user: User, year: int, filters: DashboardFilters | None = None) -> list[Bloc]:
    """The blocs of the user's year with leadership, members, meetings and proposal counts.

    Board staff (and superusers) get every bloc of their organizer, and the blocs of a province merged into it
    up to the year of the merger. Others get the blocs their agency,
    or an agency it succeeded, belongs to that year, and those they are assigned secretary of that year.
    Four queries after the access check, however many blocs, meetings and proposals.
    """
    filters = filters or DashboardFilters()
    blocs = visible_blocs(user)
    if not (user.is_superuser or user.is_board_staff):
        this_year = Q(Exists(SecretaryAssignment.objects.filter(bloc=OuterRef("pk"), year=year, user=user)))
        if user.agency_id:
            lineage = lineage_of(user.agency_id)
            this_year |= Q(Exists(Membership.objects.in_year(year).filter(bloc=OuterRef("pk"), agency_id__in=lineage)))
        blocs = blocs.filter(this_year)
    passed = Proposal.objects.filter(bloc=OuterRef("pk"), year=year, outcome=Proposal.Outcome.PASSED)
    blocs = blocs.annotate(
        member_count=_count(Membership.objects.in_year(year).filter(bloc=OuterRef("pk"))),
        passed_count=_count(passed),
        awaiting_count=_count(awaiting_decision().filter(bloc=OuterRef("pk"), year=year)),
        has_year_end=Exists(Meeting.objects.filter(bloc=OuterRef("pk"), year=year, kind=Meeting.Kind.YEAR_END_REVIEW)),
    )
    if user.is_board_staff and not user.is_superuser:
        # A province merged into this one shows its blocs up to the year of the merger, not every year after.
        blocs = blocs.filter(Q(organizer_id=user.organizer_id) | Q(organizer__merged_on__year__gte=year))
    if filters.kind:
        blocs = blocs.filter(kind=filters.kind)
    for word in fold(filters.name).split():
        blocs = blocs.filter(search_text__contains=word)
    if filters.without_year_end:
        blocs = blocs.filter(has_year_end=False)
    if filters.awaiting_decision:
        blocs = blocs.filter(awaiting_count__gt=0)
    blocs = blocs.select_related("organizer").prefetch_related(
        Prefetch(
            "leaderships",
            queryset=Leadership.objects.filter(year=year).select_related("chair", "vice_chair"),
            to_attr="leadership_of_year",
        ),
        Prefetch(
            "meetings",
            queryset=Meeting.objects.filter(year=year, kind__in=DASHBOARD_MEETING_KINDS)
            .defer("report", "shortcomings", "directions")
            .order_by("held_on", "pk")
            .prefetch_related(_minutes_prefetch()),
            to_attr="meetings_of_year",
        ),
    )
    result = list(blocs.order_by("sort_key", "code"))
    for bloc in result:
        bloc.leadership = bloc.leadership_of_year[0] if bloc.leadership_of_year else None
        _attach_latest_minutes(bloc.meetings_of_year)
        bloc.mid_year_meetings = [m for m in bloc.meetings_of_year if m.kind == Meeting.Kind.MID_YEAR_REVIEW]
        bloc.year_end_meetings = [m for m in bloc.meetings_of_year if m.kind == Meeting.Kind.YEAR_END_REVIEW]
    return result


@dataclass
class BlocPage:
    """Everything the bloc page shows, read in a fixed number of queries.

    The members, leadership and renames are read at once (the rotation and its form need them); the
    pledges, meetings and proposals when first used.
    """

    bloc: Bloc
    year: int
    memberships: list[Membership]
    leaderships: list[Leadership]
    successors: dict[int, int]

    @property
    def leadership_of_year(self) -> Leadership | None:
        return next((lead for lead in self.leaderships if lead.year == self.year), None)

    @property
    def next_leadership(self) -> Leadership | None:
        return next((lead for lead in self.leaderships if lead.year == self.year + 1), None)

    def members_in(self, year: int) -> list[Membership]:
        return [m for m in self.memberships if m.covers(year)]

    @property
    def members_of_year(self) -> list[Membership]:
        return self.members_in(self.year)

    @property
    def next_year_agencies(self) -> list[Agency]:
        return [m.agency for m in self.members_in(self.year + 1)]

    @property
    def history(self) -> list[Membership]:
        """Every membership: those covering the year first, each group in Vietnamese name order."""
        return sorted(self.memberships, key=lambda m: (not m.covers(self.year), m.agency.sort_key, m.from_year))

    @property
    def years(self) -> list[int]:
        """The years the member select offers: every year some membership covers, and the year shown."""
        years = {self.year}
        for m in self.memberships:
            years.update(range(m.from_year, (m.to_year or max(self.year, m.from_year)) + 1))
        return sorted(years, reverse=True)

    def rotation(self) -> tuple[Agency | None, Agency | None]:
        return rotation_from(
            year=self.year, leaderships=self.leaderships, members=self.next_year_agencies, successors=self.successors
        )

    @cached_property
    def pledges(self) -> list[Pledge]:
        # Two counting subqueries, not a join of criteria with signatures (their product, then DISTINCT).
        return sorted_here(
            self.bloc.pledges.annotate(
                criteria_count=_count(Criterion.objects.filter(pledge=OuterRef("pk")), "pledge"),
                signature_count=_count(Signature.objects.filter(pledge=OuterRef("pk")), "pledge"),
            ),
            key=lambda pledge: (-pledge.year, pledge.pk),
        )

    @property
    def pledge_of_year(self) -> Pledge | None:
        """The pledge of the year shown, from the pledges already read."""
        return next((pledge for pledge in self.pledges if pledge.year == self.year), None)

    @cached_property
    def meetings(self) -> list[Meeting]:
        """Two queries: the meetings (whether each has a ranking), and their minutes versions."""
        meetings = sorted_here(
            self.bloc.meetings.defer("report", "shortcomings", "directions")
            .annotate(has_ranking=Exists(Ranking.objects.filter(meeting=OuterRef("pk"))))
            .prefetch_related(_minutes_prefetch()),
            key=lambda meeting: (meeting.held_on, meeting.pk),
            reverse=True,  # the latest first
        )
        _attach_latest_minutes(meetings)
        return meetings

    @cached_property
    def proposals(self) -> list[Proposal]:
        # Not the meeting of each proposal: the page does not show it, and each would bring its report along.
        return sorted_here(
            Proposal.objects.filter(bloc=self.bloc).select_related("nominee", "award_type", "decision_award__decision"),
            key=lambda p: (-p.year, p.award_type.position, p.nominee.sort_key, p.pk),
        )


def bloc_page(bloc: Bloc, year: int) -> BlocPage:
    """The bloc's members, leadership, pledges, meetings and proposals across the years (7 queries: 3 here,
    4 when the pledges, meetings and proposals are first read)."""
    return BlocPage(
        bloc=bloc,
        year=year,
        memberships=sorted_here(
            bloc.memberships.select_related("agency"), key=lambda m: (m.agency.sort_key, m.from_year, m.pk)
        ),
        leaderships=sorted_here(
            bloc.leaderships.select_related("chair", "vice_chair", "elected_at"), key=lambda lead: -lead.year
        ),
        successors=organizer_successors(bloc.organizer_id),
    )


@dataclass
class AgencyPage:
    """An agency's history through its renames and mergers, limited to what the user may read."""

    agency: Agency
    predecessors: list[Agency]
    memberships: list[Membership]
    leaderships: list[Leadership]
    awards: list[Proposal]

    @property
    def successor_from(self) -> datetime.date | None:
        """The first day the successor carries on (the day after the agency's last day)."""
        return self.agency.until + datetime.timedelta(days=1) if self.agency.until else None

    @property
    def terms(self) -> list[dict]:
        """(year, bloc, role, agency as named then) for each chair or vice-chair term."""
        lineage = {self.agency.pk, *(a.pk for a in self.predecessors)}
        rows = []
        for lead in self.leaderships:
            if lead.chair_id in lineage:
                rows.append({"leadership": lead, "role": "chair", "holder": lead.chair})
            if lead.vice_chair_id in lineage:
                rows.append({"leadership": lead, "role": "vice_chair", "holder": lead.vice_chair})
        return rows


def agency_page(agency: Agency, user: User) -> AgencyPage:
    """Blocs, leadership terms and awards of the agency and of the agencies it succeeded.

    Board staff see every record; other users only records of blocs they may read, so the page tells
    nothing about a bloc they could not open.
    """
    lineage = agency_lineage(agency.pk)
    scope = Q() if can_manage_organizer(user, agency.organizer_id) else Q(bloc__in=visible_blocs(user))
    return AgencyPage(
        agency=agency,
        predecessors=list(Agency.objects.filter(pk__in=lineage - {agency.pk}).order_by("-until", "sort_key")),
        memberships=sorted_here(
            Membership.objects.filter(scope, agency_id__in=lineage).select_related("bloc", "agency"),
            key=lambda m: (-m.from_year, m.bloc.sort_key, m.pk),
        ),
        leaderships=sorted_here(
            Leadership.objects.filter(scope, Q(chair_id__in=lineage) | Q(vice_chair_id__in=lineage)).select_related(
                "bloc", "chair", "vice_chair", "elected_at"
            ),
            key=lambda lead: (-lead.year, lead.bloc.sort_key, lead.pk),
        ),
        awards=sorted_here(
            Proposal.objects.filter(scope, nominee_id__in=lineage, outcome=Proposal.Outcome.PASSED).select_related(
                "bloc", "nominee", "award_type", "decision_award__decision"
            ),
            key=lambda p: (-p.year, p.award_type.position, p.bloc.sort_key, p.pk),
        ),
    )
