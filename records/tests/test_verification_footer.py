"""Every issued document can be checked (issue 18): its version's code and public page are in its snapshot, and
page 1 of the PDF and of the Word file prints the QR code of that page beside the code and the address, at the
foot of the text block (never in the margins of Nghị định 30); a version issued before prints none."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import docx
import pdfplumber
import pypdfium2
import pytest
import segno
from django.db import transaction
from docx.shared import Mm
from PIL import Image

from meetings.services import meeting_update
from pledges.models import Criterion, Pledge, Signature
from records import rendering, snapshot
from records.docx import render_docx
from records.models import MinutesVersion
from records.services import dossier_versions, meeting_finalize
from records.snapshot import content_hash
from records.tests.conftest import docx_text, pdf_text
from records.tests.layout import MM, assert_inside_margins, pages_of
from records.tests.records import quang_ngai_2017

pytestmark = pytest.mark.django_db  # the documents are built from the database once per module

QR_MM = 17  # static/css/minutes.css, records/docx/layout.py
LANDSCAPE_CODE = "K7QM-2XDP-9RTA"
KINDS = ["minutes", "pledge", "vote_count", "scores", "letter", "scores-landscape"]


def _sign_pledge_at(meeting) -> None:
    """The pledge of 2018 signed at the meeting: finalizing makes its version beside the minutes."""
    meeting_update(meeting=meeting, pledge_year=2018)
    pledge = Pledge.objects.create(bloc=meeting.bloc, year=2018, signed_on=datetime.date(2018, 1, 4))
    Criterion.objects.create(pledge=pledge, code="1", title="Hoàn thành xuất sắc nhiệm vụ chính trị", max_points=60)
    Criterion.objects.create(pledge=pledge, code="2", title="Xây dựng điển hình tiên tiến", max_points=Decimal("40.5"))
    agency = meeting.attendances.select_related("agency").first().agency
    Signature.objects.create(pledge=pledge, agency=agency, signer="Đinh Văn Ửng", title="Trưởng ban")


@pytest.fixture(scope="module")
def issued(django_db_setup, django_db_blocker, dossiers) -> dict[str, dict]:
    """Each kind of document as issued, with its PDF and Word file: the example meeting finalized with the pledge
    signed there (minutes, pledge, vote count, score table) and its letter sent with the dossier, all through
    the services; and the generated province's score table of six criteria (A4 landscape) given a code."""
    with django_db_blocker.unblock(), transaction.atomic():
        meeting = quang_ngai_2017(organizer_code="QNG-QR")
        _sign_pledge_at(meeting)
        meeting_finalize(meeting=meeting)
        letter = snapshot.letter_snapshot(
            meeting, number="01/TTr-KTĐ", dated=datetime.date(2018, 1, 10), signer_name="Đinh Văn Ửng",
            signer_title="Trưởng ban",
        )  # fmt: skip
        dossier_versions(meeting=meeting, letter=letter, by=None)
        versions = {v.document: v for v in MinutesVersion.objects.filter(meeting=meeting)}
        documents = {
            kind: {"version": (v.code, v.content_hash), "snapshot": v.snapshot} for kind, v in versions.items()
        }
        transaction.set_rollback(True)
    url = f"http://127.0.0.1:8000/xac-minh/{LANDSCAPE_CODE}/"
    landscape = dossiers["generated"]["scores_snapshot"] | {"verification": {"code": LANDSCAPE_CODE, "url": url}}
    documents["scores-landscape"] = {"version": None, "snapshot": landscape}
    for document in documents.values():
        document["pdf"] = rendering.render_document(document["snapshot"])
        document["docx"] = render_docx(document["snapshot"])
    return documents


def qr_rects(page, size: int) -> list[dict]:
    """The rectangles of a QR code of ``size`` modules a side on a pdfplumber page: filled, one module high (a run
    of dark modules each)."""
    module = QR_MM * MM / size
    return [r for r in page.rects if r["fill"] and abs(r["height"] - module) < 0.01]


