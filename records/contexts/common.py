"""What every document's context is made of: dates and numbers as printed, the header, the number, the
title, signature blocks."""

from __future__ import annotations

import datetime
from decimal import Decimal

import segno
from django.utils.translation import gettext as _

from core.numbers import number_text
from records import numbering

NOT_RECORDED = "không ghi"  # what a document says of a figure the record does not have
NO_POINTS = "—"  # a score cell, or a total, with no points recorded


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def _time(value: str | None) -> datetime.time | None:
    return datetime.time.fromisoformat(value) if value else None


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _person_line(person: dict | None) -> str:
    if not person:
        return numbering.DOTS
    return ", ".join(part for part in (person["name"], person.get("title"), person.get("organization")) if part)


def _organizer_upper(organizer: dict) -> str:
    short = organizer.get("short_name") or organizer["name"].replace("Ủy ban nhân dân", "UBND")
    return short.upper()


def keep_last_words(text: str) -> str:
    """The last two words joined by a no-break space, so a wrapped line never leaves one word alone on the
    last line (the left header's "KHỐI THI ĐUA CÁC CƠ QUAN THAM MƯU - TỔNG / HỢP")."""
    words = text.split()
    if len(words) < 3:
        return " ".join(words)
    return " ".join(words[:-2]) + " " + words[-2] + "\u00a0" + words[-1]


def _header(snapshot: dict) -> dict:
    return {
        "parent": keep_last_words(_organizer_upper(snapshot["organizer"])),
        "issuer": keep_last_words(snapshot["bloc"]["name"].upper()),
    }


def _number(snapshot: dict, kind: str = numbering.MINUTES) -> str:
    """The number as printed; a draft has none yet: "…/BB-KTĐ-KTKT" (a letter without a number: "…/TTr-KTĐ")."""
    if snapshot.get("draft") or (kind != numbering.MINUTES and not snapshot.get("minutes_number")):
        symbol = snapshot["bloc"].get("symbol")
        return numbering.format_number(numbering.DOTS, kind, symbol) if symbol else numbering.DOTS
    return snapshot["minutes_number"] or numbering.DOTS


def _document(snapshot: dict, *, dated: datetime.date, heading: str, subject: str, pdf_title: str) -> dict:
    """What every document's context holds: the header, the place and date, the title, the file's properties."""
    return {
        "draft": bool(snapshot.get("draft")),
        "header": _header(snapshot),
        "date_line": numbering.date_line(snapshot["organizer"]["place_name"], dated),
        "heading": heading,
        "subject": subject,
        "pdf_title": pdf_title,
        "author": snapshot["bloc"]["name"],
        "verification": _verification(snapshot),
    }


def qr_code(url: str) -> segno.QRCode:
    """The QR code of a verification page, as the PDF draws it (SVG) and the Word file shows it (PNG)."""
    return segno.make(url, error="m")


def qr_path(code: segno.QRCode) -> str:
    """The dark modules of ``code`` as the data of one SVG path, a filled rectangle per run of dark modules in a
    row, one unit a module: "M4 0h7v1h-7z…"."""
    runs = []
    for y, row in enumerate(code.matrix):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
    return "".join(runs)


def _verification(snapshot: dict) -> dict | None:
    """The code and the address printed at the foot of page 1, with the QR code of the address (``qr_size``
    modules, ``qr_path``: drawn by the template as inline SVG, since WeasyPrint's fetcher loads no image, not even
    a ``data:`` URL). None for a version issued before documents carried one, and for a draft."""
    verification = snapshot.get("verification")
    if not verification:
        return None
    code = qr_code(verification["url"])
    return {
        "code": verification["code"],
        "url": verification["url"],
        "qr_size": len(code.matrix),
        "qr_path": qr_path(code),
    }


def _signature(role: str | list[str], names: list[str], lines: list[str] | None = None) -> dict:
    """A signature block: its role in bold (one line or several), the lines under it (a title; None: none),
    and room to sign above each name (an empty name: a dotted line for the hand to fill)."""
    return {"roles": [role] if isinstance(role, str) else role, "lines": lines or [], "names": names}


def _chair_and_secretary(snapshot: dict) -> list[dict]:
    """THƯ KÝ left, CHỦ TỌA (the first person presiding) right: the minutes and the score table."""
    return [
        _signature(_("THƯ KÝ"), [(snapshot["secretary"] or {}).get("name", "")]),
        _signature(_("CHỦ TỌA"), [snapshot["presiding"][0]["name"] if snapshot["presiding"] else ""]),
    ]


def _board(snapshot: dict) -> str:
    return snapshot["organizer"]["board_name"] or _("Ban Thi đua - Khen thưởng tỉnh")


_LEGAL_KINDS = ("Nghị định", "Quyết định", "Thông tư", "Chỉ thị", "Nghị quyết", "Kế hoạch", "Hướng dẫn")


def legal_basis_line(basis: dict) -> str:
    """ "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;", "Căn cứ Nghị định số 152/2025/NĐ-CP quy định …;"."""
    title, number = basis["title"], basis["number"]
    kind = next((k for k in _LEGAL_KINDS if title.startswith(k + " ") or title == k), None)
    if kind is None:
        return _("Căn cứ %(title)s số %(number)s;") % {"title": title, "number": number}
    rest = title[len(kind) :].strip()
    return (_("Căn cứ %(kind)s số %(number)s %(rest)s;") % {"kind": kind, "number": number, "rest": rest}).replace(
        " ;", ";"
    )


def _count(value: int | None) -> str:
    return NOT_RECORDED if value is None else number_text(value, thousands=True)


def _points(value: str | None) -> str:
    return NO_POINTS if value is None else number_text(Decimal(value), thousands=True)


def _criteria(criteria: list[dict]) -> list[dict]:
    """The criteria as printed; a bonus or deduction one says so (``kind_label``) and its column head carries
    its sign (``sign``). Snapshots made before criteria had kinds hold standard criteria only."""
    items = []
    for c in criteria:
        kind = c.get("kind", "standard")
        items.append(
            {
                "code": c["code"],
                "title": c["title"],
                "max_points": _points(c["max_points"]),
                "kind": kind,
                "kind_label": {"bonus": _("Điểm thưởng"), "deduction": _("Điểm trừ")}.get(kind, ""),
                "sign": {"bonus": "+", "deduction": "−"}.get(kind, ""),
            }
        )
    return items


def _bands_line(bands: list[dict] | None) -> str:
    """ "Xếp loại theo tổng điểm: Xuất sắc từ 95 điểm; Tốt từ 85 điểm; Khá từ 70 điểm." ("" without bands)."""
    if not bands:
        return ""
    items = [
        _("%(name)s từ %(points)s điểm") % {"name": band["name"], "points": _points(band["min_points"])}
        for band in bands
    ]
    return _("Xếp loại theo tổng điểm: %(bands)s.") % {"bands": "; ".join(items)}


def _kinds_note(criteria: list[dict]) -> str:
    """How bonus and deduction points count in the total, when the criteria have any ("" otherwise)."""
    kinds = {c.get("kind", "standard") for c in criteria}
    if "deduction" in kinds and "bonus" in kinds:
        return _("Điểm thưởng (+) được cộng và điểm trừ (−) được trừ vào tổng điểm.")
    if "deduction" in kinds:
        return _("Điểm trừ (−) được trừ vào tổng điểm.")
    if "bonus" in kinds:
        return _("Điểm thưởng (+) được cộng vào tổng điểm.")
    return ""
