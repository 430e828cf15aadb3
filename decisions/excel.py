"""Excel workbooks (openpyxl): a year's award proposals of every bloc, and one bloc's history.

The query functions fetch what a workbook needs in a fixed number of queries however many rows; the
builders take those records and return the ``.xlsx`` bytes. Names are the agencies' names of the time:
each Agency row is the historical agency, a merger or a rename creates its successor.

Every cell is written by ``write_cell``: text is always a text cell, never a formula, whatever it starts with
(names and decision numbers are typed by users or imported, and member agencies download the bloc workbook).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import NamedTuple

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from blocs.models import Bloc, Leadership, Membership
from decisions.models import Decision
from meetings.models import Ballot, Proposal
from meetings.voting import effective_tally
from members.models import Organizer

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 3  # row 1: title, row 2: subtitle, row 3: column headings, data from row 4
DATE_FORMAT = "DD/MM/YYYY"

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_WRAP = Alignment(wrap_text=True, vertical="top")
# What makes a spreadsheet read text as a formula (OWASP, "CSV Injection"): = + - @, tab and carriage return.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class Column(NamedTuple):
    heading: str
    width: float
    number_format: str | None = None


# -- queries -------------------------------------------------------------------------------------------------


def year_proposals(organizer: Organizer, year: int) -> QuerySet[Proposal]:
    """The organizer's proposals of an emulation year, by bloc (Vietnamese order), meeting date and position."""
    return (
        Proposal.objects.filter(bloc__organizer=organizer, year=year)
        .select_related("bloc", "meeting", "nominee", "award_type", "decision_award__decision")
        # Counted when no tally was entered; unordered, as only the counts matter.
        .prefetch_related(Prefetch("ballots", queryset=Ballot.objects.order_by()))
        .order_by("bloc__sort_key", "bloc__code", "meeting__held_on", "meeting_id", "position", "pk")
    )


def bloc_leaderships(bloc: Bloc) -> QuerySet[Leadership]:
    return bloc.leaderships.select_related("chair", "vice_chair").order_by("year")


def bloc_memberships(bloc: Bloc) -> QuerySet[Membership]:
    return bloc.memberships.select_related("agency").order_by("agency__sort_key", "agency__code", "from_year")


def bloc_proposals(bloc: Bloc) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(bloc=bloc)
        .select_related("meeting", "nominee", "award_type", "decision_award__decision")
        .order_by("year", "meeting__held_on", "meeting_id", "position", "pk")
    )


# -- workbooks -----------------------------------------------------------------------------------------------


def proposals_workbook(*, organizer: Organizer, year: int, proposals: Iterable[Proposal]) -> bytes:
    """The list the board sends to the provincial council: every proposal of the year with its votes,
    outcome and decision."""
    workbook = Workbook()
    rows = []
    for number, proposal in enumerate(proposals, start=1):
        tally = effective_tally(proposal)
        rows.append(
            [
                number,
                proposal.bloc.name,
                proposal.nominee.name,
                proposal.award_type.name,
                proposal.meeting.held_on,
                tally.votes_for if tally else None,
                tally.against if tally else None,
                tally.abstain if tally else None,
                proposal.get_outcome_display(),
                _decision_text(proposal),
            ]
        )
    _table(
        workbook.active,
        sheet_title=_("Đề nghị khen thưởng %(year)s") % {"year": year},
        title=_("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM %(year)s") % {"year": year},
        subtitle=organizer.board_name or organizer.name,
        columns=[
            Column(_("STT"), 6),
            Column(_("Khối/Cụm"), 36),
            Column(_("Đơn vị được đề nghị"), 36),
            Column(_("Hình thức khen thưởng"), 32),
            Column(_("Hội nghị"), 12, DATE_FORMAT),
            Column(_("Đồng ý"), 9),
            Column(_("Không đồng ý"), 10),
            Column(_("Không biểu quyết"), 11),
            Column(_("Kết quả"), 15),
            Column(_("Quyết định"), 30),
        ],
        rows=rows,
    )
    return _bytes(workbook)


