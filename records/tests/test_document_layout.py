"""Done-when 2: A4, text inside the 30/15/20/20 mm margins, Liberation Serif 13–14 pt, bold national
header, no page number on page 1 and numbers from page 2 (top centre)."""

from __future__ import annotations

import io
from collections import Counter

import pdfplumber
import pytest

pytestmark = pytest.mark.django_db  # the example PDF is built from the database once per run

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)


@pytest.fixture(scope="module")
def pages(example_pdf):
    with pdfplumber.open(io.BytesIO(example_pdf)) as pdf:
        yield [(page.width, page.height, page.chars, page.extract_text_lines()) for page in pdf.pages]


def test_pages_are_a4_portrait(pages):
    assert len(pages) >= 2, "the example must be long enough to test page numbers"
    for width, height, _chars, _lines in pages:
        assert width == pytest.approx(A4[0], abs=1)
        assert height == pytest.approx(A4[1], abs=1)


def test_every_character_is_inside_the_margins(pages):
    for number, (width, height, chars, _lines) in enumerate(pages, start=1):
        printed = [c for c in chars if c["text"].strip()]
        assert min(c["x0"] for c in printed) >= 30 * MM - 0.5, f"left margin, page {number}"
        assert max(c["x1"] for c in printed) <= width - 15 * MM + 0.5, f"right margin, page {number}"
        assert min(c["top"] for c in printed) >= 20 * MM - 0.5, f"top margin, page {number}"
        assert max(c["bottom"] for c in printed) <= height - 20 * MM + 0.5, f"bottom margin, page {number}"


def _font(char) -> str:
    """``ABCDEF+Liberation-Serif-Bold`` → ``LiberationSerifBold``: WeasyPrint names embedded fonts after
    their family ("Liberation Serif"), not their PostScript name ("LiberationSerif-Bold")."""
    return char["fontname"].split("+")[-1].replace("-", "")


def test_body_is_liberation_serif_13_to_14_pt(pages):
    fonts = Counter((_font(c), round(c["size"], 1)) for *_, chars, _l in pages for c in chars)
    (fontname, size), _count = fonts.most_common(1)[0]
    assert fontname == "LiberationSerif"
    assert 13 <= size <= 14
    assert all(name.startswith("LiberationSerif") for name, _size in fonts), fonts


def test_paragraphs_of_the_report_are_body_text(pages):
    _w, _h, _chars, lines = pages[1]
    line = next(line for line in lines if "thi đua" in line["text"] and len(line["text"]) > 60)
    sizes = {round(c["size"], 1) for c in line["chars"]}
    assert sizes <= {13.0, 13.5, 14.0}


def _line(lines, text):
    return next(line for line in lines if text in line["text"])


def test_national_header_is_bold(pages):
    _w, _h, _chars, lines = pages[0]
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"):
        header = _line(lines, text)
        letters = [c for c in header["chars"] if c["text"].strip() and c["x0"] > 100 * MM]
        assert letters and all(_font(c) == "LiberationSerifBold" for c in letters), text
    nation = [c for c in _line(lines, "CỘNG HÒA")["chars"] if c["x0"] > 100 * MM]
    assert all(12 <= round(c["size"], 1) <= 13 for c in nation)
    date_line = _line(lines, "Quảng Ngãi, ngày 04 tháng 01 năm 2018")
    assert all("Italic" in c["fontname"] for c in date_line["chars"] if c["text"].strip())


def test_no_page_number_on_page_1_and_numbers_from_page_2(pages):
    def top_centre(page):
        width, _height, chars, _lines = page
        first_line_top = min(c["top"] for c in chars if c["text"].strip())
        centre = (30 * MM + width - 15 * MM) / 2
        return [
            c["text"]
            for c in chars
            if abs(c["top"] - first_line_top) < 1 and abs((c["x0"] + c["x1"]) / 2 - centre) < 15
        ]

    assert top_centre(pages[0]) == [] or not "".join(top_centre(pages[0])).isdigit()
    for number, page in enumerate(pages[1:], start=2):
        assert "".join(top_centre(page)) == str(number)
        _width, _height, chars, _lines = page
        digits = [c for c in chars if c["text"] == str(number)[0] and c["top"] < 26 * MM]
        assert digits and 13 <= round(digits[0]["size"], 1) <= 14
