"""What the history shows of the records made of many rows: a pledge's criteria, signatures and scores, a
meeting's people, attendance, proposals and ranking, a decision's awards.

Each function turns rows into ``{label: value}`` (see ``history.audit``); the services and the importer diff
two of them. ``names`` maps agency ids to names where the rows' agencies are not loaded.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Agency

AGENCY_FIELDS = ("code", "name", "short_name", "successor", "until")
ORGANIZER_FIELDS = ("code", "name", "short_name", "place_name", "board_name", "merged_into", "merged_on")
BOARD_NAME_FIELDS = ("name", "valid_from", "valid_until")
USER_FIELDS = ("username", "first_name", "last_name", "email", "role", "agency", "is_active")


def agency_names(ids: Iterable[int]) -> dict[int, str]:
    """Names of the agencies, in one query."""
    ids = {i for i in ids if i is not None}
    return dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


# -- blocs and pledges -------------------------------------------------------------------------------------


# -- meetings and proposals --------------------------------------------------------------------------------


# -- decisions ---------------------------------------------------------------------------------------------
