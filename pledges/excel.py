"""The pledge's score sheet as an Excel workbook: every member's points per criterion, total, rank and band, and the
criteria with their points scale and the classification bands (``core.excel``: text cells never become formulas)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.excel import Column, table, workbook_bytes
from core.numbers import number_text
from pledges.models import Band, Criterion, Pledge
from pledges.selectors import ScoreRow


def _heading(criterion: Criterion) -> str:
    """ "1. Title (tối đa 60)"; a bonus or deduction says so: "5. Title (Điểm trừ, tối đa 5)"."""
    values = {"code": criterion.code, "title": criterion.title, "points": number_text(criterion.max_points)}
    if criterion.kind == Criterion.Kind.STANDARD:
        return _("%(code)s. %(title)s (tối đa %(points)s)") % values
    return _("%(code)s. %(title)s (%(kind)s, tối đa %(points)s)") % (values | {"kind": criterion.get_kind_display()})


def score_workbook(
    *, pledge: Pledge, criteria: Sequence[Criterion], rows: Sequence[ScoreRow], bands: Sequence[Band] = ()
) -> bytes:
    """Sheet 1: the score sheet (rank, member, points per criterion, total, band when the pledge has bands), best
    first, members not scored last; sheet 2: the criteria, their kinds and maximum points, then the bands. The
    totals are the score sheet's: deduction points subtracted."""
    workbook = Workbook()
    title = _("BẢNG ĐIỂM GIAO ƯỚC THI ĐUA NĂM %(year)s") % {"year": pledge.year}
    table(
        workbook.active,
        sheet_title=_("Bảng điểm"),
        title=title,
        subtitle=pledge.bloc.name,
        columns=[
            Column(_("Hạng"), 7),
            Column(_("Đơn vị"), 40),
            *(Column(_heading(c), 16) for c in criteria),
            Column(_("Tổng điểm"), 11),
            *([Column(_("Xếp loại"), 16)] if bands else []),
        ],
        rows=[[row.rank, row.agency.name, *row.points, row.total, *([row.band] if bands else [])] for row in rows],
    )
    kinds = any(c.kind != Criterion.Kind.STANDARD for c in criteria)
    scale = sum((c.max_points for c in criteria if c.kind == Criterion.Kind.STANDARD), Decimal(0))
    table(
        workbook.create_sheet(),
        sheet_title=_("Tiêu chí"),
        title=title,
        subtitle=_("Tiêu chí và thang điểm"),
        columns=[
            Column(_("Mã"), 8),
            Column(_("Nội dung tiêu chí"), 70),
            *([Column(_("Loại"), 16)] if kinds else []),
            Column(_("Điểm tối đa"), 12),
        ],
        rows=[
            *([c.code, c.title, *([c.get_kind_display()] if kinds else []), c.max_points] for c in criteria),
            ["", _("Tổng thang điểm"), *([""] if kinds else []), scale],
            *_band_rows(bands, kinds),
        ],
    )
    return workbook_bytes(workbook)


def _band_rows(bands: Sequence[Band], kinds: bool) -> list[list]:
    """The classification bands under the criteria: "Xếp loại Xuất sắc: từ 95 điểm"."""
    return [
        ["", _("Xếp loại %(name)s: từ %(points)s điểm") % {"name": b.name, "points": number_text(b.min_points)}]
        + ([""] if kinds else [])
        + [b.min_points]
        for b in bands
    ]
