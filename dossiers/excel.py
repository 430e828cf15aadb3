"""The board's year overview as an Excel workbook: the rows the page shows, with its filters
(``selectors.year_overview``). Cells are written by ``core.excel``: text is never a formula."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.excel import DATE_FORMAT, Column, table, workbook_bytes
from meetings.models import Meeting

from .selectors import OverviewRow, YearOverview


def _finalized(meeting: Meeting | None) -> str:
    if meeting is None:
        return _("Chưa họp")
    return _("Đã chốt") if meeting.is_finalized else _("Chưa chốt")


def _pledge(row: OverviewRow) -> str:
    if row.pledge_signed:
        return _("Đã ký")
    return _("Chưa có chữ ký") if row.pledge is not None else _("Chưa có")


def _minutes(row: OverviewRow) -> str:
    if row.minutes_issued:
        return _("Đã phát hành (bản %(number)s)") % {"number": row.minutes.number}
    return row.minutes.get_status_display() if row.minutes is not None else _("Chưa có")


def overview_workbook(overview: YearOverview) -> bytes:
    """One row per bloc: pledge, reviews, minutes, dossier (late or not) and decisions."""
    workbook = Workbook()
    deadline = overview.deadline
    subtitle = overview.organizer.board_name or overview.organizer.name
    if deadline is not None:
        subtitle = _("%(board)s — hạn gửi hồ sơ: %(date)s") % {"board": subtitle, "date": f"{deadline.due_on:%d/%m/%Y}"}
    rows = []
    for number, row in enumerate(overview.rows, start=1):
        rows.append(
            [
                number,
                row.bloc.name,
                row.member_count,
                _pledge(row),
                row.pledge_signed_on,
                row.mid_year.held_on if row.mid_year else None,
                _finalized(row.mid_year),
                row.year_end.held_on if row.year_end else None,
                _finalized(row.year_end),
                _minutes(row),
                row.state_label,
                timezone.localdate(row.sent_at) if row.sent_at else None,
                _("Trễ hạn") if row.late else "",
                row.awarded,
                row.passed,
            ]
        )
    table(
        workbook.active,
        sheet_title=_("Tổng hợp %(year)s") % {"year": overview.year},
        title=_("TỔNG HỢP CÁC KHỐI, CỤM THI ĐUA NĂM %(year)s") % {"year": overview.year},
        subtitle=subtitle,
        columns=[
            Column(_("STT"), 6),
            Column(_("Khối/Cụm"), 36),
            Column(_("Thành viên"), 10),
            Column(_("Giao ước"), 14),
            Column(_("Ngày ký giao ước"), 12, DATE_FORMAT),
            Column(_("Sơ kết 6 tháng"), 12, DATE_FORMAT),
            Column(_("Sơ kết: trạng thái"), 12),
            Column(_("Tổng kết"), 12, DATE_FORMAT),
            Column(_("Tổng kết: trạng thái"), 12),
            Column(_("Biên bản"), 20),
            Column(_("Hồ sơ"), 18),
            Column(_("Ngày gửi hồ sơ"), 12, DATE_FORMAT),
            Column(_("Trễ hạn"), 10),
            Column(_("Đề nghị đã có quyết định"), 12),
            Column(_("Đề nghị đạt"), 10),
        ],
        rows=rows,
    )
    return workbook_bytes(workbook)
