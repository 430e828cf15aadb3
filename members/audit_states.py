"""What the history shows of the records made of many rows: a pledge's criteria, signatures and scores, a
meeting's people, attendance, proposals and ranking, a decision's awards.

Each function turns rows into ``{label: value}`` (see ``history.audit``); the services and the importer diff
two of them. ``names`` maps agency ids to names where the rows' agencies are not loaded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from history.audit import in_vietnamese
from history.states import State, years_text

from .models import Agency

# The fields of a record that its history follows (children are described by the functions below).
BLOC_FIELDS = ("code", "name", "short_name", "kind")
AGENCY_FIELDS = ("code", "name", "short_name", "successor", "until")
ORGANIZER_FIELDS = ("code", "name", "short_name", "place_name", "board_name")
MEMBERSHIP_FIELDS = ("agency", "from_year", "to_year")
LEADERSHIP_FIELDS = ("year", "chair", "vice_chair", "elected_at")
SECRETARY_FIELDS = ("year", "user")


def agency_names(ids: Iterable[int]) -> dict[int, str]:
    """Names of the agencies, in one query."""
    ids = {i for i in ids if i is not None}
    return dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


# -- blocs and pledges -------------------------------------------------------------------------------------


@in_vietnamese
def memberships_state(rows: Iterable[tuple[int, int, int | None]], names: Mapping[int, str]) -> State:
    """A bloc's member list from (agency id, from_year, to_year) rows: one line per agency."""
    ranges: dict[int, list[str]] = defaultdict(list)
    for agency_id, from_year, to_year in sorted(rows, key=lambda r: (r[0], r[1])):
        ranges[agency_id].append(years_text(from_year, to_year))
    return {
        _("Thành viên — %(agency)s") % {"agency": names.get(agency_id, agency_id)}: "; ".join(spans)
        for agency_id, spans in ranges.items()
    }


# -- meetings and proposals --------------------------------------------------------------------------------


# -- decisions ---------------------------------------------------------------------------------------------


