"""Checks of a document's PDF layout (Nghị định 30/2020/NĐ-CP, Phụ lục I) shared by the minutes' and the
dossier documents' tests: A4, text inside the 30/15/20/20 mm margins, Liberation Serif 13–14 pt, the bold
national header and the italic place-and-date line, PDF/A-3b."""

from __future__ import annotations

import io
import re
from collections import Counter

import pdfplumber
import pypdf
import pytest

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)


def pages_of(pdf: bytes) -> list[tuple]:
    """(width, height, characters, text lines) of each page."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [(page.width, page.height, page.chars, page.extract_text_lines()) for page in document.pages]


def font(char) -> str:
    """``ABCDEF+Liberation-Serif-Bold`` → ``LiberationSerifBold``: WeasyPrint names embedded fonts after
    their family ("Liberation Serif"), not their PostScript name ("LiberationSerif-Bold")."""
    return char["fontname"].split("+")[-1].replace("-", "")


def assert_a4(pages, *, landscape: bool = False) -> None:
    width, height = reversed(A4) if landscape else A4
    for page_width, page_height, _chars, _lines in pages:
        assert page_width == pytest.approx(width, abs=1)
        assert page_height == pytest.approx(height, abs=1)


def assert_inside_margins(pages) -> None:
    """Left 30, right 15, top and bottom 20 mm, on every page."""
    for number, (width, height, chars, _lines) in enumerate(pages, start=1):
        printed = [c for c in chars if c["text"].strip()]
        assert min(c["x0"] for c in printed) >= 30 * MM - 0.5, f"left margin, page {number}"
        assert max(c["x1"] for c in printed) <= width - 15 * MM + 0.5, f"right margin, page {number}"
        assert min(c["top"] for c in printed) >= 20 * MM - 0.5, f"top margin, page {number}"
        assert max(c["bottom"] for c in printed) <= height - 20 * MM + 0.5, f"bottom margin, page {number}"


def assert_body_font(pages) -> None:
    """Most characters Liberation Serif 13–14 pt, and every one Liberation Serif."""
    fonts = Counter((font(c), round(c["size"], 1)) for *_, chars, _l in pages for c in chars)
    (fontname, size), _count = fonts.most_common(1)[0]
    assert fontname == "LiberationSerif"
    assert 13 <= size <= 14
    assert all(name.startswith("LiberationSerif") for name, _size in fonts), fonts


def line_with(lines, text: str) -> dict:
    return next(line for line in lines if text in line["text"])


def assert_national_header(pages, date_line: str) -> None:
    """The national name and motto bold on the right (the name 12–13 pt), the place and date italic."""
    width, _h, _chars, lines = pages[0]
    right_column = 30 * MM + (width - 45 * MM) * 0.43
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"):
        header = line_with(lines, text)
        letters = [c for c in header["chars"] if c["text"].strip() and c["x0"] > right_column]
        assert letters and all(font(c) == "LiberationSerifBold" for c in letters), text
    nation = [c for c in line_with(lines, "CỘNG HÒA")["chars"] if c["x0"] > right_column]
    assert all(12 <= round(c["size"], 1) <= 13 for c in nation)
    dated = [c for c in line_with(lines, date_line)["chars"] if c["text"].strip() and c["x0"] > right_column]
    assert dated and all("Italic" in c["fontname"] for c in dated)


def pdfa_part(pdf: bytes) -> tuple[str, str]:
    """The PDF/A part and conformance its XMP metadata declares: ("3", "B") for PDF/A-3b."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    part = re.search(r"pdfaid:part(?:=\"|>)\s*(\d)", metadata)
    conformance = re.search(r"pdfaid:conformance(?:=\"|>)\s*([A-Za-z])", metadata)
    return (part.group(1) if part else "", conformance.group(1) if conformance else "")
