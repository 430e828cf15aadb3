"""The year-end dossier's documents as Word: the vote count, the score table and the letter (tờ trình),
in the order of their templates."""

from __future__ import annotations

from docx.document import Document
from docx.shared import Mm, Twips

from .layout import (
    _bold,
    _cell_margins,
    _centered,
    _grid,
    _header,
    _list,
    _pledge_criteria,
    _recipients,
    _row_options,
    _signature_block,
    _signatures,
    _table,
    _text,
    _text_width,
    _title,
)

# ---- The dossier: vote count, score table, letter -------------------------------------------------------


def _vote_count(document: Document, context: dict) -> None:
    _header(document, context, None)
    _title(document, context.get("heading", ""), context.get("subject", ""))
    _text(document, _bold("Hội nghị:"), f" {context.get('meeting_line', '')}.")
    _text(document, _bold("Hình thức biểu quyết:"), f" {context.get('voting_mode', '')}.")
    tellers = context.get("tellers") or []
    if tellers:
        _text(document, _bold("Tổ kiểm phiếu:"))
        _list(document, tellers, numbered=True)
    else:
        _text(document, _bold("Tổ kiểm phiếu:"), " không ghi.")
    _text(
        document,
        _bold("Số đơn vị thành viên Khối:"),
        f" {context.get('members_count', '')}; ",
        _bold("số đơn vị có mặt:"),
        f" {context.get('present_count', '')}.",
    )
    ballots = context.get("ballots") or []
    if ballots:
        _text(document, _bold("Kết quả kiểm phiếu:"))
        _list(document, [f"{label}: {value}" for label, value in ballots])
    proposals = context.get("proposals") or []
    if not proposals:
        _text(document, "Hội nghị không biểu quyết đề nghị khen thưởng nào.")
    else:
        _vote_table(document, context)
    _text(document, "Biên bản kiểm phiếu được lập tại Hội nghị./.", keep_with_next=True)
    _signatures(document, context.get("signatures") or [])


def _vote_table(document: Document, context: dict) -> None:
    _text(document, _bold("Kết quả biểu quyết từng đề nghị khen thưởng:"), keep_with_next=True)
    rows = [
        [str(n), p["agency"], p["award"], p["for"], p["against"], p["abstain"], p["share"], _bold(p["outcome"])]
        for n, p in enumerate(context.get("proposals") or [], start=1)
    ]
    head = ["STT", "Cơ quan, đơn vị được đề nghị", "Hình thức khen thưởng", "Đồng ý", "Không đồng ý",
            "Không biểu quyết", "Tỷ lệ đồng ý", "Kết quả"]  # fmt: skip
    _grid(document, head, rows, [9, 36, 33, 14, 16, 17, 23, 17], centered=(0, 3, 4, 5, 6, 7))
    _text(document, "Tỷ lệ đồng ý được tính theo điều kiện của từng hình thức khen thưởng:")
    _list(document, [f"{award}: {rule}" for award, rule in context.get("rules") or []])


def _scores(document: Document, context: dict) -> None:
    _header(document, context, None)
    _title(document, context.get("heading", ""), context.get("subject", ""))
    _text(document, context.get("intro", ""))
    criteria = context.get("criteria") or []
    if criteria:
        _text(document, "Tiêu chí và thang điểm:", keep_with_next=True)
        _pledge_criteria(
            document, criteria, context.get("total_points", ""), head=["Mã", "Nội dung tiêu chí", "Điểm tối đa"]
        )
    if context.get("bands_line"):
        _text(document, context["bands_line"])
    ranked, banded = context.get("ranked"), context.get("banded")
    head = ["STT", "Cơ quan, đơn vị", *(f"{c['code']} ({c.get('sign', '')}{c['max_points']})" for c in criteria)]
    head += (["Tổng điểm"] if criteria else []) + (["Xếp loại"] if banded else []) + (["Xếp hạng"] if ranked else [])
    rows = [
        [str(n), row["agency"], *row["points"]]
        + ([_bold(row["total"])] if criteria else [])
        + ([row.get("band", "")] if banded else [])
        + ([_bold(row["rank"])] if ranked else [])
        for n, row in enumerate(context.get("rows") or [], start=1)
    ]
    narrow = len(head) - 2
    widths = [9, _text_width(document) - 9 - 16 * narrow, *([16] * narrow)]
    _grid(document, head, rows, widths, centered=(0, *range(2, len(head))))
    for note in context.get("notes") or []:
        _text(document, note)
    _signatures(document, context.get("signatures") or [])


def _letter(document: Document, context: dict) -> None:
    _header(document, context, context.get("number"))
    _title(document, context.get("heading", ""), context.get("subject", ""))
    _centered(document, f"Kính gửi: {context.get('recipient', '')}", after=6)
    for line in context.get("legal_bases") or []:
        _text(document, line)
    for key in ("year_line", "review_line", "request_line"):
        _text(document, context.get(key, ""))
    for number, group in enumerate(context.get("awards") or [], start=1):
        _text(document, _bold(f"{number}. {group['award']}:"), keep_with_next=True)
        _list(document, group["nominees"])
    _text(document, context.get("closing_line", ""), keep_with_next=True)
    # "Nơi nhận" left, the signature right (Mẫu 1.4), as the PDF's closing table.
    half = _text_width(document) / 2
    table = _table(document, 1, [half, half], borders="none")
    _cell_margins(table, left_right=Mm(2), top_bottom=Twips(0))
    _row_options(table.rows[0])
    recipients, signature = table.rows[0].cells
    _recipients(recipients, context.get("recipients") or [], paragraph=recipients.paragraphs[0])
    _signature_block(signature, context.get("signature") or {}, before=12)
