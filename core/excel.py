"""Excel workbooks (openpyxl): the shape every download of the site shares, and the one way cells are written.

A sheet is a title, a subtitle and a bordered table whose header row is bold, frozen and repeated on each
printed page (``table``). Every cell is written by ``write_cell``: text is always a text cell, never a formula,
whatever it starts with (names and decision numbers are typed by users or imported, and member agencies
download workbooks).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from typing import NamedTuple

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 3  # row 1: title, row 2: subtitle, row 3: column headings, data from row 4
DATE_FORMAT = "DD/MM/YYYY"

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_WRAP = Alignment(wrap_text=True, vertical="top")
# What makes a spreadsheet read text as a formula (OWASP, "CSV Injection"): = + - @, tab and carriage return.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

Value = str | int | float | Decimal | datetime.date | None


class Column(NamedTuple):
    heading: str
    width: float
    number_format: str | None = None


def write_cell(sheet: Worksheet, *, row: int, column: int, value: Value) -> Cell:
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


def table(
    sheet: Worksheet,
    *,
    title: str,
    subtitle: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Value]],
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


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, file_name: str) -> HttpResponse:
    """The workbook as a download named ``file_name``."""
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    return response
