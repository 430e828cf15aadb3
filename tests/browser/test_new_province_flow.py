"""Issue 15's acceptance: a province made by ``create_province`` is set up by its board staff and its first
year-end meeting recorded by the secretary, all in the application, without one request under /admin/.

Board staff set their password from the invitation's link, create 8 agencies and a bloc (its symbol suggested
from the name), add the 8 members in one form, create the secretary's account and assign them, create the
year's pledge and copy it to the next year. The secretary records a year-end meeting (attendance, people, a
chair elected alone), reads the draft, finalizes; the worker's service renders the version, and the PDF and
the Word file carry the same facts.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from blocs.models import Bloc, Membership, SecretaryAssignment
from members.models import User
from pledges.models import Pledge
from records.models import MinutesVersion
from records.services import minutes_render
from records.tests.conftest import docx_text, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2026
BOARD_EMAIL = "bantdkt@phuhoa.gov.vn"
SECRETARY_EMAIL = "thuky@stc.phuhoa.gov.vn"
AGENCIES = [
    ("STC", "Sở Tài chính"),
    ("SNV", "Sở Nội vụ"),
    ("SXD", "Sở Xây dựng"),
    ("SCT", "Sở Công Thương"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường"),
    ("CT", "Thuế tỉnh"),
    ("KBNN", "Kho bạc Nhà nước khu vực"),
    ("BQLKKT", "Ban Quản lý Khu kinh tế"),
]
BLOC = "Khối thi đua Kinh tế - Kỹ thuật"
PASSWORD = "Phu-Hoa-2026-mat-khau"


def _click_and_wait(page, button) -> None:
    with page.expect_navigation():
        button.click()


def test_a_new_province_is_set_up_and_its_first_minutes_issued_without_the_admin(page, live_server):
    admin_requests: list[str] = []
    page.on("request", lambda request: "/admin/" in request.url and admin_requests.append(request.url))

    # --- The superuser's command: the province and its first board user, invited by email ---
    out = io.StringIO()
    call_command("create_province", "PHH", "Tỉnh Phú Hòa", "--board-user", BOARD_EMAIL, stdout=out)
    link = re.search(r"https?://\S+/dat-mat-khau/\S+", out.getvalue()).group(0)
    path = "/" + link.split("/", 3)[3]

    # --- Board staff set their password from the invitation and log in ---
    page.goto(live_server.url + path)
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    _click_and_wait(page, page.get_by_role("button", name=re.compile("mật khẩu", re.I)))
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", BOARD_EMAIL)
    page.fill("#id_password", PASSWORD)
    _click_and_wait(page, page.get_by_role("button", name="Đăng nhập"))
    expect(page.locator("#nav-main")).to_be_attached()

    # --- 8 agencies, then the bloc (its symbol suggested from the name) ---
    for code, name in AGENCIES:
        page.goto(live_server.url + reverse("blocs:agency_create"))
        page.fill("#id_code", code)
        page.fill("#id_name", name)
        _click_and_wait(page, page.get_by_role("button", name="Lưu", exact=True))
    page.goto(live_server.url + reverse("blocs:bloc_create"))
    page.fill("#id_code", "KTKT")
    page.locator("#id_name").press_sequentially(BLOC)
    expect(page.locator("#id_symbol")).to_have_value("KTĐ-KTKT")
    _click_and_wait(page, page.get_by_role("button", name="Lưu", exact=True))
    bloc = Bloc.objects.get(code="KTKT")
    assert bloc.symbol == "KTĐ-KTKT"

    # --- The 8 members in one form (the bloc form leads there) ---
    for _code, name in AGENCIES:
        page.get_by_label(name, exact=True).check()
    page.fill("#id_from_year", str(YEAR))
    _click_and_wait(page, page.get_by_role("button", name="Thêm vào khối"))
    assert Membership.objects.filter(bloc=bloc, from_year=YEAR).count() == 8

    # --- The secretary's account (invited) and the assignment for the year ---
    page.goto(live_server.url + reverse("blocs:user_create"))
    page.fill("#id_email", SECRETARY_EMAIL)
    page.fill("#id_first_name", "Trần Thị Thư Ký")
    page.check("input[name=role][value=agency_user]")
    page.locator("#id_agency").select_option(label="Sở Tài chính")
    _click_and_wait(page, page.get_by_role("button", name="Tạo và gửi thư mời"))
    secretary = User.objects.get(email=SECRETARY_EMAIL)
    assert not secretary.has_usable_password()
    page.goto(live_server.url + reverse("blocs:secretary_add", kwargs={"pk": bloc.pk}))
    page.fill("#id_year", str(YEAR))
    page.locator("#id_user").select_option(value=str(secretary.pk))
    _click_and_wait(page, page.get_by_role("button", name="Phân công"))
    assert SecretaryAssignment.objects.filter(bloc=bloc, year=YEAR, user=secretary).exists()

    # --- The year's pledge from the bloc page, then copied to the next year ---
    page.goto(f"{live_server.url}{reverse('blocs:detail', kwargs={'pk': bloc.pk})}?year={YEAR}")
    _click_and_wait(page, page.get_by_role("link", name=f"Tạo giao ước năm {YEAR}"))
    for index, (code, title, points) in enumerate(
        [("1", "Thực hiện nhiệm vụ chính trị được giao", "70"), ("2", "Công tác thi đua, khen thưởng", "30")]
    ):
        page.fill(f"#id_criteria-{index}-code", code)
        page.fill(f"#id_criteria-{index}-title", title)
        page.fill(f"#id_criteria-{index}-max_points", points)
    _click_and_wait(page, page.get_by_role("button", name="Tạo giao ước"))
    page.goto(f"{live_server.url}{reverse('pledges:create', kwargs={'bloc_pk': bloc.pk})}?year={YEAR + 1}")
    _click_and_wait(page, page.get_by_role("button", name=f"Sao chép từ năm {YEAR}"))
    copied = Pledge.objects.get(bloc=bloc, year=YEAR + 1)
    assert [c.title for c in copied.criteria.all()] == [
        "Thực hiện nhiệm vụ chính trị được giao",
        "Công tác thi đua, khen thưởng",
    ]

    # --- The secretary records the year-end meeting ---
    secretary.set_password(PASSWORD)
    secretary.save(update_fields=["password"])
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", SECRETARY_EMAIL)
    page.fill("#id_password", PASSWORD)
    _click_and_wait(page, page.get_by_role("button", name="Đăng nhập"))
    page.goto(f"{live_server.url}{reverse('meetings:create', kwargs={'bloc_pk': bloc.pk})}?year={YEAR}")
    page.fill("#id_held_on", f"18/12/{YEAR}")
    page.fill("#id_start_time", "08:00")
    page.fill("#id_end_time", "11:30")
    page.fill("#id_venue", "Hội trường Sở Tài chính")
    _click_and_wait(page, page.get_by_role("button", name="Tạo hội nghị"))
    meeting_url = page.url.split("#")[0]

    page.locator("#diem-danh").get_by_role("link", name="Điểm danh").click()
    page.get_by_role("button", name="Đánh dấu tất cả có mặt").click()
    page.get_by_role("group", name="Sở Nội vụ").get_by_label("Có mặt").uncheck()
    page.get_by_role("group", name="Sở Tài chính").get_by_label("Người đại diện").fill("Nguyễn Văn Giám Đốc")
    _click_and_wait(page, page.get_by_role("button", name="Lưu điểm danh"))

    page.get_by_role("link", name="Sửa thành phần").click()
    page.fill("#id_presiding-0-name", "Nguyễn Văn Giám Đốc")
    page.fill("#id_presiding-0-title", "Giám đốc Sở Tài chính")
    page.fill("#id_secretary-0-name", "Trần Thị Thư Ký")
    page.fill("#id_guests-0-title", "Lãnh đạo")
    page.fill("#id_guests-0-organization", "Sở Nội vụ tỉnh Phú Hòa")
    _click_and_wait(page, page.get_by_role("button", name="Lưu thành phần"))

    page.get_by_role("link", name="Ghi kết quả bầu").click()
    page.locator("#id_chair").select_option(label="Sở Xây dựng")
    page.locator("#id_vice_chair").select_option(label="— Không bầu phó trưởng khối —")
    _click_and_wait(page, page.get_by_role("button", name="Lưu kết quả bầu"))  # a chair alone
    expect(page.locator("#election")).to_contain_text("Không bầu")

    # --- The draft, then finalizing ---
    page.get_by_role("link", name="Xem bản dự thảo").click()
    expect(page.locator(".watermark")).to_have_text("DỰ THẢO")
    expect(page.locator("body")).to_contain_text("Số: ……/BB-KTĐ-KTKT")
    page.goto(meeting_url)
    page.get_by_role("link", name="Chốt hội nghị").first.click()
    expect(page.locator("#checklist .bi-x-circle-fill")).to_have_count(0)
    _click_and_wait(page, page.get_by_role("button", name="Chốt hội nghị và tạo biên bản"))

    # --- The worker's service renders the version; both files carry the same facts ---
    version = MinutesVersion.objects.get(meeting__bloc=bloc, document=MinutesVersion.Document.MINUTES)
    minutes_render(version_id=version.pk)
    version.refresh_from_db()
    assert version.status == MinutesVersion.Status.READY and version.minutes_number == "01/BB-KTĐ-KTKT"
    kwargs = {"pk": version.meeting_id, "doc": "bien-ban"}
    pdf = page.request.get(live_server.url + reverse("meetings:minutes_download", kwargs=kwargs))
    word = page.request.get(live_server.url + reverse("meetings:minutes_docx_download", kwargs=kwargs))
    assert pdf.ok and word.ok
    pdf_words, word_words = pdf_text(pdf.body()), docx_text(word.body())
    facts = [
        "Số: 01/BB-KTĐ-KTKT",
        f"ngày 18 tháng 12 năm {YEAR}",
        "Đại diện lãnh đạo 7/8 cơ quan, đơn vị thành viên Khối:",
        "Vắng mặt: Sở Nội vụ.",
        "Khách mời: Lãnh đạo Sở Nội vụ tỉnh Phú Hòa.",
        "Nguyễn Văn Giám Đốc, Giám đốc Sở Tài chính",
        "Thư ký: Trần Thị Thư Ký.",
        f"Hội nghị thống nhất bầu Sở Xây dựng làm Trưởng khối năm {YEAR + 1}.",
        *(name for _code, name in AGENCIES),
    ]
    for fact in facts:
        assert fact in pdf_words, fact
        assert fact in word_words, fact
    assert "Phó Trưởng khối" not in pdf_words and "DỰ THẢO" not in pdf_words
    assert set(pdf_words.split()) == set(word_words.split())

    assert admin_requests == []
