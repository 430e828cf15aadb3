"""What the history shows of a pledge: its criteria, signatures and score sheet (see ``history.states``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from core.numbers import number_text
from history.audit import in_vietnamese, snapshot
from history.states import State, _date_text, _joined, _name
from pledges.models import Criterion

PLEDGE_FIELDS = ("year", "signed_on")


@in_vietnamese
def criteria_state(criteria: Iterable) -> State:
    return {
        _("Tiêu chí %(code)s") % {"code": c.code}: _criterion_text(c)
        for c in sorted(criteria, key=lambda c: (c.position, c.code))
    }


def _criterion_text(criterion) -> str:
    """ "Nội dung (10 điểm)"; a bonus or deduction says so: "Nội dung (Điểm trừ, 5 điểm)"."""
    points = number_text(criterion.max_points)
    if criterion.kind in ("", Criterion.Kind.STANDARD):
        return _("%(title)s (%(points)s điểm)") % {"title": criterion.title, "points": points}
    return _("%(title)s (%(kind)s, %(points)s điểm)") % {
        "title": criterion.title,
        "kind": Criterion.Kind(criterion.kind).label,
        "points": points,
    }


@in_vietnamese
def bands_state(bands: Iterable) -> State:
    """The classification bands: "Xếp loại Xuất sắc": "từ 95 điểm"."""
    return {
        _("Xếp loại %(name)s") % {"name": band.name}: _("từ %(points)s điểm") % {"points": number_text(band.min_points)}
        for band in bands
    }


@in_vietnamese
def self_scores_state(cells: Mapping[tuple[int, str], Any], names: Mapping[int, str]) -> State:
    """Self-score cells ``(agency id, criterion code) → points``: "Sở Tài chính — tự chấm tiêu chí 2": "8,5"."""
    return {
        _("%(agency)s — tự chấm tiêu chí %(code)s") % {"agency": names.get(agency_id, agency_id), "code": code}: (
            number_text(points) if points is not None else None
        )
        for (agency_id, code), points in cells.items()
    }


@in_vietnamese
def notes_state(cells: Mapping[tuple[int, str], str], names: Mapping[int, str]) -> State:
    """Why the bloc's points differ, per cell: "Sở Tài chính — lý do điểm tiêu chí 2": "…"."""
    return {
        _("%(agency)s — lý do điểm tiêu chí %(code)s") % {"agency": names.get(agency_id, agency_id), "code": code}: (
            note or None
        )
        for (agency_id, code), note in cells.items()
    }


@in_vietnamese
def signatures_state(signatures: Iterable, names: Mapping[int, str] | None = None) -> State:
    return {
        _("Chữ ký — %(agency)s") % {"agency": _name(s, names)}: _joined(s.signer, s.title, _date_text(s.signed_on))
        or _("đã ký")
        for s in signatures
    }


@in_vietnamese
def scores_state(cells: Mapping[tuple[int, str], Any], names: Mapping[int, str]) -> State:
    """Score cells ``(agency id, criterion code) → points``: "Sở Tài chính — tiêu chí 2": "8,5"."""
    return {
        _("%(agency)s — tiêu chí %(code)s") % {"agency": names.get(agency_id, agency_id), "code": code}: (
            number_text(points) if points is not None else None
        )
        for (agency_id, code), points in cells.items()
    }


def pledge_state(pledge, criteria: Iterable, signatures: Iterable, scores: Iterable, names: Mapping[int, str]) -> State:
    """The whole pledge: its date, criteria, signatures and score sheet (used by the importer)."""
    return {
        **snapshot(pledge, PLEDGE_FIELDS),
        **criteria_state(criteria),
        **signatures_state(signatures, names),
        **scores_state({(s.agency_id, s.criterion.code): s.points for s in scores}, names),
    }
