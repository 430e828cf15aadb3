"""Reads for pages: what a user may see, fetched in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from blocs.access import visible_blocs
from blocs.models import Bloc, Leadership, Membership
from members.models import Agency, User

# --- Members of a year ------------------------------------------------------------------------------------


def members_of_year(bloc_id: int, year: int) -> list[Agency]:
    """The agencies that belong to the bloc in the year, in Vietnamese order (one query): the rows of every
    sheet of that year (attendance, votes, ranking, the pledge's signatures and scores)."""
    memberships = (
        Membership.objects.in_year(year)
        .filter(bloc_id=bloc_id)
        .select_related("agency")
        .order_by("agency__sort_key", "agency__code")
    )
    return [m.agency for m in memberships]


# --- The suggested rotation -------------------------------------------------------------------------------


def _final(agency_id: int, successors: Mapping[int, int]) -> int:
    """The agency an agency's records belong to today: follow renames and mergers to the end."""
    seen = {agency_id}
    while agency_id in successors and successors[agency_id] not in seen:
        agency_id = successors[agency_id]
        seen.add(agency_id)
    return agency_id


def rotation_from(
    *,
    year: int,
    leaderships: Iterable[Leadership],
    members: Iterable[Agency],
    successors: Mapping[int, int] | None = None,
) -> tuple[Agency | None, Agency | None]:
    """The chair and vice-chair suggested for ``year + 1`` (pure: no query).

    ``leaderships``: the bloc's leadership history; ``members``: the agencies that belong to the bloc in
    ``year + 1``; ``successors``: agency id → the agency it was renamed to or merged into, so that a
    term served under an old name counts for the agency that carries it on.

    The vice-chair of ``year`` moves up to chair if still a member. The vice-chair is the member that has
    gone longest without chairing: those that never chaired first, then the earliest last term; ties go
    by Vietnamese name order. When ``year`` had no vice-chair who is still a member, the chair is chosen
    by that same rule.
    """
    successors = successors or {}
    members = list(members)
    history = [lead for lead in leaderships if lead.year <= year]
    last_chaired: dict[int, int] = {}
    for lead in history:
        holder = _final(lead.chair_id, successors)
        last_chaired[holder] = max(lead.year, last_chaired.get(holder, lead.year))

    def longest_without_chairing(pool: list[Agency]) -> Agency | None:
        def waited(agency: Agency):
            last = last_chaired.get(_final(agency.pk, successors))
            return (last is not None, last or 0, agency.sort_key, agency.pk)

        return min(pool, key=waited, default=None)

    this_year = next((lead for lead in history if lead.year == year), None)
    chair = None
    if this_year is not None:
        moving_up = _final(this_year.vice_chair_id, successors)
        chair = next((a for a in members if _final(a.pk, successors) == moving_up), None)
    if chair is None:
        chair = longest_without_chairing(members)
    vice_chair = longest_without_chairing([a for a in members if a != chair])
    return chair, vice_chair


def organizer_successors(organizer_id: int) -> dict[int, int]:
    """Agency id → successor id for every rename or merger of the organizer (one query)."""
    renamed = Agency.objects.filter(organizer_id=organizer_id, successor__isnull=False)
    return dict(renamed.order_by().values_list("pk", "successor_id"))


def suggest_rotation(
    bloc: Bloc,
    year: int,
    *,
    leaderships: Iterable[Leadership] | None = None,
    members: Iterable[Agency] | None = None,
    successors: Mapping[int, int] | None = None,
) -> tuple[Agency | None, Agency | None]:
    """Suggested (chair, vice-chair) of ``bloc`` for ``year + 1``; reads what is not given."""
    if leaderships is None:
        leaderships = Leadership.objects.filter(bloc=bloc, year__lte=year)
    if members is None:
        members = Agency.objects.filter(
            pk__in=Membership.objects.in_year(year + 1).filter(bloc=bloc).values("agency_id")
        )
    if successors is None:
        successors = organizer_successors(bloc.organizer_id)
    return rotation_from(year=year, leaderships=leaderships, members=members, successors=successors)


# --- The bloc page ----------------------------------------------------------------------------------------


@dataclass
class Successions:
    """The bloc that continues a bloc (with ``readable``: whether the user may open its page; else its name
    only, which the bloc's own history shows too) and the blocs it continues that the user may read."""

    successor: Bloc | None = None
    predecessors: list[Bloc] = field(default_factory=list)


def bloc_successions(user: User, bloc: Bloc) -> Successions:
    """What the bloc page says of the blocs before and after ``bloc`` (one query)."""
    related = (
        Bloc.objects.filter(Q(pk=bloc.successor_id) | Q(successor_id=bloc.pk))
        .select_related("organizer")
        .annotate(readable=Exists(visible_blocs(user).filter(pk=OuterRef("pk"))))
        .order_by("successor_from_year", "sort_key", "pk")
    )
    found = Successions()
    for other in related:
        if other.pk == bloc.successor_id:
            found.successor = other
        elif other.readable:
            found.predecessors.append(other)
    return found


# --- The agency page --------------------------------------------------------------------------------------


# --- Search -----------------------------------------------------------------------------------------------
