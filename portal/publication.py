"""The public results of a province's year: what the board publishes (``public_results_set``), and what the
public pages read (``published_results``, ``public_year``, ``published_minutes``).

Only finalized meetings count: a draft's votes, ranks and elections may still change, so nothing of a draft
meeting is ever shown. Every refusal of the public pages is the same 404, whether the province is unknown,
the year not published or the document not one of it: nothing tells which provinces or documents exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from blocs.access import can_manage_organizer
from blocs.models import YEAR_VALIDATORS, Bloc, Leadership, Membership
from core.locks import for_update
from core.sorting import sorted_here
from core.validation import atomic_retried, validate
from history import audit
from meetings.models import Meeting, Proposal, Ranking
from members.models import Agency, Organizer, User
from records.models import MinutesVersion, normalize_code

from .models import PublicResults

AUDITED_FIELDS = ["published", "minutes_published"]
FINALIZED = Meeting.Status.FINALIZED
MINUTES = MinutesVersion.Document.MINUTES
YEAR_MIN, YEAR_MAX = (validator.limit_value for validator in YEAR_VALIDATORS)


# -- the board's choice -----------------------------------------------------------------------------------------


@atomic_retried
def public_results_set(
    *, organizer: Organizer, year: int, published: bool, minutes_published: bool, by: User
) -> PublicResults:
    """Publish (or withdraw) a province's results of a year, with or without its minutes: its board staff only."""
    if not can_manage_organizer(by, organizer.pk):
        raise PermissionDenied
    row = for_update(PublicResults.objects.filter(organizer=organizer, year=year)).first()
    if row is None:
        row, before, action = PublicResults(organizer=organizer, year=year), {}, audit.Action.CREATE
    else:
        before, action = audit.snapshot(row, AUDITED_FIELDS), audit.Action.UPDATE
    row.published, row.minutes_published = published, minutes_published
    row.updated_by, row.updated_at = by, timezone.now()
    validate(row)
    changes = audit.diff(before, audit.snapshot(row, AUDITED_FIELDS))
    if action == audit.Action.UPDATE and not changes:
        return row  # nothing changed: neither a save nor an entry
    if action == audit.Action.CREATE:
        row.save()
    else:
        row.save(update_fields=[*AUDITED_FIELDS, "updated_by", "updated_at"])
    audit.record(action=action, instance=row, changes=changes, by=by)
    return row


def public_results_of(organizer: Organizer) -> dict[int, PublicResults]:
    """The province's settings by year (the board's page)."""
    return {row.year: row for row in PublicResults.objects.filter(organizer=organizer)}


# -- what the public reads --------------------------------------------------------------------------------------


def published_results(organizer_code: str, year: int) -> PublicResults:
    """The published settings of that province and year, else 404 (an unknown province too)."""
    if not YEAR_MIN <= year <= YEAR_MAX:  # the address takes any digits; the database, 64 bits at most
        raise Http404
    row = PublicResults.objects.select_related("organizer").filter(organizer__code=organizer_code, year=year).first()
    if row is None or not row.published:
        raise Http404
    return row


@dataclass
class PublicBloc:
    """One bloc of the year as the public page shows it (each passed proposal with its decision, if any)."""

    bloc: Bloc
    leadership: Leadership | None = None
    first_ranked: list[Agency] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    minutes: list[MinutesVersion] = field(default_factory=list)


@dataclass
class PublicYear:
    organizer: Organizer
    year: int
    minutes_published: bool
    blocs: list[PublicBloc]


def _current_ready_minutes() -> Q:
    """The minutes versions that are ready and the newest of their meeting's minutes (no later version exists,
    whatever its state: a version being rendered already replaces the one before it)."""
    newer = MinutesVersion.objects.filter(meeting=OuterRef("meeting"), document=MINUTES, number__gt=OuterRef("number"))
    return Q(document=MINUTES, status=MinutesVersion.Status.READY, meeting__status=FINALIZED) & ~Q(Exists(newer))


def public_year(results: PublicResults) -> PublicYear:
    """Every bloc with members that year: its chair and vice-chair, the units ranked first at its year-end
    review, the proposals passed and the decisions awarding them, and (when published) its current minutes.
    Four queries (five with the minutes), however many blocs."""
    organizer, year = results.organizer, results.year
    members = Membership.objects.in_year(year).filter(bloc=OuterRef("pk"))
    blocs = {
        bloc.pk: PublicBloc(bloc=bloc)
        for bloc in sorted_here(
            Bloc.objects.filter(Exists(members), organizer=organizer), key=lambda b: (b.sort_key, b.code)
        )
    }
    # A chair set by the board has no meeting; one elected at a meeting counts once that meeting is finalized.
    leaderships = Leadership.objects.filter(bloc__in=blocs, year=year).filter(
        Q(elected_at__isnull=True) | Q(elected_at__status=FINALIZED)
    )
    for lead in leaderships.select_related("chair", "vice_chair"):
        blocs[lead.bloc_id].leadership = lead
    first = Ranking.objects.filter(
        meeting__bloc__in=blocs,
        meeting__year=year,
        meeting__kind=Meeting.Kind.YEAR_END_REVIEW,
        meeting__status=FINALIZED,
        rank=1,
    ).select_related("agency", "meeting")
    for ranking in sorted_here(first, key=lambda r: (r.agency.sort_key, r.pk)):
        if ranking.agency not in blocs[ranking.meeting.bloc_id].first_ranked:
            blocs[ranking.meeting.bloc_id].first_ranked.append(ranking.agency)
    passed = Proposal.objects.filter(
        bloc__in=blocs, year=year, outcome=Proposal.Outcome.PASSED, meeting__status=FINALIZED
    ).select_related("nominee", "award_type", "decision_award__decision")
    for proposal in sorted_here(passed, key=lambda p: (p.award_type.position, p.nominee.sort_key, p.pk)):
        blocs[proposal.bloc_id].proposals.append(proposal)
    if results.minutes_published:
        versions = MinutesVersion.objects.filter(_current_ready_minutes(), meeting__bloc__in=blocs, meeting__year=year)
        for version in versions.select_related("meeting").order_by("meeting__held_on", "meeting_id"):
            blocs[version.meeting.bloc_id].minutes.append(version)
    return PublicYear(
        organizer=organizer, year=year, minutes_published=results.minutes_published, blocs=list(blocs.values())
    )


def published_minutes(organizer_code: str, year: int, code: str) -> MinutesVersion:
    """The minutes version of that verification code, when it is the current ready minutes of a finalized
    meeting of that province and year and the board published that year's minutes; else 404."""
    results = published_results(organizer_code, year)
    code = normalize_code(code)
    if not results.minutes_published or not code:
        raise Http404
    version = (
        MinutesVersion.objects.filter(
            _current_ready_minutes(), code=code, meeting__bloc__organizer=results.organizer, meeting__year=year
        )
        .select_related("meeting__bloc")
        .first()
    )
    if version is None:
        raise Http404
    return version
