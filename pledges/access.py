"""Who may read and change a pledge: whoever may read its bloc reads it; those who enter the records of the
pledge's year (the bloc's secretaries, board staff) change it (``blocs.access``)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from blocs.access import Capabilities, agency_lineage, can_manage_organizer, is_secretary, visible_blocs
from blocs.models import Membership
from members.models import Agency, User

from .models import Evidence, Pledge, ScoringRound


def get_pledge_for_user(user: User, pk: int, *, edit: bool = False) -> Pledge:
    """The pledge if the user may read its bloc (and, with ``edit``, change that year's records), else 404."""
    pledge = get_object_or_404(Pledge.objects.select_related("bloc").filter(bloc__in=visible_blocs(user)), pk=pk)
    if edit and not PledgeCapabilities(user, pledge).edit:
        raise Http404
    return pledge


class PledgeCapabilities(Capabilities):
    """What the pledge page offers (``can`` in its template)."""

    def __init__(self, user: User, pledge: Pledge):
        super().__init__(user, pledge.bloc, pledge.year)
        self.pledge = pledge

    @cached_property
    def edit(self) -> bool:
        """The criteria (while no score stands on them), the signatures and the scores."""
        return self.enter_records

    @cached_property
    def self_score(self) -> bool:
        """The user's agency scores itself on the pledge (``pledges:self_score``): self-scoring is open and
        the agency is a member of the year."""
        return ScoringRound.objects.filter(pledge=self.pledge).exists() and (
            scoring_agency(self.user, self.pledge) is not None
        )


def scoring_agency(user: User, pledge: Pledge) -> Agency | None:
    """The member agency of the pledge's year whose self-scoring the user enters: their own agency, or one it
    succeeded (a merger), else None. Two queries."""
    if not user.is_authenticated or not user.agency_id:
        return None
    lineage = agency_lineage(user.agency_id)
    members = list(
        Membership.objects.in_year(pledge.year)
        .filter(bloc_id=pledge.bloc_id, agency_id__in=lineage)
        .select_related("agency")
        .order_by("agency__sort_key")
    )
    own = [m.agency for m in members if m.agency_id == user.agency_id]
    return (own or [m.agency for m in members] or [None])[0]


def may_score_for(user: User, agency: Agency) -> bool:
    """Whether the user enters the agency's self-scoring: a user of the agency or of its successor."""
    return user.is_authenticated and bool(user.agency_id) and agency.pk in agency_lineage(user.agency_id)


def get_evidence_for_user(user: User, pk: int) -> Evidence:
    """An evidence file if the user may read it, else 404: the users of the agency that scored itself (or of
    its successor), the bloc's secretaries of the pledge's year and the province's board staff. Nobody else,
    not even the other member agencies of the bloc."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("self_score__agency", "self_score__criterion__pledge__bloc"), pk=pk
    )
    pledge = evidence.self_score.criterion.pledge
    allowed = (
        may_score_for(user, evidence.self_score.agency)
        or can_manage_organizer(user, pledge.bloc.organizer_id)
        or is_secretary(user, pledge.bloc, pledge.year)
    )
    if not allowed:
        raise Http404
    return evidence
