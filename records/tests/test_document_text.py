"""Done-when 1: the text of the minutes holds every fact of the record, Vietnamese characters intact."""

from __future__ import annotations

import io
import unicodedata

import pdfplumber
import pytest

from records.tests.conftest import pdf_text
from records.tests.records import AGENCIES, DIRECTIONS, REPRESENTATIVES

# The example PDF is built from the database once per run; the mark makes pytest-django set it up.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def text(example_pdf) -> str:
    return pdf_text(example_pdf)


@pytest.fixture(scope="module")
def lines(example_pdf) -> list[str]:
    with pdfplumber.open(io.BytesIO(example_pdf)) as pdf:
        return [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]


def test_text_is_nfc_vietnamese(text):
    assert unicodedata.normalize("NFC", text) == text
    assert "Khối thi đua các cơ quan Tham mưu - Tổng hợp" in text


def test_header_date_line_and_title(text):
    assert "UBND TỈNH QUẢNG NGÃI" in text
    assert "KHỐI THI ĐUA CÁC CƠ QUAN THAM MƯU - TỔNG HỢP" in text
    assert "Số: 01/BB-KTĐ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Quảng Ngãi, ngày 04 tháng 01 năm 2018" in text
    assert "BIÊN BẢN" in text
    assert "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017" in text


def test_time_place_presiding_and_secretary(text):
    assert "Thời gian bắt đầu: 14 giờ 00, ngày 04 tháng 01 năm 2018." in text
    assert "Địa điểm: Hội trường Văn phòng HĐND tỉnh Quảng Ngãi." in text
    assert "Chủ trì (chủ tọa): Nguyễn Thị Hồng Nhung, Chánh Văn phòng, Văn phòng HĐND tỉnh." in text
    assert "Thư ký: Lê Thị Mỹ Dung, Chuyên viên, Văn phòng HĐND tỉnh." in text
    assert "Hội nghị kết thúc vào 17 giờ 00 cùng ngày./." in text


def test_every_agency_with_its_representative(lines):
    for code, name in AGENCIES:
        representative, _title = REPRESENTATIVES[code]
        # A table row: agency, representative and title on one line (a long name may wrap in its cell).
        row = next((line for line in lines if line.split(" ", 1)[-1].startswith(name.split(" chi ")[0])), None)
        assert row is not None, name
        assert representative.split()[0] in row, (name, row)


def test_attendance_guests_and_absentees(text):
    assert "Đại diện lãnh đạo 11/11 cơ quan, đơn vị thành viên Khối:" in text
    assert "Khách mời: Trương Công Thành, Phó Trưởng ban, Ban Thi đua - Khen thưởng tỉnh Quảng Ngãi." in text
    assert "Vắng mặt: không có." in text


@pytest.mark.parametrize(
    "proposal",
    [
        "Đề nghị Thủ tướng Chính phủ tặng Cờ thi đua của Chính phủ cho Văn phòng HĐND tỉnh",
        "Đề nghị Chủ tịch UBND tỉnh tặng Cờ thi đua của UBND tỉnh cho Văn phòng UBND tỉnh",
        "Đề nghị Chủ tịch UBND tỉnh tặng Bằng khen của Chủ tịch UBND tỉnh cho Sở Tài chính",
        "Đề nghị Chủ tịch UBND tỉnh tặng Bằng khen của Chủ tịch UBND tỉnh cho Kho bạc Nhà nước tỉnh",
    ],
)
def test_each_proposal_with_tally_and_outcome(text, proposal):
    tally = "11/11 phiếu đồng ý (100%), 0 phiếu không đồng ý, 0 phiếu không biểu quyết. Kết quả: Đạt."
    assert f"{proposal}: {tally}" in text


def test_election_of_next_years_chair_and_vice_chair(text):
    assert (
        "Hội nghị thống nhất bầu Ban Dân tộc tỉnh làm Trưởng khối và Kho bạc Nhà nước tỉnh làm Phó Trưởng khối"
        " năm 2018." in text
    )


def test_report_shortcomings_ranking_and_each_direction(text):
    assert "gương “người tốt, việc tốt”, tạo động lực" in text
    assert "Một số đơn vị chưa gửi báo cáo đúng thời hạn" in text
    assert "1 Văn phòng HĐND tỉnh (đơn vị dẫn đầu Khối)" in text
    assert "Phương hướng, nhiệm vụ năm 2018" in text
    for number, direction in enumerate(DIRECTIONS, start=1):
        assert f"{number}) {direction}" in text


def test_signatures_and_recipients(text):
    assert "THƯ KÝ" in text and "CHỦ TỌA" in text
    assert "Lê Thị Mỹ Dung" in text and "Nguyễn Thị Hồng Nhung" in text
    assert "Nơi nhận:" in text and "Lưu: VT, Khối." in text


def test_the_document_is_vietnamese_whatever_the_users_language(example_snapshot):
    from django.utils import translation

    from records.rendering import render_html

    with translation.override("en"):
        html = render_html(example_snapshot)
    assert 'lang="vi"' in html and "phiếu đồng ý" in html and "ngày 04 tháng 01 năm 2018" in html


def test_a_meeting_of_the_past_prints_what_is_known_and_missing_facts_become_dotted_placeholders():
    """Imported history (``history=True``): no attendance, no presiding person, no secretary recorded."""
    from blocs.models import Leadership
    from blocs.tests.factories import bloc_with_members
    from meetings.tests.factories import MeetingFactory
    from records.models import MinutesVersion
    from records.rendering import render_html
    from records.services import meeting_finalize

    bloc, _agencies = bloc_with_members(3)
    meeting = MeetingFactory(bloc=bloc, title="")
    meeting_finalize(meeting=meeting, history=True)
    html = render_html(MinutesVersion.objects.get(meeting=meeting).snapshot)
    assert Leadership.objects.count() == 0
    assert "Thời gian bắt đầu:</span> …… giờ ……, ngày 04 tháng 01 năm 2018." in html
    assert "Địa điểm:</span> ……………………………………." in html
    assert "Chủ trì (chủ tọa):</span> ……." in html and "Thư ký:</span> ……." in html
    assert "Hội nghị kết thúc vào …… giờ …… cùng ngày./." in html
    assert "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017" in html  # the customary name stands in
    # Nobody is counted present or absent who was not recorded so.
    assert "3/3" not in html and "Vắng mặt" not in html and "Đại diện lãnh đạo" not in html
    names = ", ".join(a.name for a in _agencies)
    assert f"Các cơ quan, đơn vị thành viên Khối (3 đơn vị): {names}. Biên bản không có số liệu điểm danh." in html
    for part in ("Biểu quyết đề nghị khen thưởng", "Bầu Trưởng khối", "Phương hướng", "Báo cáo kết quả", "Khách mời"):
        assert part not in html
    assert "None" not in html