def qr_box(page, size: int) -> tuple[float, float, float, float]:
    """(x0, top, x1, bottom) in points of the QR code drawn on the page."""
    rects = qr_rects(page, size)
    assert rects, "no QR code on the page"
    return (
        min(r["x0"] for r in rects),
        min(r["top"] for r in rects),
        max(r["x1"] for r in rects),
        max(r["bottom"] for r in rects),
    )


def printed_matrix(pdf: bytes, box: tuple[float, float, float, float], size: int) -> list[list[bool]]:
    """The modules as page 1 prints them: the page rasterized (pdfium), each module dark or light at its centre."""
    scale = 8
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=scale).to_pil().convert("L")
    x0, top, x1, bottom = box
    step_x, step_y = (x1 - x0) / size, (bottom - top) / size
    return [
        [image.getpixel((int((x0 + (c + 0.5) * step_x) * scale), int((top + (r + 0.5) * step_y) * scale))) < 128
         for c in range(size)]
        for r in range(size)
    ]  # fmt: skip


def matrix_of(url: str) -> list[list[bool]]:
    """The modules of the QR code of ``url`` (segno, error correction M or better), without quiet zone."""
    return [[bool(module) for module in row] for row in segno.make(url, error="m").matrix]


# ---- The version -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["minutes", "pledge", "vote_count", "scores", "letter"])
def test_each_version_holds_its_code_and_public_page_in_its_snapshot_and_hash(issued, kind):
    code, hashed = issued[kind]["version"]
    data = issued[kind]["snapshot"]
    assert data["verification"] == {"code": code, "url": f"http://127.0.0.1:8000/xac-minh/{code}/"}
    assert hashed == content_hash(data)


def test_the_address_is_on_the_sites_public_address(settings, example_meeting):
    settings.SITE_URL = "https://thidua.quangngai.gov.vn"
    meeting_finalize(meeting=example_meeting)
    version = MinutesVersion.objects.get(meeting=example_meeting, document="minutes")
    assert version.snapshot["verification"]["url"] == f"https://thidua.quangngai.gov.vn/xac-minh/{version.code}/"


# ---- The PDF ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_page_1_prints_the_code_and_the_address_and_no_other_page_does(issued, kind):
    verification = issued[kind]["snapshot"]["verification"]
    with pdfplumber.open(io.BytesIO(issued[kind]["pdf"])) as pdf:
        texts = [page.extract_text() for page in pdf.pages]
    if kind == "minutes":
        assert len(texts) >= 3  # long enough for "no other page" to mean something
    assert f"Mã xác minh: {verification['code']}" in texts[0]
    assert f"Kiểm tra văn bản tại: {verification['url']}" in texts[0]
    assert texts[0].count(verification["code"]) == 2  # the code and the address, once each
    for text in texts[1:]:
        assert verification["code"] not in text and "Mã xác minh" not in text


@pytest.mark.parametrize("kind", KINDS)
def test_the_qr_code_is_at_the_foot_of_page_1s_text_block_inside_the_margins(issued, kind):
    verification = issued[kind]["snapshot"]["verification"]
    size = len(matrix_of(verification["url"]))
    with pdfplumber.open(io.BytesIO(issued[kind]["pdf"])) as pdf:
        page = pdf.pages[0]
        x0, top, x1, bottom = qr_box(page, size)
        width, height = page.width, page.height
        chars = [c for c in page.chars if c["text"].strip()]
        elsewhere = [len(qr_rects(p, size)) for p in pdf.pages[1:]]
    assert (width > height) == (kind == "scores-landscape")
    # Inside the text block: left 30, right 15, top and bottom 20 mm (Nghị định 30).
    assert x0 >= 30 * MM - 0.1 and x1 <= width - 15 * MM + 0.1
    assert top >= 20 * MM - 0.1 and bottom <= height - 20 * MM + 0.1
    # At its foot, on the left: below every other line of the page, its bottom the text block's.
    assert x0 == pytest.approx(30 * MM, abs=0.5) and bottom == pytest.approx(height - 20 * MM, abs=1 * MM)
    assert 16 * MM <= x1 - x0 <= 18 * MM and 16 * MM <= bottom - top <= 18 * MM
    footer = [c for c in chars if c["top"] >= top - 0.5]
    assert verification["code"] in "".join(c["text"] for c in footer)
    assert all(c["x0"] >= x1 + 2 * MM for c in footer)  # beside it, a quiet zone apart
    assert all(c["bottom"] <= top - 2 * MM for c in chars if c not in footer)  # the text above stays above
    assert not any(elsewhere)  # page 1 only


