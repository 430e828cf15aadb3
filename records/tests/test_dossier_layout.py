"""The dossier's documents laid out as the minutes are (Nghị định 30/2020/NĐ-CP): A4 (the score table of more than
four criteria landscape), text inside the margins, Liberation Serif 13–14 pt, the national header; PDF/A-3b with
the meeting attached; the Word file with the same layout and the same words."""

from __future__ import annotations

import io
import json

import docx
import pypdf
import pytest

from records.contexts.dossier import PORTRAIT_MAX_CRITERIA
from records.rendering import ATTACHMENT_NAME
from records.tests.conftest import docx_text, pdf_text
from records.tests.layout import (
    assert_a4,
    assert_body_font,
    assert_inside_margins,
    assert_national_header,
    pages_of,
    pdfa_part,
)

pytestmark = pytest.mark.django_db  # the records are built from the database once per run

DOCUMENTS = [
    ("example", "vote_count", "Quảng Ngãi, ngày 04 tháng 01 năm 2018"),
    ("example", "letter", "Quảng Ngãi, ngày 10 tháng 01 năm 2018"),
    ("generated", "vote_count", "Tỉnh Thử, ngày 06 tháng 01 năm 2021"),
    ("generated", "scores", "Tỉnh Thử, ngày 06 tháng 01 năm 2021"),
    ("generated", "letter", "Tỉnh Thử, ngày 01 tháng 12 năm 2025"),
]
IDS = [f"{record}-{kind}" for record, kind, _date in DOCUMENTS]


def landscape(dossier: dict, kind: str) -> bool:
    return kind == "scores" and len(dossier["scores_snapshot"]["criteria"]) > PORTRAIT_MAX_CRITERIA


@pytest.mark.parametrize(("record", "kind", "date_line"), DOCUMENTS, ids=IDS)
def test_the_pdf_is_laid_out_as_the_minutes(dossiers, record, kind, date_line):
    dossier = dossiers[record]
    pages = pages_of(dossier["files"][kind][0])
    assert_a4(pages, landscape=landscape(dossier, kind))
    assert_inside_margins(pages)
    assert_body_font(pages)
    assert_national_header(pages, date_line)


def test_six_criteria_turn_the_score_table_landscape(dossiers):
    assert len(dossiers["generated"]["scores_snapshot"]["criteria"]) == 6
    assert landscape(dossiers["generated"], "scores")


@pytest.mark.parametrize(("record", "kind", "date_line"), DOCUMENTS, ids=IDS)
def test_the_pdf_is_pdf_a_3b_with_the_meeting_attached(dossiers, record, kind, date_line):
    dossier = dossiers[record]
    pdf = dossier["files"][kind][0]
    assert pdfa_part(pdf) == ("3", "B")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert list(reader.attachments) == [ATTACHMENT_NAME]
    snapshot = dossier["scores_snapshot" if kind == "scores" else kind]
    assert json.loads(reader.attachments[ATTACHMENT_NAME][0]) == snapshot["interchange"]


@pytest.mark.parametrize(("record", "kind", "date_line"), DOCUMENTS, ids=IDS)
def test_the_word_file_has_the_layout_and_the_words_of_the_pdf(dossiers, record, kind, date_line):
    dossier = dossiers[record]
    pdf, word = dossier["files"][kind]
    section = docx.Document(io.BytesIO(word)).sections[0]
    size = sorted((round(section.page_width.mm), round(section.page_height.mm)))
    assert size == [210, 297]
    assert (section.page_width > section.page_height) == landscape(dossier, kind)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(margin.mm) for margin in margins] == [20, 20, 30, 15]
    assert set(docx_text(word).split()) == set(pdf_text(pdf).split())
    assert date_line in docx_text(word)
