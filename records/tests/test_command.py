"""``manage.py minutes_pdf``: the same rendering code as the worker (PDF, or Word for a .docx path), Vietnamese
errors, exit 1."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from records.docx import render_docx
from records.models import MinutesVersion
from records.services import meeting_finalize
from records.tests.conftest import FAKE_PDF, docx_text, pdf_text
from records.tests.records import quang_ngai_2017

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    stderr = io.StringIO()
    call_command("minutes_pdf", *args, stderr=stderr)
    return stderr.getvalue()


def test_writes_the_current_version_through_the_workers_renderer(example_meeting, fake_renderer, tmp_path):
    meeting_finalize(meeting=example_meeting)
    out = tmp_path / "bien-ban.pdf"
    assert "Đã ghi" in run("TMTH", "2018-01-04", "-o", str(out))
    assert out.read_bytes() == FAKE_PDF
    assert fake_renderer == [MinutesVersion.objects.get(document="minutes").snapshot]


def test_a_draft_is_printed_from_the_current_record(example_meeting, fake_renderer, tmp_path):
    out = tmp_path / "nhap.pdf"
    assert "bản in thử" in run("TMTH", "2018-01-04", "--kind", "year_end_review", "-o", str(out))
    assert fake_renderer[0]["meeting"]["title"] == example_meeting.title
    assert MinutesVersion.objects.count() == 0  # printing takes no number and makes no version


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("TMTH", "2018-01-05"), "Không có hội nghị nào của khối 'TMTH' ngày 05/01/2018."),
        (("KHAC", "2018-01-04"), "Không có hội nghị nào của khối 'KHAC' ngày 04/01/2018."),
        (("TMTH", "2018-01-04", "--kind", "mid_year_review"), "Không có hội nghị nào"),
        (("TMTH", "04/01/2018"), "Ngày '04/01/2018' không hợp lệ; hãy viết dạng YYYY-MM-DD."),
    ],
)
def test_not_found_is_an_error_in_vietnamese(example_meeting, tmp_path, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")) as error:
        run(*args, "-o", str(tmp_path / "x.pdf"))
    assert error.value.returncode == 1
    assert not (tmp_path / "x.pdf").exists()


def test_same_bloc_code_in_two_provinces_needs_the_organizer(example_meeting, fake_renderer, tmp_path):
    quang_ngai_2017(organizer_code="QNM")
    with pytest.raises(CommandError, match="Có 2 hội nghị của khối 'TMTH' ngày 04/01/2018; hãy chỉ rõ"):
        run("TMTH", "2018-01-04", "-o", str(tmp_path / "x.pdf"))
    run("TMTH", "2018-01-04", "--organizer", "QNM", "-o", str(tmp_path / "x.pdf"))
    assert [snapshot["organizer"]["code"] for snapshot in fake_renderer] == ["QNM"]
    assert (tmp_path / "x.pdf").read_bytes() == FAKE_PDF


def test_an_imported_finalized_meeting_prints_with_its_number(fake_renderer, tmp_path):
    import json

    from imports.importer import import_document
    from imports.tests.conftest import EXAMPLE

    assert import_document(json.loads(EXAMPLE.read_text(encoding="utf-8"))).ok
    out = tmp_path / "bb.pdf"
    assert "bản in thử" not in run("TMTH", "2018-01-04", "-o", str(out))
    assert fake_renderer[0]["minutes_number"] == "01/BB-KTĐ"


def test_a_docx_path_writes_word_through_the_same_snapshot(example_meeting, fake_renderer, tmp_path):
    meeting_finalize(meeting=example_meeting)
    out = tmp_path / "bien-ban.docx"
    assert "Đã ghi" in run("TMTH", "2018-01-04", "--kind", "year_end_review", "-o", str(out))
    assert fake_renderer == []  # no PDF was rendered
    snapshot = MinutesVersion.objects.get(document="minutes").snapshot
    assert out.read_bytes() == render_docx(snapshot)


def test_the_word_file_holds_every_fact_of_the_pdf(example_meeting, tmp_path):
    meeting_finalize(meeting=example_meeting)
    run("TMTH", "2018-01-04", "-o", str(tmp_path / "x.pdf"))
    run("TMTH", "2018-01-04", "-o", str(tmp_path / "x.DOCX"))
    pdf, word = pdf_text((tmp_path / "x.pdf").read_bytes()), docx_text((tmp_path / "x.DOCX").read_bytes())
    assert set(word.split()) == set(pdf.split())
    for fact in ("Số: 01/BB-KTĐ", "Vắng mặt: không có.", "Kho bạc Nhà nước tỉnh làm Phó Trưởng khối năm 2018."):
        assert fact in pdf and fact in word
