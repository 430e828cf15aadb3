"""Reads for pages: what a user may see, fetched in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from meetings.models import Meeting
from members.models import Agency, User
from members.text import fold

from .access import visible_blocs
from .models import Bloc, Leadership, Membership


def blocs_for_year(user: User, year: int) -> QuerySet[Bloc]:
    """Visible blocs with that year's leadership and member count (3 queries however many blocs)."""
    members_that_year = Q(memberships__from_year__lte=year) & (
        Q(memberships__to_year__isnull=True) | Q(memberships__to_year__gte=year)
    )
    return (
        visible_blocs(user)
        .annotate(member_count=Count("memberships", filter=members_that_year, distinct=True))
        .prefetch_related(
            Prefetch(
                "leaderships",
                queryset=Leadership.objects.filter(year=year).select_related("chair", "vice_chair"),
                to_attr="leadership_of_year",
            )
        )
        .order_by("sort_key", "code")
    )


def visible_agencies(user: User) -> QuerySet[Agency]:
    """Agencies the user may read: the organizer's for board staff, else members of the user's blocs."""
    if not user.is_authenticated:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    if user.is_board_staff:
        return Agency.objects.filter(organizer_id=user.organizer_id)
    agency_ids = Membership.objects.filter(bloc__in=visible_blocs(user)).values("agency_id")
    return Agency.objects.filter(pk__in=agency_ids)


@dataclass
class SearchResults:
    query: str
    blocs: list[Bloc] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.blocs) + len(self.agencies) + len(self.meetings)


def search(user: User, query: str, *, limit: int = 20) -> SearchResults:
    """Blocs, agencies and meetings whose names contain every word of the query, ignoring diacritics."""
    words = fold(query).split()
    results = SearchResults(query=query)
    if not words:
        return results

    def matching(qs: QuerySet) -> QuerySet:
        for word in words:
            qs = qs.filter(search_text__contains=word)
        return qs

    results.blocs = list(matching(visible_blocs(user)).order_by("sort_key")[:limit])
    results.agencies = list(matching(visible_agencies(user)).order_by("sort_key")[:limit])
    results.meetings = list(
        matching(Meeting.objects.filter(bloc__in=visible_blocs(user)))
        .select_related("bloc")
        .order_by("-held_on")[:limit]
    )
    return results
