"""Done-when 2: A4, text inside the 30/15/20/20 mm margins, Liberation Serif 13–14 pt, bold national
header, no page number on page 1 and numbers from page 2 (top centre)."""

from __future__ import annotations

import pytest

from records.tests.layout import (
    MM,
    assert_a4,
    assert_body_font,
    assert_inside_margins,
    assert_national_header,
    pages_of,
)

pytestmark = pytest.mark.django_db  # the example PDF is built from the database once per run


@pytest.fixture(scope="module")
def pages(example_pdf):
    return pages_of(example_pdf)


def test_pages_are_a4_portrait(pages):
    assert len(pages) >= 2, "the example must be long enough to test page numbers"
    assert_a4(pages)


def test_every_character_is_inside_the_margins(pages):
    assert_inside_margins(pages)


def test_body_is_liberation_serif_13_to_14_pt(pages):
    assert_body_font(pages)


def test_paragraphs_of_the_report_are_body_text(pages):
    _w, _h, _chars, lines = pages[1]
    line = next(line for line in lines if "thi đua" in line["text"] and len(line["text"]) > 60)
    sizes = {round(c["size"], 1) for c in line["chars"]}
    assert sizes <= {13.0, 13.5, 14.0}


def test_national_header_is_bold(pages):
    assert_national_header(pages, "Quảng Ngãi, ngày 04 tháng 01 năm 2018")


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
