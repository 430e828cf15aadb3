"""Who may see and change what: the one place the access rules live.

- Board staff see every bloc of their organizer and may change everything in it. They also read, and only
  read, the records of the provinces merged into theirs (the 2025 reorganization: ``Organizer.merged_into``).
- An agency's users see the blocs their agency (or an agency it succeeded) has belonged to.
- A bloc's secretaries for a year are the users of that year's chair agency plus users the board assigns;
  they enter the meetings of that year.
- Nobody sees another organizer's data. Superusers administer the installation and see everything.

Each app reads its records for a user through ``get_<model>_for_user(user, pk, *, edit=False)`` (404 for what
the user may not read, or not change with ``edit``), built on the rules here. What a page offers is a
capabilities object (``BlocCapabilities`` here, ``MeetingCapabilities``…) the view hands to its template as
``can``: no template looks at a role. A service that refuses on these grounds raises ``PermissionDenied``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from members.models import Agency, Organizer, User

from .models import Bloc, Leadership, Membership, SecretaryAssignment


def lineage_of(agency_id: int) -> RawSQL:
    """``agency_lineage`` as a subquery (``agency_id__in=lineage_of(pk)``): no query of its own. A recursive
    common table expression, which SQLite and PostgreSQL both run inside ``IN (…)``."""
    # The model's own table name, quoted; the agency id is a parameter, never in the text.
    table = connection.ops.quote_name(Agency._meta.db_table)
    # The first term reads the agency's own row: its id has the column's type (PostgreSQL wants both terms alike).
    sql = f"WITH RECURSIVE lineage(id) AS (SELECT a.id FROM {table} a WHERE a.id = %s UNION SELECT a.id FROM {table} a JOIN lineage ON a.successor_id = lineage.id) SELECT id FROM lineage"  # noqa: E501, S608
    return RawSQL(sql, (int(agency_id),))  # noqa: S611


def agency_lineage(agency_id: int) -> set[int]:
    """The agency and every agency that was merged into or renamed to it, recursively."""
    lineage = {agency_id}
    frontier = {agency_id}
    while frontier:
        frontier = (
            set(Agency.objects.filter(successor_id__in=frontier).order_by().values_list("pk", flat=True)) - lineage
        )
        lineage |= frontier
    return lineage


def board_reads(user: User, organizer_field: str = "organizer") -> Q:
    """The rows of the provinces a board staff user reads, by their ``organizer_field``: their own and those
    merged into it, also through a province merged into one merged into theirs. Joins, no query of its own."""
    own = user.organizer_id
    return (
        Q(**{f"{organizer_field}_id": own})
        | Q(**{f"{organizer_field}__merged_into_id": own})
        | Q(**{f"{organizer_field}__merged_into__merged_into_id": own})
    )


def readable_organizers(user: User) -> QuerySet[Organizer]:
    """The provinces whose records the user reads as a whole (board staff: their own and the merged-in ones)."""
    if not user.is_authenticated:
        return Organizer.objects.none()
    if user.is_superuser:
        return Organizer.objects.all()
    if user.is_board_staff:
        return Organizer.objects.filter(
            Q(pk=user.organizer_id)
            | Q(merged_into_id=user.organizer_id)
            | Q(merged_into__merged_into_id=user.organizer_id)
        )
    return Organizer.objects.none()


def visible_blocs(user: User) -> QuerySet[Bloc]:
    """Blocs the user may read."""
    if not user.is_authenticated:
        return Bloc.objects.none()
    if user.is_superuser:
        return Bloc.objects.all()
    if user.is_board_staff:
        return Bloc.objects.filter(board_reads(user))
    if not user.agency_id:
        return Bloc.objects.filter(secretaries__user=user).distinct()
    member = Membership.objects.filter(bloc=OuterRef("pk"), agency_id__in=lineage_of(user.agency_id))
    assigned = SecretaryAssignment.objects.filter(bloc=OuterRef("pk"), user=user)
    province = Agency.objects.filter(pk=user.agency_id).values("organizer_id")  # a subquery, not a query
    return Bloc.objects.filter(Q(Exists(member)) | Q(Exists(assigned)), organizer_id__in=province)


def in_visible_blocs(user: User, bloc_field: str = "bloc") -> Q:
    """The rows (meetings, proposals…) of blocs the user may read, by their ``bloc_field``: for board staff a
    plain condition on the organizer, without visible_blocs()'s subquery (the same rule)."""
    if user.is_authenticated and user.is_board_staff and not user.is_superuser:
        return board_reads(user, f"{bloc_field}__organizer")
    return Q(**{f"{bloc_field}__in": visible_blocs(user)})


