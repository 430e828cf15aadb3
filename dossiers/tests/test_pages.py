"""The dossier pages: what each side sees and may do, uploads refused with the reason, the queries of the page."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from blocs.tests.factories import bloc_with_members
from dossiers import services
from dossiers.models import REPORT_MAX_BYTES, AchievementReport, Dossier
from dossiers.tests.conftest import PDF_BYTES, pdf_upload
from meetings.models import Proposal
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_url(review) -> str:
    return reverse("dossiers:dossier", kwargs={"pk": review.bloc.pk, "year": 2017})


def upload_url(proposal) -> str:
    return reverse("dossiers:report_upload", kwargs={"proposal_pk": proposal.pk})


def test_the_secretary_sees_the_checklist_and_the_send_button(review, users):
    response = client_of(users["secretary"]).get(page_url(review))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Đang chuẩn bị" in text
    assert "Còn thiếu báo cáo thành tích của" in text
    assert reverse("dossiers:send", kwargs={"pk": review.bloc.pk, "year": 2017}) in text
    assert reverse("dossiers:receive", kwargs={"dossier_pk": 1}) not in text


def test_a_member_reads_the_dossier_but_neither_sends_nor_uploads_for_others(review, users):
    client = client_of(users["member"])
    response = client.get(page_url(review))
    assert response.status_code == 200
    assert reverse("dossiers:send", kwargs={"pk": review.bloc.pk, "year": 2017}) not in response.content.decode()
    stc = review.proposals.get(nominee__code="STC")
    assert client.get(upload_url(stc)).status_code == 404
    assert client.post(upload_url(stc), {"file": pdf_upload()}).status_code == 404
    assert not AchievementReport.objects.exists()


def test_an_agency_user_of_another_bloc_gets_404_on_the_dossier_and_its_files(review, users):
    _bloc, others = bloc_with_members(3, organizer=review.bloc.organizer)
    outsider = client_of(UserFactory(organizer=review.bloc.organizer, agency=others[0]))
    stc = review.proposals.get(nominee__code="STC")
    services.report_upload(proposal=stc, upload=pdf_upload(), by=users["nominee"])
    assert outsider.get(page_url(review)).status_code == 404
    assert outsider.get(reverse("dossiers:report_download", kwargs={"proposal_pk": stc.pk})).status_code == 404
    download = client_of(users["member"]).get(reverse("dossiers:report_download", kwargs={"proposal_pk": stc.pk}))
    assert b"".join(download.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.pdf", b"GIF89a not a pdf", "phải là tệp PDF hoặc Word (.docx)"),
        ("bao-cao.docx", b"PK\x03\x04 not really a zip", "phải là tệp PDF hoặc Word (.docx)"),
        ("bao-cao.pdf", b"%PDF-" + bytes(REPORT_MAX_BYTES), "20 MB"),
        ("bao-cao.pdf", b"", "Tập tin được gửi là rỗng."),  # Django's own message, in Vietnamese
    ],
)
def test_uploads_over_the_limit_or_of_another_type_are_refused_in_vietnamese(review, users, name, content, message):
    stc = review.proposals.get(nominee__code="STC")
    response = client_of(users["nominee"]).post(upload_url(stc), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AchievementReport.objects.exists()


def test_the_nominee_uploads_its_report(review, users):
    stc = review.proposals.get(nominee__code="STC")
    response = client_of(users["nominee"]).post(upload_url(stc), {"file": pdf_upload("Báo cáo STC.pdf")})
    assert response.status_code == 302
    report = AchievementReport.objects.get(proposal=stc)
    assert (report.name, report.content_type, report.uploaded_by) == (
        "Báo cáo STC.pdf", AchievementReport.Kind.PDF, users["nominee"],
    )  # fmt: skip
    download = client_of(users["secretary"]).get(reverse("dossiers:report_download", kwargs={"proposal_pk": stc.pk}))
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert "B%C3%A1o%20c%C3%A1o%20STC.pdf" in download["Content-Disposition"]


def test_sending_through_the_page(review, users):
    for proposal in review.proposals.filter(outcome=Proposal.Outcome.PASSED):
        services.report_upload(proposal=proposal, upload=pdf_upload(), by=users["secretary"])
    client = client_of(users["secretary"])
    send = reverse("dossiers:send", kwargs={"pk": review.bloc.pk, "year": 2017})
    form = client.get(send)
    assert form.context["form"].initial["signer_name"] == "Nguyễn Thị Hồng Nhung"
    assert form.context["form"].initial["number"].startswith("01/TTr-")
    refused = client.post(send, {"number": "01/TTr-KTĐ", "dated": "31/12/2017", "signer_name": "Nguyễn Thị Hồng Nhung"})
    assert "trước hội nghị tổng kết" in refused.content.decode()
    response = client.post(
        send, {"number": "01/TTr-KTĐ", "dated": "10/01/2018", "signer_name": "Nguyễn Thị Hồng Nhung"}
    )
    assert response.status_code == 302
    assert Dossier.objects.get().state == Dossier.State.SENT
    page = client.get(page_url(review)).content.decode()
    assert "Lần gửi 1" in page and "Chờ tiếp nhận." in page
    # The board's page offers receiving and returning.
    board_page = client_of(users["board"]).get(page_url(review)).content.decode()
    dossier = Dossier.objects.get()
    assert reverse("dossiers:receive", kwargs={"dossier_pk": dossier.pk}) in board_page
    assert reverse("dossiers:return", kwargs={"dossier_pk": dossier.pk}) in board_page


def test_the_page_reads_in_a_fixed_number_of_queries(review, users, django_assert_max_num_queries):
    for proposal in review.proposals.filter(outcome=Proposal.Outcome.PASSED):
        services.report_upload(proposal=proposal, upload=pdf_upload(), by=users["secretary"])
    client = client_of(users["board"])
    with django_assert_max_num_queries(24):
        assert client.get(page_url(review)).status_code == 200


def test_the_letter_preview_prints_the_passed_proposals(review, users):
    preview = client_of(users["secretary"]).get(
        reverse("dossiers:letter_preview", kwargs={"pk": review.bloc.pk, "year": 2017})
    )
    text = preview.content.decode()
    assert "TỜ TRÌNH" in text
    for name in ("Văn phòng HĐND tỉnh", "Văn phòng UBND tỉnh", "Sở Tài chính", "Kho bạc Nhà nước tỉnh"):
        assert name in text


def test_a_letter_replaced_by_a_later_sending_is_the_boards_archive(review, users):
    for proposal in review.proposals.filter(outcome=Proposal.Outcome.PASSED):
        services.report_upload(proposal=proposal, upload=pdf_upload(), by=users["secretary"])
    fields = {"dated": datetime.date(2018, 1, 10), "signer_name": "Nguyễn Thị Hồng Nhung", "signer_title": ""}
    first = services.dossier_send(bloc=review.bloc, year=2017, number="01/TTr-KTĐ", by=users["secretary"], **fields)
    services.dossier_return(dossier=first.dossier, reason="Sửa số liệu", by=users["board"])
    services.dossier_send(bloc=review.bloc, year=2017, number="02/TTr-KTĐ", by=users["secretary"], **fields)
    secretary_page = client_of(users["secretary"]).get(page_url(review)).content.decode()
    board_page = client_of(users["board"]).get(page_url(review)).content.decode()
    # Sending 1's letter (version 1) is replaced by sending 2's: its downloads are the board's only.
    assert secretary_page.count("đã có phiên bản mới hơn") == 1
    assert "đã có phiên bản mới hơn" not in board_page


def test_the_decision_starts_from_the_received_dossiers_in_fixed_queries(review, users, django_assert_num_queries):
    for proposal in review.proposals.filter(outcome=Proposal.Outcome.PASSED):
        services.report_upload(proposal=proposal, upload=pdf_upload(), by=users["secretary"])
    fields = {"dated": datetime.date(2018, 1, 10), "signer_name": "Nguyễn Thị Hồng Nhung", "signer_title": ""}
    sent = services.dossier_send(bloc=review.bloc, year=2017, number="01/TTr-KTĐ", by=users["secretary"], **fields)
    client = client_of(users["board"])
    start = reverse("dossiers:decision_start")
    assert "Không có hồ sơ nào đã tiếp nhận" in client.get(start).content.decode()  # sent, not received yet
    services.dossier_receive(dossier=sent.dossier, by=users["board"])
    client.get(start)  # the session and the user read once
    with django_assert_num_queries(5):  # session, user, province, dossiers, reports
        page = client.get(start).content.decode()
    passed = review.proposals.filter(outcome=Proposal.Outcome.PASSED).order_by("pk")
    query = "&amp;".join(
        f"proposals={p.pk}" for p in sorted(passed, key=lambda p: (p.award_type.position, p.position, p.pk))
    )
    assert f"{reverse('awards:decision_create')}?{query}" in page
