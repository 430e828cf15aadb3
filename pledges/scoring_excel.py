"""Self-scoring as an Excel workbook: each member's own points beside the bloc's reviewed points per criterion,
both totals, the band and rank (of the reviewed total), and the reasons the bloc gave (``core.excel``: text
cells never become formulas, whatever an agency typed)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.excel import Column, table, workbook_bytes
from core.numbers import number_text
from pledges.models import Criterion, Pledge, Score
from pledges.selectors import ScoreRow


def _heading(criterion: Criterion, whose: str) -> str:
    kind = "" if criterion.kind == Criterion.Kind.STANDARD else f" — {criterion.get_kind_display()}"
    return _("%(code)s%(kind)s (tối đa %(max)s): %(whose)s") % {
        "code": criterion.code,
        "kind": kind,
        "max": number_text(criterion.max_points),
        "whose": whose,
    }


def scoring_workbook(
    *,
    pledge: Pledge,
    criteria: Sequence[Criterion],
    rows: Sequence[ScoreRow],
    submitted: Collection[int],
    notes: Sequence[Score],
) -> bytes:
    """Sheet 1: rank, member, submitted or not, per criterion self and reviewed points, both totals, band;
    sheet 2: the lines whose reviewed points carry a reason."""
    workbook = Workbook()
    title = _("TỔNG HỢP TỰ CHẤM ĐIỂM GIAO ƯỚC THI ĐUA NĂM %(year)s") % {"year": pledge.year}
    own, bloc = _("tự chấm"), _("khối chấm")
    columns = [Column(_("Hạng"), 7), Column(_("Đơn vị"), 40), Column(_("Đã nộp"), 9)]
    for criterion in criteria:
        columns += [Column(_heading(criterion, own), 13), Column(_heading(criterion, bloc), 13)]
    columns += [Column(_("Tổng tự chấm"), 11), Column(_("Tổng khối chấm"), 11), Column(_("Xếp loại"), 14)]
    table(
        workbook.active,
        sheet_title=_("Tự chấm và khối chấm"),
        title=title,
        subtitle=pledge.bloc.name,
        columns=columns,
        rows=[
            [
                row.rank,
                row.agency.name,
                _("Đã nộp") if row.agency.pk in submitted else _("Chưa nộp"),
                *(value for pair in zip(row.self_points, row.points, strict=True) for value in pair),
                row.self_total,
                row.total,
                row.band or "",
            ]
            for row in rows
        ],
    )
    table(
        workbook.create_sheet(),
        sheet_title=_("Lý do điều chỉnh"),
        title=title,
        subtitle=_("Các tiêu chí khối chấm khác điểm đơn vị tự chấm"),
        columns=[
            Column(_("Đơn vị"), 40),
            Column(_("Tiêu chí"), 10),
            Column(_("Khối chấm"), 11),
            Column(_("Lý do"), 70),
        ],
        rows=[[score.agency.name, score.criterion.code, score.points, score.note] for score in notes],
    )
    return workbook_bytes(workbook)