def can_manage_organizer(user: User, organizer_id: int) -> bool:
    """Board work: memberships, award types, decisions, secretaries, reopening meetings."""
    return user.is_authenticated and (user.is_superuser or (user.is_board_staff and user.organizer_id == organizer_id))


def is_secretary(user: User, bloc: Bloc, year: int, *, leaderships: Iterable[Leadership] | None = None) -> bool:
    """Whether the user enters records for the bloc in that year (chair agency's staff or assigned).
    ``leaderships``: the bloc's leaderships a page has already read (the chair is then found without a query)."""
    if not user.is_authenticated:
        return False
    assigned = SecretaryAssignment.objects.filter(bloc=bloc, year=year, user=user)
    if not user.agency_id:
        return assigned.exists()
    if leaderships is not None:
        if any(lead.year == year and lead.chair_id == user.agency_id for lead in leaderships):
            return True
        return assigned.exists()
    chair = Leadership.objects.filter(bloc=bloc, year=year, chair_id=user.agency_id)
    return Bloc.objects.filter(Q(Exists(chair)) | Q(Exists(assigned)), pk=bloc.pk).exists()  # one query


def secretaries_of(bloc_years: Iterable[tuple[int, int]]) -> dict[tuple[int, int], list[User]]:
    """The active secretaries (``is_secretary``) of each (bloc id, year): the users assigned for that year and
    the users of that year's chair agency. Three queries, whatever the number of pairs."""
    pairs = set(bloc_years)
    found: dict[tuple[int, int], list[User]] = {pair: [] for pair in pairs}
    if not pairs:
        return found
    condition = Q()
    for bloc_id, year in pairs:
        condition |= Q(bloc_id=bloc_id, year=year)
    assigned = list(SecretaryAssignment.objects.filter(condition).values_list("bloc_id", "year", "user_id"))
    chairs = list(Leadership.objects.filter(condition).values_list("bloc_id", "year", "chair_id"))
    users = User.objects.filter(
        Q(pk__in={user_id for *_pair, user_id in assigned}) | Q(agency_id__in={chair for *_pair, chair in chairs}),
        is_active=True,
    ).order_by("pk")
    for user in users:
        for bloc_id, year, user_id in assigned:
            if user_id == user.pk and user not in found[bloc_id, year]:
                found[bloc_id, year].append(user)
        for bloc_id, year, chair_id in chairs:
            if chair_id == user.agency_id and user not in found[bloc_id, year]:
                found[bloc_id, year].append(user)
    return found


def can_edit_bloc_year(user: User, bloc: Bloc, year: int, *, leaderships: Iterable[Leadership] | None = None) -> bool:
    """Board staff of the organizer, or a secretary of the bloc for that year."""
    return can_manage_organizer(user, bloc.organizer_id) or is_secretary(user, bloc, year, leaderships=leaderships)


class Capabilities:
    """What the user may do with a bloc's records of a year, each answer worked out when first asked.

    - ``manage``: board work (memberships, secretaries, reopening a meeting, decisions);
    - ``enter_records``: the year's meetings, pledge and scores (the year's secretaries and board staff).
    """

    def __init__(self, user: User, bloc: Bloc, year: int, *, leaderships: Iterable[Leadership] | None = None):
        self.user = user
        self.bloc = bloc
        self.year = year
        self._leaderships = leaderships

    @cached_property
    def manage(self) -> bool:
        return can_manage_organizer(self.user, self.bloc.organizer_id)

    @cached_property
    def enter_records(self) -> bool:
        return self.manage or is_secretary(self.user, self.bloc, self.year, leaderships=self._leaderships)


