"""How a record's state reads in the audit trail, for the states every app builds of its records: ``{label:
value}`` (labels and values as the board reads them, see ``history.audit``); and the fingerprint of a state
that pages carry as a version (no lost updates)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from .audit import json_value

State = dict[str, Any]


def state_version(state: State) -> str:
    """A short fingerprint of a part of a record (a meeting's attendance, a proposal's votes…): the version a
    page carries, so that a save over a change made since the page was opened is refused. Order-free and
    as the history reads, so the page and the service compute it alike from the same rows."""
    text = json.dumps({key: json_value(value) for key, value in state.items()}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _name(row, names: Mapping[int, str] | None, attribute: str = "agency") -> str:
    agency_id = getattr(row, f"{attribute}_id")
    if names is not None and agency_id in names:
        return names[agency_id]
    return str(getattr(row, attribute))


def years_text(from_year: int, to_year: int | None) -> str:
    return f"{from_year}–{to_year if to_year is not None else '…'}"


def _date_text(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _joined(*parts) -> str | None:
    return ", ".join(str(p) for p in parts if p) or None
