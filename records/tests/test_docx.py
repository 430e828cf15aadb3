"""The minutes and the pledge as Word: the Nghị định 30 layout, and every fact the PDF prints."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import docx
import pytest
from django.utils import translation
from docx.oxml.ns import qn
from docx.shared import Pt

from blocs.tests.factories import bloc_with_members
from meetings.services import meeting_update
from meetings.tests.factories import MeetingFactory
from pledges.models import Criterion, Pledge, Signature
from records import rendering
from records.docx import render_docx
from records.snapshot import meeting_snapshot, pledge_snapshot
from records.tests.conftest import docx_text, pdf_text
from records.tests.records import AGENCIES, DIRECTIONS, REPRESENTATIVES

pytestmark = pytest.mark.django_db  # the example is built from the database once per run

# Sentences of the example minutes, each as the PDF prints it (records/tests/test_document_text.py).
FACTS = [
    "UBND TỈNH QUẢNG NGÃI",
    "KHỐI THI ĐUA CÁC CƠ QUAN THAM MƯU - TỔNG HỢP",
    "Số: 01/BB-KTĐ",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Quảng Ngãi, ngày 04 tháng 01 năm 2018",
    "BIÊN BẢN Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017",
    "Thời gian bắt đầu: 14 giờ 00, ngày 04 tháng 01 năm 2018.",
    "Địa điểm: Hội trường Văn phòng HĐND tỉnh Quảng Ngãi.",
    "Đại diện lãnh đạo 11/11 cơ quan, đơn vị thành viên Khối:",
    "Khách mời: Trương Công Thành, Phó Trưởng ban, Ban Thi đua - Khen thưởng tỉnh Quảng Ngãi.",
    "Vắng mặt: không có.",
    "Chủ trì (chủ tọa): Nguyễn Thị Hồng Nhung, Chánh Văn phòng, Văn phòng HĐND tỉnh.",
    "Thư ký: Lê Thị Mỹ Dung, Chuyên viên, Văn phòng HĐND tỉnh.",
    "gương “người tốt, việc tốt”, tạo động lực",
    "Một số đơn vị chưa gửi báo cáo đúng thời hạn",
    "1 Văn phòng HĐND tỉnh (đơn vị dẫn đầu Khối)",
    "Đề nghị Thủ tướng Chính phủ tặng Cờ thi đua của Chính phủ cho Văn phòng HĐND tỉnh: 11/11 phiếu đồng ý"
    " (100%), 0 phiếu không đồng ý, 0 phiếu không biểu quyết. Kết quả: Đạt.",
    "Đề nghị Chủ tịch UBND tỉnh tặng Bằng khen của Chủ tịch UBND tỉnh cho Kho bạc Nhà nước tỉnh: 11/11 phiếu"
    " đồng ý (100%), 0 phiếu không đồng ý, 0 phiếu không biểu quyết. Kết quả: Đạt.",
    "Hội nghị thống nhất bầu Ban Dân tộc tỉnh làm Trưởng khối và Kho bạc Nhà nước tỉnh làm Phó Trưởng khối năm 2018.",
    "Phương hướng, nhiệm vụ năm 2018",
    *(f"{number}) {direction}" for number, direction in enumerate(DIRECTIONS, start=1)),
    *(f"{name} {REPRESENTATIVES[code][0]} {REPRESENTATIVES[code][1]}" for code, name in AGENCIES),
    "Hội nghị kết thúc vào 17 giờ 00 cùng ngày./.",
    "THƯ KÝ",
    "CHỦ TỌA",
    "Nơi nhận: - Ban Thi đua - Khen thưởng tỉnh Quảng Ngãi (để báo cáo); - Các cơ quan, đơn vị thành viên Khối;"
    " - Lưu: VT, Khối.",
]


@pytest.fixture(scope="module")
def word(example_docx) -> docx.document.Document:
    return docx.Document(io.BytesIO(example_docx))


@pytest.fixture(scope="module")
def word_text(example_docx) -> str:
    return docx_text(example_docx)


def words(text: str) -> set[str]:
    return set(text.split())


# ---- Layout --------------------------------------------------------------------------------------------


def test_a4_portrait_with_the_margins_of_the_pdf(word):
    section = word.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(margin.mm) for margin in margins] == [20, 20, 30, 15]


def test_page_numbers_are_centred_at_the_top_from_page_2(word):
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    header = section.header.paragraphs[0]
    assert header.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert header._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"


def test_times_new_roman_13_pt_for_every_script_in_vietnamese(word):
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {"Times New Roman"}
    assert not any(fonts.get(qn(a)) for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"))
    assert defaults.find(qn("w:sz")).get(qn("w:val")) == defaults.find(qn("w:szCs")).get(qn("w:val")) == "26"
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    normal = word.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(13))
    runs = [run for paragraph in _all_paragraphs(word) for run in paragraph.runs]
    assert all(run.font.name is None for run in runs)  # no run sets another font
    # 13 pt, the title 14 pt; as in the PDF, the national name 12 pt and "Nơi nhận" 12 and 11 pt.
    assert {run.font.size for run in runs} == {None, Pt(14), Pt(12), Pt(11)}
    body = [run for run in runs if run.font.size is None]
    assert sum(len(run.text) for run in body) > 0.95 * sum(len(run.text) for run in runs)


def test_the_header_is_a_borderless_table_of_two_columns(word):
    table = word.tables[0]
    assert word.element.body[0] is table._tbl  # the document begins with it
    left, right = table.rows[0].cells
    assert [" ".join(p.text.split()) for p in left.paragraphs] == [
        "UBND TỈNH QUẢNG NGÃI", "KHỐI THI ĐUA CÁC CƠ QUAN THAM MƯU - TỔNG HỢP", "", "Số: 01/BB-KTĐ",
    ]  # fmt: skip
    assert [p.text for p in right.paragraphs] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Quảng Ngãi, ngày 04 tháng 01 năm 2018",
    ]  # fmt: skip
    assert left.paragraphs[1].runs[0].bold and not left.paragraphs[0].runs[0].bold
    assert right.paragraphs[0].runs[0].bold and right.paragraphs[1].runs[0].underline
    assert right.paragraphs[2].runs[0].italic
    assert left.paragraphs[2]._p.pPr.find(qn("w:pBdr")) is not None  # the short rule under the issuer
    assert _borders(table) == {"none"}
    assert round(left.width.mm) == 71 and round(right.width.mm) == 94  # 43 % and 57 % of the text width


def test_tables_of_facts_have_borders_and_a_repeated_head_row(word):
    attendance = word.tables[1]
    assert [cell.text for cell in attendance.rows[0].cells] == ["STT", "Cơ quan, đơn vị", "Người đại diện", "Chức vụ"]
    assert [cell.text for cell in attendance.rows[1].cells] == [
        "1", "Văn phòng HĐND tỉnh", "Nguyễn Thị Hồng Nhung", "Chánh Văn phòng",
    ]  # fmt: skip
    assert len(attendance.rows) == 1 + len(AGENCIES)
    assert _borders(attendance) == {"single"}
    assert attendance.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_the_signature_blocks_are_a_borderless_table_after_the_closing_line(word):
    signatures = word.tables[-1]
    secretary, chair = signatures.rows[0].cells
    assert [p.text for p in secretary.paragraphs] == ["THƯ KÝ", "Lê Thị Mỹ Dung"]
    assert [p.text for p in chair.paragraphs] == ["CHỦ TỌA", "Nguyễn Thị Hồng Nhung"]
    assert secretary.paragraphs[1].runs[0].bold
    assert round(secretary.paragraphs[1].paragraph_format.space_before.mm) == 22  # room to sign
    assert _borders(signatures) == {"none"}
    before = signatures._tbl.getprevious()
    assert "Hội nghị kết thúc vào 17 giờ 00 cùng ngày./." in "".join(before.itertext())


def test_title_and_author_in_the_file_properties(word):
    props = word.core_properties
    assert props.title == "Biên bản Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017"
    assert props.author == "Khối thi đua các cơ quan Tham mưu - Tổng hợp"
    assert props.language == "vi-VN" and props.comments == ""


def test_the_same_snapshot_gives_the_same_file(example_snapshot, example_docx):
    assert render_docx(example_snapshot) == example_docx
    with zipfile.ZipFile(io.BytesIO(example_docx)) as package:
        assert package.testzip() is None
        assert "word/document.xml" in package.namelist()
        assert "docProps/thumbnail.jpeg" not in package.namelist()  # no picture of somebody else's empty page


# ---- Facts ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fact", FACTS)
def test_each_fact_of_the_pdf_is_in_the_word_file(example_pdf, word_text, fact):
    assert fact in pdf_text(example_pdf)  # the fact really is in the PDF...
    assert fact in word_text  # ...and in the Word file


def test_the_word_file_and_the_pdf_hold_the_same_words(example_pdf, word_text):
    pdf_words = words(pdf_text(example_pdf))
    assert pdf_words - words(word_text) == set()
    assert words(word_text) - pdf_words == set()


def test_the_word_file_is_vietnamese_whatever_the_users_language(example_snapshot, example_docx):
    with translation.override("en"):
        assert render_docx(example_snapshot) == example_docx


def test_a_sparse_record_prints_the_same_placeholders_in_both():
    bloc, _agencies = bloc_with_members(3)
    snapshot = meeting_snapshot(MeetingFactory(bloc=bloc, title=""), minutes_number="")
    text = docx_text(render_docx(snapshot))
    assert words(text) == words(pdf_text(rendering.render_document(snapshot)))
    assert "Địa điểm: ……………………………………." in text and "Chủ trì (chủ tọa): ……." in text
    assert "Hội nghị kết thúc vào …… giờ …… cùng ngày./." in text
    assert "Số: ……" in text and "None" not in text and "Khách mời" not in text


def _partial_attendance(snapshot: dict) -> dict:
    """Imported history: 8 of the 11 members recorded, one of them absent."""
    rows = [dict(row) for row in snapshot["attendance"][:8]]
    rows[2] |= {"present": False, "representative": "", "title": ""}
    return {**snapshot, "attendance": rows, "unmarked": [row["agency"] for row in snapshot["attendance"][8:]]}


VARIANTS = {
    "partial attendance": _partial_attendance,
    "no attendance": lambda snapshot: {**snapshot, "attendance": [], "unmarked": snapshot.get("members", [])},
    "no vice-chair": lambda snapshot: {**snapshot, "election": {**snapshot["election"], "vice_chair": None}},
    "a group of guests": lambda snapshot: {
        **snapshot,
        "guests": [{"name": "Lãnh đạo Ban Thi đua - Khen thưởng tỉnh", "title": "", "organization": ""}],
    },
}


VARIANT_SAYS = {
    "partial attendance": "Không có số liệu điểm danh của: Cục Thống kê tỉnh, Kho bạc Nhà nước tỉnh",
    "no attendance": "Biên bản không có số liệu điểm danh.",
    "no vice-chair": "bầu Ban Dân tộc tỉnh làm Trưởng khối năm 2018.",
    "a group of guests": "Khách mời: Lãnh đạo Ban Thi đua - Khen thưởng tỉnh.",
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_what_the_record_holds_reads_the_same_in_both(example_snapshot, variant):
    snapshot = VARIANTS[variant](example_snapshot)
    pdf, word = pdf_text(rendering.render_document(snapshot)), docx_text(render_docx(snapshot))
    assert words(word) == words(pdf)
    for sentence in ("Vắng mặt:", "Không có số liệu điểm danh", "làm Phó Trưởng khối", "Khách mời:"):
        assert (sentence in word) == (sentence in pdf), sentence
    assert VARIANT_SAYS[variant] in word


def test_a_draft_carries_the_watermark_and_no_number(example_snapshot):
    def watermarks(data: bytes) -> list[str]:
        section = docx.Document(io.BytesIO(data)).sections[0]
        path = ".//{urn:schemas-microsoft-com:vml}shape/{urn:schemas-microsoft-com:vml}textpath"
        headers = (section.first_page_header, section.header)
        return [shape.get("string") for header in headers for shape in header._element.iterfind(path)]

    draft = render_docx({**example_snapshot, "draft": True})
    assert watermarks(draft) == ["DỰ THẢO", "DỰ THẢO"]  # page 1 and the pages after it
    assert "Số: ……" in docx_text(draft) and "01/BB-KTĐ" not in docx_text(draft)
    assert watermarks(render_docx(example_snapshot)) == []  # the issued minutes have none


@pytest.fixture
def pledge_signed(example_meeting):
    meeting = example_meeting
    meeting_update(meeting=meeting, pledge_year=2018)
    pledge = Pledge.objects.create(bloc=meeting.bloc, year=2018, signed_on=datetime.date(2018, 1, 4))
    Criterion.objects.create(pledge=pledge, code="1", title="Hoàn thành xuất sắc nhiệm vụ chính trị", max_points=60)
    Criterion.objects.create(pledge=pledge, code="2", title="Xây dựng điển hình tiên tiến", max_points=Decimal("40.5"))
    agencies = [a.agency for a in meeting.attendances.select_related("agency").order_by("pk")]
    Signature.objects.create(pledge=pledge, agency=agencies[5], signer="Đinh Văn Ửng", title="Trưởng ban")
    return meeting


def test_the_pledge_as_word_holds_the_criteria_points_and_signatories(pledge_signed):
    snapshot = pledge_snapshot(pledge_signed)
    data = render_docx(snapshot)
    text = docx_text(data)
    assert words(text) == words(pdf_text(rendering.render_document(snapshot)))
    assert "BẢN GIAO ƯỚC THI ĐUA NĂM 2018 Khối thi đua các cơ quan Tham mưu - Tổng hợp" in text
    assert "1 Hoàn thành xuất sắc nhiệm vụ chính trị 60" in text and "Tổng cộng 100,5" in text
    assert "BAN DÂN TỘC TỈNH Trưởng ban Đinh Văn Ửng" in text
    assert "Số:" not in text  # the pledge has no number
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title == "Giao ước thi đua năm 2018"
    signatures = document.tables[-1]
    assert len(signatures.rows) == (len(snapshot["signatories"]) + 1) // 2 and _borders(signatures) == {"none"}


def test_the_minutes_of_the_signing_carry_the_pledge_in_both(pledge_signed):
    snapshot = meeting_snapshot(pledge_signed, minutes_number="01/BB-KTĐ")
    pdf, word = pdf_text(rendering.render_document(snapshot)), docx_text(render_docx(snapshot))
    assert words(word) == words(pdf)
    assert "Ký kết giao ước thi đua năm 2018" in word
    assert "Xây dựng điển hình tiên tiến" in word and "Đinh Văn Ửng" in word  # criteria and who signed


def _all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _borders(table) -> set[str]:
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    return {edge.get(qn("w:val")) for edge in borders}