class BlocCapabilities(Capabilities):
    """What the bloc page offers for the year shown."""

    @property
    def create_meeting(self) -> bool:
        return self.enter_records  # what meetings:create checks

    @property
    def create_pledge(self) -> bool:
        return self.enter_records  # what pledges:create checks

    @property
    def choose_next_leaders(self) -> bool:
        return self.enter_records  # the secretaries of the year choose next year's chair (or the board)

    @property
    def change_members(self) -> bool:
        return self.manage

    @property
    def assign_secretaries(self) -> bool:
        return self.manage

    @property
    def edit_bloc(self) -> bool:
        return self.manage  # its name, kind and document symbol (blocs:bloc_update)

    @property
    def set_leaders(self) -> bool:
        """The chair and vice-chair of the year shown itself, outside an election: the board's work."""
        return self.manage


def get_bloc_for_user(user: User, pk: int, *, edit: bool = False) -> Bloc:
    """The bloc if the user may read it (with ``edit``: do its board work), else 404 (never reveal that it
    exists). The year's records are another matter: ``Capabilities.enter_records``."""
    bloc = get_object_or_404(visible_blocs(user), pk=pk)
    if edit and not can_manage_organizer(user, bloc.organizer_id):
        raise Http404
    return bloc


class Navigation:
    """What the menu offers the signed-in user (``nav`` in every template)."""

    def __init__(self, user: User):
        self.user = user

    @cached_property
    def board(self) -> bool:
        """The board work of the user's province: award types, decisions, import and export
        (``get_managed_organizer``)."""
        user = self.user
        return user.is_authenticated and bool(user.organizer_id) and can_manage_organizer(user, user.organizer_id)

    @property
    def whole_province(self) -> bool:
        """Sees every bloc of a province (or of all: a superuser), not only their agency's."""
        return self.board or (self.user.is_authenticated and self.user.is_superuser)

    @property
    def agency_id(self) -> int | None:
        """The user's own agency (its page), if any."""
        return self.user.agency_id if self.user.is_authenticated else None

    @property
    def admin(self) -> bool:
        return self.user.is_authenticated and self.user.is_active and self.user.is_staff


def get_managed_organizer(user: User) -> Organizer:
    """The user's organizer if they do its board work, else 404 (the pages do not reveal they exist)."""
    if not user.organizer_id or not can_manage_organizer(user, user.organizer_id):
        raise Http404
    return user.organizer


def get_managed_user(user: User, pk: int) -> User:
    """A user of the province whose board work ``user`` does (never a superuser: they administer the
    installation), else 404."""
    organizer = get_managed_organizer(user)
    return get_object_or_404(User.objects.select_related("agency"), pk=pk, organizer=organizer, is_superuser=False)


def get_agency_for_user(user: User, pk: int, *, edit: bool = False) -> Agency:
    """The agency if the user may read it (with ``edit``: change it, the board's work), else 404.

    Board staff read every agency of their organizer. Others read their own agency and any agency that,
    itself or through a predecessor it absorbed, belonged to a bloc they may read.
    """
    agency = get_object_or_404(Agency.objects.select_related("organizer", "successor"), pk=pk)
    if can_manage_organizer(user, agency.organizer_id):
        return agency
    if edit:
        raise Http404
    if (
        user.is_authenticated
        and user.is_board_staff
        and readable_organizers(user).filter(pk=agency.organizer_id).exists()
    ):
        return agency
    if user.is_authenticated and user.agency_id == agency.pk:
        return agency
    if not visible_blocs(user).filter(memberships__agency_id__in=lineage_of(agency.pk)).exists():
        raise Http404
    return agency