@pytest.mark.parametrize("kind", KINDS)
def test_the_qr_code_encodes_the_documents_public_page(issued, kind):
    verification = issued[kind]["snapshot"]["verification"]
    expected = matrix_of(verification["url"])
    with pdfplumber.open(io.BytesIO(issued[kind]["pdf"])) as pdf:
        box = qr_box(pdf.pages[0], len(expected))
    assert printed_matrix(issued[kind]["pdf"], box, len(expected)) == expected


@pytest.mark.parametrize("kind", KINDS)
def test_the_documents_with_the_code_keep_the_layout_of_nghi_dinh_30(issued, kind):
    assert_inside_margins(pages_of(issued[kind]["pdf"]))


def test_the_address_is_a_link_on_page_1(issued):
    verification = issued["minutes"]["snapshot"]["verification"]
    with pdfplumber.open(io.BytesIO(issued["minutes"]["pdf"])) as pdf:
        links = [[a["uri"] for a in page.annots] for page in pdf.pages]
    assert links[0] == [verification["url"]] and not any(links[1:])


def test_a_version_issued_before_documents_carried_a_code_prints_none(issued, dossiers):
    data = {key: value for key, value in issued["minutes"]["snapshot"].items() if key != "verification"}
    assert "Mã xác minh" not in rendering.render_html(data)
    for pdf, word in dossiers["example"]["files"].values():  # their snapshots have no "verification"
        assert "Mã xác minh" not in pdf_text(pdf) and "Mã xác minh" not in docx_text(word)
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            assert not any(page.annots for page in document.pages)
        assert docx.Document(io.BytesIO(word)).sections[0].first_page_footer.is_linked_to_previous


def test_a_draft_prints_no_code(example_meeting):
    html = rendering.render_html(snapshot.draft_snapshot(example_meeting))
    assert "DỰ THẢO" in html and "Mã xác minh" not in html


# ---- The Word file ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_word_file_prints_the_code_and_qr_code_in_page_1s_footer(issued, kind):
    verification = issued[kind]["snapshot"]["verification"]
    document = docx.Document(io.BytesIO(issued[kind]["docx"]))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    footer = section.first_page_footer
    text = " ".join(" ".join(p.text for p in cell.paragraphs) for cell in footer.tables[0].rows[0].cells).split()
    assert " ".join(text) == f"Mã xác minh: {verification['code']} Kiểm tra văn bản tại: {verification['url']}"
    assert not section.footer.paragraphs[0].text and not section.footer.tables  # pages 2 and on: nothing
    # The footer starts where the text block ends (20 mm from the edge): Word pushes page 1's text above it.
    assert round(section.footer_distance.mm) == 20 and round(section.bottom_margin.mm) == 20
    (image,) = [part for part in footer.part.related_parts.values() if part.partname.endswith(".png")]
    picture = Image.open(io.BytesIO(image.blob)).convert("L")
    expected = matrix_of(verification["url"])
    step = picture.width / len(expected)
    assert [
        [picture.getpixel((int((c + 0.5) * step), int((r + 0.5) * step))) < 128 for c in range(len(expected))]
        for r in range(len(expected))
    ] == expected
    inline = footer.tables[0].rows[0].cells[0].paragraphs[0].runs[0]._r.xpath(".//wp:extent")[0]
    assert Mm(16) <= int(inline.get("cx")) <= Mm(18) and inline.get("cx") == inline.get("cy")


@pytest.mark.parametrize("kind", KINDS)
def test_the_word_file_and_the_pdf_hold_the_same_words(issued, kind):
    assert set(docx_text(issued[kind]["docx"]).split()) == set(pdf_text(issued[kind]["pdf"]).split())
