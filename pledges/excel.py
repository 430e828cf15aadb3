"""The pledge's score sheet as an Excel workbook: every member's points per criterion, total and rank, and the
criteria with their points scale (``core.excel``: text cells never become formulas)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.excel import Column, table, workbook_bytes
from core.numbers import number_text
from pledges.models import Criterion, Pledge
from pledges.selectors import ScoreRow


def score_workbook(*, pledge: Pledge, criteria: Sequence[Criterion], rows: Sequence[ScoreRow]) -> bytes:
    """Sheet 1: the score sheet (rank, member, points per criterion, total), best first, members not scored
    last; sheet 2: the criteria and their maximum points."""
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
            *(
                Column(
                    _("%(code)s. %(title)s (tối đa %(points)s)")
                    % {"code": c.code, "title": c.title, "points": number_text(c.max_points)},
                    16,
                )
                for c in criteria
            ),
            Column(_("Tổng điểm"), 11),
        ],
        rows=[[row.rank, row.agency.name, *row.points, row.total] for row in rows],
    )
    table(
        workbook.create_sheet(),
        sheet_title=_("Tiêu chí"),
        title=title,
        subtitle=_("Tiêu chí và thang điểm"),
        columns=[Column(_("Mã"), 8), Column(_("Nội dung tiêu chí"), 70), Column(_("Điểm tối đa"), 12)],
        rows=[
            *([c.code, c.title, c.max_points] for c in criteria),
            ["", _("Tổng thang điểm"), sum((c.max_points for c in criteria), Decimal(0))],
        ],
    )
    return workbook_bytes(workbook)
