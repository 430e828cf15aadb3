"""The minutes and the pledge as Word, section by section in the order of their templates."""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from records import numbering

from .layout import (
    BLANK,
    _bold,
    _grid,
    _header,
    _pledge_criteria,
    _recipients,
    _signatures,
    _text,
    _text_width,
    _title,
)

# ---- The minutes ----------------------------------------------------------------------------------------


def _minutes(document: Document, context: dict) -> None:
    _header(document, context, context.get("number"))
    _title(document, context.get("heading", ""), context.get("subject", ""))
    for line in context.get("legal_bases") or []:
        _text(document, line)
    _text(document, _bold("Thời gian bắt đầu:"), f" {context.get('start_line', '')}.")
    _text(document, _bold("Địa điểm:"), f" {context.get('venue') or '……………………………………'}.")
    _text(document, _bold("Thành phần tham dự:"))
    if context.get("present_line"):
        _text(document, f"- {context['present_line']}")
    present = context.get("present") or []
    if present:
        _people_grid(document, present, "representative", "Người đại diện")
    if context.get("guests"):
        _text(document, f"- Khách mời: {'; '.join(context['guests'])}.")
    absent, state = context.get("absent") or [], context.get("attendance_state")
    if state == "full":
        _text(document, f"- Vắng mặt: {', '.join(absent) if absent else 'không có'}.")
    elif state == "partial":  # only what was recorded: no "không có" when some members have no record
        if absent:
            _text(document, f"- Vắng mặt: {', '.join(absent)}.")
        _text(document, f"- Không có số liệu điểm danh của: {', '.join(context.get('unmarked') or [])}.")
    _text(document, _bold("Chủ trì (chủ tọa):"), f" {'; '.join(context.get('presiding') or [numbering.DOTS])}.")
    _text(document, _bold("Thư ký:"), f" {context.get('secretary') or numbering.DOTS}.")
    _text(document, _bold("Nội dung:"))
    for number, (key, heading) in enumerate(context.get("sections") or [], start=1):
        _text(document, _bold(f"{number}. {heading}"), before=8, keep_with_next=True)
        SECTIONS.get(key, _nothing)(document, context)
    _closing(document, context)


def _nothing(document: Document, context: dict) -> None:
    """A part the context names but this builder does not know yet: its heading alone."""


def _paragraphs(key: str):
    def write(document: Document, context: dict) -> None:
        for paragraph in context.get(key) or []:
            _text(document, paragraph)

    return write


def _ranking(document: Document, context: dict) -> None:
    _text(
        document,
        "Hội nghị thống nhất kết quả bình xét, xếp hạng thi đua của các cơ quan, đơn vị thành viên Khối như sau:",
    )
    rows = [
        [str(row.get("rank", "")), row.get("agency", "") + (" (đơn vị dẫn đầu Khối)" if row.get("rank") == 1 else "")]
        for row in context.get("ranking") or []
    ]
    _grid(document, ["Xếp hạng", "Cơ quan, đơn vị"], rows, [25, _text_width(document) - 25], centered=(0,))


def _proposals(document: Document, context: dict) -> None:
    _text(document, "Hội nghị đã bỏ phiếu biểu quyết các đề nghị khen thưởng, kết quả như sau:")
    for number, p in enumerate(context.get("proposals") or [], start=1):
        by = f"{p['conferred_by']} tặng " if p.get("conferred_by") else ""
        _text(
            document,
            f"{number}) Đề nghị {by}{p.get('award', '')} cho {p.get('agency', '')}: {p.get('tally', '')}. Kết quả: ",
            _bold(str(p.get("outcome", ""))),
            ".",
        )


def _election(document: Document, context: dict) -> None:
    election = context.get("election") or {}
    vice_chair = f" và {election['vice_chair']} làm Phó Trưởng khối" if election.get("vice_chair") else ""
    _text(
        document,
        f"Hội nghị thống nhất bầu {election.get('chair', '')} làm Trưởng khối{vice_chair}"
        f" năm {election.get('for_year', '')}.",
    )


