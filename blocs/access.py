"""Who may see and change what: the one place the access rules live.

- Board staff see every bloc of their organizer and may change everything in it.
- An agency's users see the blocs their agency (or an agency it succeeded) has belonged to.
- A bloc's secretaries for a year are the users of that year's chair agency plus users the board assigns;
  they enter the meetings of that year.
- Nobody sees another organizer's data. Superusers administer the installation and see everything.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.models import Agency, Organizer, User

from .models import Bloc, Leadership, Membership, SecretaryAssignment


def _agency_lineage(agency_id: int) -> set[int]:
    """The agency and every agency that was merged into or renamed to it, recursively."""
    lineage = {agency_id}
    frontier = {agency_id}
    while frontier:
        frontier = (
            set(Agency.objects.filter(successor_id__in=frontier).order_by().values_list("pk", flat=True)) - lineage
        )
        lineage |= frontier
    return lineage


def visible_blocs(user: User) -> QuerySet[Bloc]:
    """Blocs the user may read."""
    if not user.is_authenticated:
        return Bloc.objects.none()
    if user.is_superuser:
        return Bloc.objects.all()
    if user.is_board_staff:
        return Bloc.objects.filter(organizer_id=user.organizer_id)
    if not user.agency_id:
        return Bloc.objects.filter(secretaries__user=user).distinct()
    lineage = _agency_lineage(user.agency_id)
    member = Membership.objects.filter(bloc=OuterRef("pk"), agency_id__in=lineage)
    assigned = SecretaryAssignment.objects.filter(bloc=OuterRef("pk"), user=user)
    return Bloc.objects.filter(Q(Exists(member)) | Q(Exists(assigned)), organizer_id=user.agency.organizer_id)


def in_visible_blocs(user: User, bloc_field: str = "bloc") -> Q:
    """The rows (meetings, proposals…) of blocs the user may read, by their ``bloc_field``: for board staff a
    plain condition on the organizer, without visible_blocs()'s subquery (the same rule)."""
    if user.is_authenticated and user.is_board_staff and not user.is_superuser:
        return Q(**{f"{bloc_field}__organizer_id": user.organizer_id})
    return Q(**{f"{bloc_field}__in": visible_blocs(user)})


def can_manage_organizer(user: User, organizer_id: int) -> bool:
    """Board work: memberships, award types, decisions, secretaries, reopening meetings."""
    return user.is_authenticated and (user.is_superuser or (user.is_board_staff and user.organizer_id == organizer_id))


def is_secretary(user: User, bloc: Bloc, year: int) -> bool:
    """Whether the user enters records for the bloc in that year (chair agency's staff or assigned)."""
    if not user.is_authenticated:
        return False
    if user.agency_id and Leadership.objects.filter(bloc=bloc, year=year, chair_id=user.agency_id).exists():
        return True
    return SecretaryAssignment.objects.filter(bloc=bloc, year=year, user=user).exists()


def can_edit_bloc_year(user: User, bloc: Bloc, year: int) -> bool:
    """Board staff of the organizer, or a secretary of the bloc for that year."""
    return can_manage_organizer(user, bloc.organizer_id) or is_secretary(user, bloc, year)


def get_bloc_for_user(user: User, pk: int) -> Bloc:
    """The bloc if the user may read it, else 404 (never reveal that it exists)."""
    return get_object_or_404(visible_blocs(user), pk=pk)


def get_managed_organizer(user: User) -> Organizer:
    """The user's organizer if they do its board work, else 404 (the pages do not reveal they exist)."""
    if not user.organizer_id or not can_manage_organizer(user, user.organizer_id):
        raise Http404
    return user.organizer


def get_agency_for_user(user: User, pk: int) -> Agency:
    """The agency if the user may read it, else 404.

    Board staff read every agency of their organizer. Others read their own agency and any agency that,
    itself or through a predecessor it absorbed, belonged to a bloc they may read.
    """
    agency = get_object_or_404(Agency.objects.select_related("organizer", "successor"), pk=pk)
    if can_manage_organizer(user, agency.organizer_id) or (user.is_authenticated and user.agency_id == agency.pk):
        return agency
    lineage = _agency_lineage(agency.pk)
    if not visible_blocs(user).filter(memberships__agency_id__in=lineage).exists():
        raise Http404
    return agency
