"""Issue 16, acceptance: the secretary sends the year-end dossier, the board returns it with a reason, the
secretary fixes it and sends it again, the board receives it and issues the decision; each side sees the state
and the history. Every page visited is checked with axe-core.

The data: the Quảng Ngãi 2017 year-end review finalized (records/tests/records.py), its 2017 chair, and three of
the four achievement reports already uploaded by the nominees; the fourth is uploaded in the browser.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from blocs.models import Leadership
from dossiers import services
from dossiers.models import Dossier
from dossiers.tests.conftest import PDF_BYTES, pdf_upload
from meetings.models import Proposal
from members.models import User
from members.tests.factories import UserFactory
from records.services import meeting_finalize
from records.tests.records import quang_ngai_2017

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def review(transactional_db):
    meeting = quang_ngai_2017()
    agencies = {a.agency.code: a.agency for a in meeting.attendances.select_related("agency")}
    Leadership.objects.create(bloc=meeting.bloc, year=2017, chair=agencies["VP-HDND"], vice_chair=agencies["BDT"])
    meeting_finalize(meeting=meeting)
    organizer = meeting.bloc.organizer
    users = {
        "board": UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer, username="ban"),
        "secretary": UserFactory(organizer=organizer, agency=agencies["VP-HDND"], username="thuky"),
    }
    for proposal in meeting.proposals.filter(outcome=Proposal.Outcome.PASSED).exclude(nominee__code="KBNN"):
        services.report_upload(proposal=proposal, upload=pdf_upload(), by=users["secretary"])
    return meeting, users


def _checked(page, axe_violations) -> None:
    assert axe_violations(page) == [], page.url


def test_send_return_send_again_receive_and_decide(page, live_server, login, axe_violations, review, tmp_path):
    meeting, _users = review
    dossier_url = f"{live_server.url}/ho-so/khoi/{meeting.bloc.pk}/2017/"
    report = tmp_path / "Báo cáo thành tích Kho bạc.pdf"
    report.write_bytes(PDF_BYTES)

    # The secretary: the checklist says what is missing; the last report is uploaded; the dossier is sent.
    login(page, live_server, "thuky")
    page.goto(dossier_url)
    expect(page.locator("#dossier-state")).to_have_text("Đang chuẩn bị")
    expect(page.locator("#checklist")).to_contain_text("Còn thiếu báo cáo thành tích của: Kho bạc Nhà nước tỉnh")
    _checked(page, axe_violations)
    page.get_by_role("link", name="Tải lên Kho bạc Nhà nước tỉnh").click()
    page.set_input_files("#id_file", str(report))
    _checked(page, axe_violations)
    page.get_by_role("button", name="Lưu báo cáo").click()
    expect(page.locator("body")).to_contain_text("Đã lưu báo cáo thành tích của Kho bạc Nhà nước tỉnh.")
    page.get_by_role("link", name="Gửi hồ sơ").first.click()
    expect(page.locator("#id_number")).to_have_value(re.compile(r"^01/TTr-"))
    expect(page.locator("#id_signer_name")).to_have_value("Nguyễn Thị Hồng Nhung")
    page.fill("#id_dated", "10/01/2018")
    _checked(page, axe_violations)
    page.get_by_role("button", name="Gửi hồ sơ đến Ban Thi đua - Khen thưởng").click()
    expect(page.locator("#dossier-state")).to_have_text("Đã gửi")
    expect(page.locator("#lich-su")).to_contain_text("Lần gửi 1")
    expect(page.locator("#lich-su")).to_contain_text("Chờ tiếp nhận.")
    page.context.clear_cookies()

    # The board returns it with the reason.
    login(page, live_server, "ban")
    page.goto(dossier_url)
    expect(page.locator("#dossier-state")).to_have_text("Đã gửi")
    _checked(page, axe_violations)
    page.get_by_role("link", name="Trả lại").click()
    page.fill("#id_reason", "Báo cáo của Kho bạc chưa có chữ ký và dấu")
    _checked(page, axe_violations)
    page.get_by_role("button", name="Trả lại hồ sơ").click()
    expect(page.locator("#dossier-state")).to_have_text("Bị trả lại")
    page.context.clear_cookies()

    # The secretary reads the reason, replaces the report and sends again.
    login(page, live_server, "thuky")
    page.goto(dossier_url)
    expect(page.locator("#returned-reason")).to_contain_text("Báo cáo của Kho bạc chưa có chữ ký và dấu")
    page.get_by_role("link", name="Thay Kho bạc Nhà nước tỉnh").click()
    page.set_input_files("#id_file", str(report))
    page.get_by_role("button", name="Lưu báo cáo").click()
    page.get_by_role("link", name="Gửi lại hồ sơ").click()
    page.fill("#id_number", "02/TTr-KTĐ")
    page.fill("#id_dated", "15/01/2018")
    page.get_by_role("button", name="Gửi hồ sơ đến Ban Thi đua - Khen thưởng").click()
    expect(page.locator("#dossier-state")).to_have_text("Đã gửi")
    history = page.locator("#lich-su")
    expect(history.locator(".submission")).to_have_count(2)
    expect(history).to_contain_text("Lý do: Báo cáo của Kho bạc chưa có chữ ký và dấu")
    page.context.clear_cookies()

    # The board receives it and issues the decision from it: the dossier closes.
    login(page, live_server, "ban")
    page.goto(dossier_url)
    page.get_by_role("link", name="Tiếp nhận").click()
    expect(page.get_by_role("button", name="Tiếp nhận hồ sơ")).to_be_visible()
    _checked(page, axe_violations)
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.locator("#dossier-state")).to_have_text("Đã tiếp nhận")
    page.get_by_role("link", name="Ra quyết định khen thưởng").click()
    expect(page.get_by_role("link", name="Thêm quyết định").first).to_be_visible()
    _checked(page, axe_violations)
    page.get_by_role("link", name="Thêm quyết định").first.click()
    page.fill("#id_number", "45/QĐ-UBND")
    page.fill("#id_signed_on", "01/02/2018")
    for proposal in meeting.proposals.filter(outcome=Proposal.Outcome.PASSED):
        expect(page.locator(f"input[name=proposals][value='{proposal.pk}']")).to_be_checked()
    page.get_by_role("button", name="Lưu quyết định").last.click()
    expect(page.locator("body")).to_contain_text("45/QĐ-UBND")
    page.goto(dossier_url)
    expect(page.locator("#dossier-state")).to_have_text("Đã có quyết định")
    page.context.clear_cookies()

    # The secretary sees the end and every step.
    login(page, live_server, "thuky")
    page.goto(dossier_url)
    expect(page.locator("#dossier-state")).to_have_text("Đã có quyết định")
    expect(history).to_contain_text("Tiếp nhận lúc")
    expect(history).to_contain_text("Trả lại lúc")
    assert Dossier.objects.get().submissions.count() == 2
