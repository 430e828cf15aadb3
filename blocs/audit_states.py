"""What the history shows of a bloc: its fields, its member list, the leadership and secretaries (see
``history.states``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from history.audit import in_vietnamese
from history.states import State, years_text

# The fields of a record that its history follows (children are described by the functions below).
BLOC_FIELDS = ("code", "name", "short_name", "kind", "symbol", "successor", "successor_from_year")


MEMBERSHIP_FIELDS = ("agency", "from_year", "to_year")


LEADERSHIP_FIELDS = ("year", "chair", "vice_chair", "elected_at")


SECRETARY_FIELDS = ("year", "user")


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