def bloc_workbook(
    *,
    bloc: Bloc,
    leaderships: Iterable[Leadership],
    memberships: Iterable[Membership],
    proposals: Iterable[Proposal],
) -> bytes:
    """A bloc across the years: its chairs and vice-chairs, its members, and its award proposals."""
    workbook = Workbook()
    title = bloc.name.upper()
    _table(
        workbook.active,
        sheet_title=_("Trưởng, phó khối"),
        title=title,
        subtitle=_("Trưởng khối, phó trưởng khối qua các năm"),
        columns=[Column(_("Năm"), 8), Column(_("Trưởng khối"), 40), Column(_("Phó trưởng khối"), 40)],
        rows=[[lead.year, lead.chair.name, lead.vice_chair.name] for lead in leaderships],
    )
    _table(
        workbook.create_sheet(),
        sheet_title=_("Thành viên"),
        title=title,
        subtitle=_("Các cơ quan, đơn vị thành viên"),
        columns=[Column(_("Cơ quan, đơn vị"), 44), Column(_("Từ năm"), 9), Column(_("Đến năm"), 9)],
        rows=[[m.agency.name, m.from_year, m.to_year if m.to_year else _("nay")] for m in memberships],
    )
    _table(
        workbook.create_sheet(),
        sheet_title=_("Khen thưởng"),
        title=title,
        subtitle=_("Đề nghị khen thưởng và quyết định qua các năm"),
        columns=[
            Column(_("Năm"), 8),
            Column(_("Đơn vị"), 40),
            Column(_("Hình thức khen thưởng"), 34),
            Column(_("Kết quả"), 15),
            Column(_("Quyết định"), 30),
        ],
        rows=[
            [p.year, p.nominee.name, p.award_type.name, p.get_outcome_display(), _decision_text(p)] for p in proposals
        ],
    )
    return _bytes(workbook)


# -- helpers -------------------------------------------------------------------------------------------------


def _decision(proposal: Proposal) -> Decision | None:
    try:
        return proposal.decision_award.decision
    except ObjectDoesNotExist:
        return None


def _decision_text(proposal: Proposal) -> str | None:
    decision = _decision(proposal)
    if decision is None:
        return None
    return _("%(number)s ngày %(date)s") % {"number": decision.number, "date": f"{decision.signed_on:%d/%m/%Y}"}


def write_cell(sheet: Worksheet, *, row: int, column: int, value: str | float | datetime.date | None) -> Cell:
    """Write ``value`` into a cell: numbers and dates as such, text always as text, never as a formula.

    openpyxl makes a formula of any text that starts with "=" (and an error value of "#N/A"), so the type
    of a text cell is set after its value. The text is kept as it is, with no apostrophe added to it; the
    texts a spreadsheet would read as a formula once retyped get the "quote prefix" style, with which Excel
    and LibreOffice keep the cell text when a user edits it.
    """
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        # XML cannot hold these control characters (openpyxl refuses them); no name has a use for them.
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        cell.data_type = TYPE_STRING
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def _table(
    sheet: Worksheet,
    *,
    title: str,
    subtitle: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence],
    sheet_title: str | None = None,
) -> None:
    """Title and subtitle above a bordered table with a bold, frozen header row that repeats on each page."""
    if sheet_title:
        sheet.title = sheet_title[:31]  # Excel's limit
    last = get_column_letter(len(columns))
    for row, text, font in ((1, title, Font(bold=True, size=14)), (2, subtitle, Font(italic=True))):
        cell = write_cell(sheet, row=row, column=1, value=text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.merge_cells(f"A{row}:{last}{row}")
    sheet.row_dimensions[1].height = 24
    for index, column in enumerate(columns, start=1):
        cell = write_cell(sheet, row=HEADER_ROW, column=index, value=column.heading)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    row_number = HEADER_ROW
    for row_number, values in enumerate(rows, start=HEADER_ROW + 1):
        for index, (value, column) in enumerate(zip(values, columns, strict=True), start=1):
            cell = write_cell(sheet, row=row_number, column=index, value=value)
            cell.border = _BORDER
            cell.alignment = _WRAP
            if column.number_format and isinstance(value, datetime.date):
                cell.number_format = column.number_format
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    if row_number > HEADER_ROW:
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{row_number}"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
