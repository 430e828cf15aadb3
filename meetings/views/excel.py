"""The meeting's ranking as an Excel workbook (``core.excel``), for whoever may read the meeting: each member's
rank and, when the year's pledge is scored, its total points."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from core.excel import Column, table, workbook_bytes, xlsx_response
from meetings.access import get_meeting_for_user
from pledges.models import Pledge
from pledges.selectors import score_sheet

from ..models import Meeting, Ranking


@login_required
@require_safe
def ranking_xlsx(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    rankings = list(meeting.rankings.select_related("agency").order_by("rank", "agency__sort_key", "agency__code"))
    content = ranking_workbook(meeting=meeting, rankings=rankings, totals=_pledge_totals(meeting, rankings))
    return xlsx_response(content, f"xep-hang-{meeting.bloc.code}-{meeting.held_on:%Y-%m-%d}.xlsx")


def _pledge_totals(meeting: Meeting, rankings: list[Ranking]) -> dict[int, Decimal | None] | None:
    """Each ranked agency's total on the year's pledge, or None when the bloc has no pledge that year."""
    pledge = Pledge.objects.filter(bloc_id=meeting.bloc_id, year=meeting.year).first()
    if pledge is None:
        return None
    rows = score_sheet(pledge, [r.agency for r in rankings], list(pledge.criteria.all()))
    totals = {row.agency.pk: row.total for row in rows}
    return totals if any(total is not None for total in totals.values()) else None


def ranking_workbook(*, meeting: Meeting, rankings: list[Ranking], totals: dict[int, Decimal | None] | None) -> bytes:
    """Rank and member, best first; the pledge's total points beside them when the year's pledge is scored."""
    workbook = Workbook()
    columns = [Column(_("Hạng"), 8), Column(_("Đơn vị"), 50)]
    if totals is not None:
        columns.append(Column(_("Tổng điểm giao ước"), 14))
    rows = [[r.rank, r.agency.name, *([totals.get(r.agency_id)] if totals is not None else [])] for r in rankings]
    table(
        workbook.active,
        sheet_title=_("Xếp hạng"),
        title=_("KẾT QUẢ XẾP HẠNG THI ĐUA NĂM %(year)s") % {"year": meeting.year},
        subtitle=f"{meeting.bloc.name} — {meeting.display_title} ({meeting.held_on:%d/%m/%Y})",
        columns=columns,
        rows=rows,
    )
    return workbook_bytes(workbook)