def _directions(document: Document, context: dict) -> None:
    for number, direction in enumerate(context.get("directions") or [], start=1):
        _text(document, f"{number}) {direction}")


def _pledge_signed(document: Document, context: dict) -> None:
    """The pledge signed at the meeting: its criteria and who signed, as far as the record has them."""
    year, pledge = context.get("pledge_year", ""), context.get("pledge")
    if not pledge:
        _text(
            document,
            f"Các cơ quan, đơn vị thành viên Khối đã ký kết giao ước thi đua năm {year} (có Bản giao ước kèm theo).",
        )
        return
    criteria, signatories = pledge.get("criteria") or [], pledge.get("signatories") or []
    if signatories:
        then = " với các tiêu chí và thang điểm sau:" if criteria else "."
        _text(document, f"Các cơ quan, đơn vị thành viên Khối đã ký kết giao ước thi đua năm {year}{then}")
    elif criteria:
        _text(document, f"Hội nghị thống nhất các tiêu chí và thang điểm giao ước thi đua năm {year} như sau:")
    else:
        _text(document, f"Biên bản không có số liệu về bản giao ước thi đua năm {year}.")
    if criteria:
        _pledge_criteria(document, criteria, pledge.get("total_points", ""), head=["Mã", "Tiêu chí", "Điểm tối đa"])
    if signatories:
        _text(document, "Đại diện các cơ quan, đơn vị ký giao ước:", keep_with_next=True)
        _people_grid(document, signatories, "signer", "Người ký")


def _people_grid(document: Document, rows: list[dict], person: str, head: str) -> None:
    """Agencies with the person for each (``person``: the row's key) and their title: who attended, who signed."""
    _grid(
        document,
        ["STT", "Cơ quan, đơn vị", head, "Chức vụ"],
        [
            [str(n), row.get("agency", ""), row.get(person) or BLANK, row.get("title") or BLANK]
            for n, row in enumerate(rows, start=1)
        ],
        [12, 68, 45, 40],
        centered=(0,),
    )


SECTIONS = {
    "report": _paragraphs("report"),
    "shortcomings": _paragraphs("shortcomings"),
    "ranking": _ranking,
    "proposals": _proposals,
    "election": _election,
    "directions": _directions,
    "pledge": _pledge_signed,
}


def _closing(document: Document, context: dict) -> None:
    """The closing line, the signatures and "Nơi nhận", kept on one page as ``.closing`` does in the PDF."""
    _text(document, f"Hội nghị kết thúc vào {context.get('end_time', '')} cùng ngày./.", keep_with_next=True)
    _signatures(document, context.get("signatures") or [])
    _recipients(document, context.get("recipients") or [])


# ---- The pledge -----------------------------------------------------------------------------------------


def _pledge(document: Document, context: dict) -> None:
    year, bloc_name = context.get("year", ""), context.get("bloc_name", "")
    _header(document, context, None)
    _title(document, context.get("heading", ""), context.get("subject", ""))
    _text(
        document,
        f"Thực hiện phong trào thi đua năm {year}, các cơ quan, đơn vị thành viên {bloc_name} thống nhất ký kết"
        " giao ước thi đua với các tiêu chí và thang điểm như sau:",
    )
    _pledge_criteria(document, context.get("criteria") or [], context.get("total_points", ""))
    for line in (context.get("kinds_note"), context.get("bands_line")):
        if line:
            _text(document, line)
    _text(
        document,
        "Các cơ quan, đơn vị cam kết tổ chức thực hiện đầy đủ các nội dung giao ước; kết quả thực hiện là căn cứ"
        " để chấm điểm, bình xét, xếp hạng và đề nghị khen thưởng cuối năm./.",
    )
    _text(
        document, _bold("ĐẠI DIỆN CÁC CƠ QUAN, ĐƠN VỊ KÝ GIAO ƯỚC"), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
        keep_with_next=True,
    )  # fmt: skip
    _signatures(document, context.get("signatures") or [], before=6)
