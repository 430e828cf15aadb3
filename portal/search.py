"""Search across what the user may read: blocs, agencies, meetings, award decisions (board staff) and people —
the agencies' representatives at meetings, presiding persons, secretaries and guests, the pledges' signers.

A result holds every word of the query, whatever its diacritics and case: names with a folded copy
(``search_text``) are matched on it, other columns by ``core.text.fold_pattern``. One query per kind, each
limited to ``limit`` rows, however many match.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from blocs.access import board_reads, can_manage_organizer, in_visible_blocs, visible_blocs
from blocs.models import Bloc, Membership
from core.text import fold, fold_pattern, sort_key
from decisions.models import Decision
from meetings.models import Attendance, Meeting, Participant
from members.models import Agency, User
from pledges.models import Pledge, Signature

# The meeting's long texts are not shown in results.
_MEETING_TEXTS = ("report", "shortcomings", "directions")
ROLES = {
    "representative": _("Đại diện"),
    **dict(Participant.Role.choices),
    "signer": _("Ký giao ước cho"),
}


@dataclass
class PersonHit:
    """A person where the records name them: at a meeting (representing an agency, presiding, secretary, guest)
    or signing a pledge for an agency."""

    name: str
    title: str
    role: str  # "representative", "presiding", "secretary", "guest" or "signer"
    agency_name: str
    bloc: Bloc
    date: datetime.date | None
    meeting: Meeting | None = None
    pledge: Pledge | None = None

    @property
    def summary(self) -> str:
        """What the person did there: "Đại diện Cục Thuế tỉnh (Cục trưởng)", "Chủ trì (Cục trưởng, Cục Thuế tỉnh)"."""
        if self.role in ("representative", "signer"):
            text, details = f"{ROLES[self.role]} {self.agency_name}", [self.title]
        else:
            text, details = str(ROLES[self.role]), [self.title, self.agency_name]
        shown = ", ".join(d for d in details if d)
        return f"{text} ({shown})" if shown else text


@dataclass
class SearchResults:
    query: str
    blocs: list[Bloc] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    people: list[PersonHit] = field(default_factory=list)
    searches_decisions: bool = False  # whether decisions were searched (the board's records)
    limit: int = 20  # rows of each kind at most

    @property
    def total(self) -> int:
        return len(self.blocs) + len(self.agencies) + len(self.meetings) + len(self.decisions) + len(self.people)


def visible_agencies(user: User) -> QuerySet[Agency]:
    """Agencies the user may read: the organizer's for board staff, else members of the user's blocs."""
    if not user.is_authenticated:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    if user.is_board_staff:
        return Agency.objects.filter(board_reads(user))
    agency_ids = Membership.objects.filter(bloc__in=visible_blocs(user)).values("agency_id")
    return Agency.objects.filter(pk__in=agency_ids)


def query_words(query: str) -> list[str]:
    """The folded words of the query. Control characters (NUL among them: PostgreSQL refuses it in a query)
    are in no name: they separate words."""
    return "".join(" " if unicodedata.category(c)[0] == "C" else c for c in fold(query)).split()


def _every_word(words: list[str], *fields: str) -> Q:
    """Each word in one of the fields (matched as ``fold`` would)."""
    condition = Q()
    for word in words:
        pattern = fold_pattern(word)
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__regex": pattern})
        condition &= any_field
    return condition


def search(user: User, query: str, *, limit: int = 20) -> SearchResults:
    """Everything the user may read whose names contain every word of the query, ignoring diacritics."""
    words = query_words(query)
    results = SearchResults(query=query, limit=limit)
    results.searches_decisions = bool(user.organizer_id) and can_manage_organizer(user, user.organizer_id)
    if not words:
        return results

    def named(qs: QuerySet) -> QuerySet:
        for word in words:
            qs = qs.filter(search_text__contains=word)
        return qs

    results.blocs = list(named(visible_blocs(user)).order_by("sort_key")[:limit])
    results.agencies = list(named(visible_agencies(user)).order_by("sort_key")[:limit])
    # A meeting by its title, its bloc's name and its year (search_text), or by its venue.
    meeting_words = Q()
    for word in words:
        meeting_words &= Q(search_text__contains=word) | Q(venue__regex=fold_pattern(word))
    results.meetings = list(
        Meeting.objects.filter(in_visible_blocs(user), meeting_words)
        .select_related("bloc")
        .defer(*_MEETING_TEXTS)
        .order_by("-held_on", "pk")[:limit]
    )
    if results.searches_decisions:
        # Decisions are the board's records (decisions.access): their number ("15/QĐ-UBND") and issuer; those of
        # the provinces merged into the user's too, read-only.
        results.decisions = list(
            Decision.objects.filter(_every_word(words, "number", "issued_by"), board_reads(user))
            .select_related("organizer")
            .annotate(award_count=Count("awards"))
            .order_by("-signed_on", "number")[:limit]
        )
    results.people = _people(user, words, limit)
    return results


def _people(user: User, words: list[str], limit: int) -> list[PersonHit]:
    """Representatives, meeting participants and pledge signers named by the words, in blocs the user reads;
    by name, then the latest first (three queries)."""
    meeting_fields = [f"meeting__{name}" for name in _MEETING_TEXTS]
    hits: list[PersonHit] = []
    attendances = (
        Attendance.objects.filter(in_visible_blocs(user, "meeting__bloc"), _every_word(words, "representative"))
        .select_related("agency", "meeting", "meeting__bloc")
        .defer(*meeting_fields)
        .order_by("-meeting__held_on", "pk")[:limit]
    )
    for a in attendances:
        hits.append(_at_meeting(a.meeting, a.representative, a.title, "representative", a.agency.name))
    participants = (
        Participant.objects.filter(in_visible_blocs(user, "meeting__bloc"), _every_word(words, "name"))
        .select_related("agency", "meeting", "meeting__bloc")
        .defer(*meeting_fields)
        .order_by("-meeting__held_on", "pk")[:limit]
    )
    for p in participants:
        hits.append(_at_meeting(p.meeting, p.name, p.title, p.role, p.agency.name if p.agency_id else p.organization))
    signatures = (
        Signature.objects.filter(in_visible_blocs(user, "pledge__bloc"), _every_word(words, "signer"))
        .select_related("agency", "pledge", "pledge__bloc")
        .order_by("-pledge__year", "pk")[:limit]
    )
    for s in signatures:
        hits.append(
            PersonHit(
                name=s.signer, title=s.title, role="signer", agency_name=s.agency.name, bloc=s.pledge.bloc,
                date=s.signed_on, pledge=s.pledge,
            )
        )  # fmt: skip
    # Each person's appearances together (the page groups them by name), the latest first.
    hits.sort(key=lambda hit: -(hit.date or datetime.date.min).toordinal())
    hits.sort(key=lambda hit: sort_key(hit.name))
    return hits


def _at_meeting(meeting: Meeting, name: str, title: str, role: str, agency_name: str) -> PersonHit:
    return PersonHit(
        name=name, title=title, role=role, agency_name=agency_name, bloc=meeting.bloc, date=meeting.held_on,
        meeting=meeting,
    )  # fmt: skip
