"""Issue 4, done-when 1: the secretary records the year-end meeting of the seed report
(shared/seeds/quang-ngai-2018-01-tham-muu-tong-hop.txt) through the pages, finalizes it and downloads the
minutes once a real Celery worker has rendered them; board staff then record the award decision.

The data is what the board would have set up: the province, its 11 agencies, the bloc and its 2017 chair.
Everything else is typed and clicked as a new user would. Each page visited is checked with axe-core.
"""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from playwright.sync_api import expect

from blocs.models import Bloc, Leadership, Membership
from blocs.tests.factories import BlocFactory
from members.models import User
from members.tests.factories import AgencyFactory, OrganizerFactory, UserFactory
from records.tests.workers import Worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGENCIES = [
    ("VP-HDND", "Văn phòng HĐND tỉnh"),
    ("VP-UBND", "Văn phòng UBND tỉnh"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư"),
    ("STC", "Sở Tài chính"),
    ("SNGV", "Sở Ngoại vụ"),
    ("BDT", "Ban Dân tộc tỉnh"),
    ("CHQ", "Cục Hải quan tỉnh"),
    ("CT", "Cục Thuế tỉnh"),
    ("CTK", "Cục Thống kê tỉnh"),
    ("KBNN", "Kho bạc Nhà nước tỉnh"),
    ("NHNN", "Ngân hàng Nhà nước chi nhánh tỉnh"),
]
BLOC = "Khối thi đua các cơ quan Tham mưu - Tổng hợp"
# (nominee, award, how the votes are entered)
PROPOSALS = [
    ("Văn phòng HĐND tỉnh", "Cờ thi đua của Chính phủ", "ballots"),
    ("Văn phòng UBND tỉnh", "Cờ thi đua của UBND tỉnh", "tally"),
    ("Sở Tài chính", "Bằng khen của Chủ tịch UBND tỉnh", "ballots"),
    ("Kho bạc Nhà nước tỉnh", "Bằng khen của Chủ tịch UBND tỉnh", "tally"),
]


@pytest.fixture
def seed(transactional_db):
    organizer = OrganizerFactory(
        code="QNG",
        name="Ủy ban nhân dân tỉnh Quảng Ngãi",
        short_name="UBND tỉnh Quảng Ngãi",
        place_name="Quảng Ngãi",
        board_name="Ban Thi đua - Khen thưởng tỉnh Quảng Ngãi",
    )
    agencies = {code: AgencyFactory(organizer=organizer, code=code, name=name) for code, name in AGENCIES}
    bloc = BlocFactory(organizer=organizer, code="TMTH", name=BLOC, short_name="KTĐ", kind=Bloc.Kind.BLOC)
    Membership.objects.bulk_create(Membership(bloc=bloc, agency=a, from_year=2017) for a in agencies.values())
    Leadership.objects.create(bloc=bloc, year=2017, chair=agencies["VP-HDND"], vice_chair=agencies["VP-UBND"])
    UserFactory(username="thuky.vphdnd", organizer=organizer, agency=agencies["VP-HDND"], first_name="Dung")
    UserFactory(username="bantdkt", role=User.Role.BOARD_STAFF, organizer=organizer, first_name="Thành")
    return bloc


@pytest.fixture
def worker(transactional_db, tmp_path):
    """A real ``celery worker`` sharing the test database, broker folder and media folder; killed at the end."""
    started = Worker(tmp_path).start()
    try:
        yield started
    finally:
        started.kill()


class Accessibility:
    """Runs axe-core once on each kind of page visited (a page's URL with its numbers taken out)."""

    def __init__(self, page, axe_violations):
        self.page, self.run, self.seen = page, axe_violations, set()

    def check(self, *, again: bool = False) -> None:
        """``again``: check a page of a kind already checked, now showing more (a full record, a ready file)."""
        self.page.wait_for_load_state("load")
        kind = re.sub(r"\d+", "N", self.page.url.split("#")[0])
        if kind in self.seen and not again:
            return
        self.seen.add(kind)
        violations = self.run(self.page)
        assert violations == [], f"{self.page.url}: {violations}"


def test_secretary_records_the_year_end_meeting_of_the_seed(
    page, live_server, login, axe_violations, seed, worker, settings
):
    a11y = Accessibility(page, axe_violations)

    # --- The secretary (staff of the 2017 chair agency) logs in and opens the bloc, year 2017 ---
    page.goto(f"{live_server.url}/dang-nhap/")
    a11y.check()
    login(page, live_server, "thuky.vphdnd")
    a11y.check()
    page.get_by_role("link", name=BLOC).first.click()
    page.locator("#id_year").select_option("2017")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("heading", name="Thành viên năm 2017")).to_be_visible()
    a11y.check()

    # --- Create the year-end meeting of 2017, held on 04/01/2018 ---
    page.get_by_role("link", name="Tạo hội nghị").click()
    expect(page.locator("#id_title")).to_have_value("Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017")
    a11y.check()
    page.fill("#id_held_on", "04/01/2018")
    page.fill("#id_start_time", "14:00")
    page.fill("#id_end_time", "17:00")
    page.locator("#id_host").select_option(label="Văn phòng HĐND tỉnh")
    page.fill("#id_venue", "Hội trường Văn phòng HĐND tỉnh Quảng Ngãi")
    page.get_by_role("button", name="Tạo hội nghị").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017"
    )
    a11y.check()
    meeting_url = page.url.split("#")[0]

    # --- Attendance: the 11 agencies present ---
    page.locator("#diem-danh").get_by_role("link", name="Điểm danh").click()
    expect(page.locator("#quorum")).to_have_text("0/11 đơn vị có mặt")
    a11y.check()
    page.get_by_role("button", name="Đánh dấu tất cả có mặt").click()
    expect(page.locator("#quorum")).to_have_text("11/11 đơn vị có mặt")
    page.get_by_role("group", name="Văn phòng HĐND tỉnh").get_by_label("Người đại diện").fill("Nguyễn Thị Hồng Nhung")
    page.get_by_role("group", name="Văn phòng HĐND tỉnh").get_by_label("Chức vụ").fill("Chánh Văn phòng")
    page.get_by_role("button", name="Lưu điểm danh").click()
    expect(page.locator("#diem-danh #quorum")).to_have_text("11/11 đơn vị có mặt")

    # --- The four proposals, with votes per agency or as a tally of 11; the outcome shows live ---
    for nominee, award_name, mode in PROPOSALS:
        page.locator("#de-nghi").get_by_role("link", name="Thêm đề nghị").click()
        a11y.check()
        page.locator("#id_nominee").select_option(label=nominee)
        page.locator("#id_award_type").select_option(label=award_name)
        if mode == "ballots":
            page.get_by_role("button", name="Tất cả đồng ý").click()
        else:
            page.get_by_label("Tổng hợp số phiếu").check()
            page.fill("#id_votes_for", "11")
            page.fill("#id_votes_against", "0")
            page.fill("#id_votes_abstain", "0")
        expect(page.locator("#outcome [data-outcome]")).to_have_text("Đạt")
        expect(page.locator("#outcome")).to_contain_text("11/11")
        page.get_by_role("button", name="Thêm đề nghị").click()
        expect(page.locator(".alert-success")).to_contain_text("Đạt")
    rows = page.locator("#proposals tbody tr")
    expect(rows).to_have_count(4)
    expect(page.locator("#proposals")).not_to_contain_text("Không đạt")

    # --- Election of next year's chair and vice-chair ---
    page.get_by_role("link", name="Ghi kết quả bầu").click()
    a11y.check()
    page.locator("#id_chair").select_option(label="Ban Dân tộc tỉnh")
    page.locator("#id_vice_chair").select_option(label="Kho bạc Nhà nước tỉnh")
    page.get_by_role("button", name="Lưu kết quả bầu").click()
    expect(page.locator("#election")).to_contain_text("Ban Dân tộc tỉnh")
    expect(page.locator("#election")).to_contain_text("Kho bạc Nhà nước tỉnh")

    # --- Directions for 2018 ---
    page.get_by_role("link", name="Sửa nội dung").click()
    a11y.check()
    page.fill(
        "#id_directions",
        "Thực hiện đầy đủ các nội dung Kế hoạch công tác thi đua của Khối.\n"
        "Đẩy mạnh các phong trào văn hóa, thể thao trong toàn Khối.",
    )
    page.get_by_role("button", name="Lưu nội dung").click()
    expect(page.locator("#directions li")).to_have_count(2)
    a11y.check(again=True)  # the meeting page with the whole record, before it is finalized

    # --- Who presided, who took the minutes, a guest that is a group (finalizing requires the first two) ---
    page.get_by_role("link", name="Sửa thành phần").click()
    a11y.check()
    page.fill("#id_presiding-0-name", "Nguyễn Văn Chủ Trì")
    page.fill("#id_presiding-0-title", "Chánh Văn phòng HĐND tỉnh")
    page.fill("#id_secretary-0-name", "Lê Thị Thư Ký")
    page.fill("#id_guests-0-title", "Lãnh đạo")
    page.fill("#id_guests-0-organization", "Ban Thi đua - Khen thưởng tỉnh")
    page.get_by_role("button", name="Lưu thành phần").click()
    expect(page.locator("#thanh-phan")).to_contain_text("Lãnh đạo Ban Thi đua - Khen thưởng tỉnh")

    # --- Finalize, then wait for the worker's PDF and download it ---
    page.get_by_role("link", name="Chốt hội nghị").click()
    a11y.check()
    page.get_by_role("button", name="Chốt hội nghị và tạo biên bản").click()
    a11y.check()
    download_link = page.get_by_role("link", name="Tải về (PDF/A)")
    try:
        download_link.wait_for(timeout=60_000)  # the status page reloads itself once the file is ready
    except Exception:
        raise AssertionError(f"the minutes were not rendered:\n{worker.tail()}") from None
    a11y.check(again=True)
    with page.expect_download() as download:
        download_link.click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Ban Dân tộc tỉnh" in text and "Kho bạc Nhà nước tỉnh" in text

    # --- Board staff record the decision awarding the passed provincial proposals ---
    page.context.clear_cookies()
    login(page, live_server, "bantdkt")
    page.get_by_role("link", name="Quyết định khen thưởng").click()
    a11y.check()
    page.get_by_role("link", name="Thêm quyết định").click()
    a11y.check()
    page.fill("#id_number", "15/QĐ-UBND")
    page.fill("#id_signed_on", "20/03/2018")
    for nominee in ("Văn phòng UBND tỉnh", "Sở Tài chính", "Kho bạc Nhà nước tỉnh"):
        page.get_by_label(nominee, exact=True).check()
    page.get_by_role("button", name="Lưu quyết định").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quyết định số 15/QĐ-UBND")
    a11y.check()

    page.goto(meeting_url)
    a11y.check(again=True)
    table = page.locator("#proposals")
    for nominee in ("Văn phòng UBND tỉnh", "Sở Tài chính", "Kho bạc Nhà nước tỉnh"):
        expect(table.locator("tr", has_text=nominee)).to_contain_text("15/QĐ-UBND")
    expect(table.locator("tr", has_text="Văn phòng HĐND tỉnh")).to_contain_text("Chờ quyết định")
