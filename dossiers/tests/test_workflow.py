"""The dossier's workflow (dossiers/services.py): the checklist, the reports, sending frozen, returning with a
reason, sending again, receiving, closing by the decisions; who is told, once."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from decisions.services import decision_create
from dossiers import services
from dossiers.models import AchievementReport, Dossier, Submission
from dossiers.tests.conftest import PDF_BYTES, docx_bytes, pdf_upload
from history.models import AuditEntry
from meetings.models import Proposal
from notices.models import Notification
from records.models import MinutesVersion

pytestmark = pytest.mark.django_db
State = Dossier.State
DATED = datetime.date(2018, 1, 10)


def _send(review, user, **overrides):
    fields = {"number": "01/TTr-KTĐ", "dated": DATED, "signer_name": "Nguyễn Thị Hồng Nhung",
              "signer_title": "Chánh Văn phòng HĐND tỉnh"} | overrides  # fmt: skip
    return services.dossier_send(bloc=review.bloc, year=2017, by=user, **fields)


def _upload_all(review, user):
    for proposal in review.proposals.filter(outcome=Proposal.Outcome.PASSED):
        services.report_upload(proposal=proposal, upload=pdf_upload(), by=user)


def test_the_checklist_names_each_missing_report_and_refuses_sending(review, users):
    view = services.dossier_view(review.bloc, 2017)
    assert view.meeting == review
    assert [p.nominee.code for p in view.proposals] == ["VP-HDND", "VP-UBND", "STC", "KBNN"]
    (missing,) = view.missing
    assert "Còn thiếu báo cáo thành tích của" in missing
    for code in ("Văn phòng HĐND tỉnh", "Sở Tài chính", "Kho bạc Nhà nước tỉnh"):
        assert code in missing
    with pytest.raises(ValidationError) as refused:
        _send(review, users["secretary"])
    assert "Còn thiếu báo cáo thành tích" in str(refused.value)
    assert not Dossier.objects.exists()


def test_a_year_without_a_finalized_review_cannot_be_sent(review, users):
    view = services.dossier_view(review.bloc, 2016)
    assert view.meeting is None
    assert view.missing == [
        "Khối thi đua các cơ quan Tham mưu - Tổng hợp chưa có hội nghị tổng kết năm 2016 đã chốt biên bản."
    ]


def test_a_report_is_typed_by_its_content_not_its_name(review, users):
    proposal = review.proposals.get(nominee__code="STC")
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.report_upload(proposal=proposal, upload=fake, by=users["nominee"])
    assert "phải là tệp PDF hoặc Word (.docx)" in str(refused.value)
    zipped = SimpleUploadedFile("bao-cao.docx", b"PK\x03\x04" + bytes(40))
    with pytest.raises(ValidationError):
        services.report_upload(proposal=proposal, upload=zipped, by=users["nominee"])
    word = services.report_upload(
        proposal=proposal, upload=SimpleUploadedFile("Báo cáo.docx", docx_bytes()), by=users["nominee"]
    )
    assert word.content_type == AchievementReport.Kind.DOCX
    pdf = services.report_upload(
        proposal=proposal, upload=SimpleUploadedFile("tên.docx", PDF_BYTES), by=users["nominee"]
    )
    assert (pdf.pk, pdf.content_type, pdf.name) == (word.pk, AchievementReport.Kind.PDF, "tên.docx")


def test_reports_over_20_mb_or_empty_are_refused(review, users):
    proposal = review.proposals.get(nominee__code="STC")
    big = SimpleUploadedFile("lon.pdf", b"%PDF-" + bytes(20 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        services.report_upload(proposal=proposal, upload=big, by=users["nominee"])
    assert "quá giới hạn 20 MB" in str(refused.value)
    with pytest.raises(ValidationError):
        services.report_upload(proposal=proposal, upload=SimpleUploadedFile("rong.pdf", b""), by=users["nominee"])
    assert not AchievementReport.objects.exists()


def test_only_the_nominee_or_the_secretary_uploads(review, users):
    proposal = review.proposals.get(nominee__code="STC")
    with pytest.raises(PermissionDenied):
        services.report_upload(proposal=proposal, upload=pdf_upload(), by=users["member"])
    services.report_upload(proposal=proposal, upload=pdf_upload(), by=users["nominee"])
    services.report_upload(proposal=proposal, upload=pdf_upload(), by=users["secretary"])
    assert AchievementReport.objects.count() == 1


def test_send_return_send_again_receive_and_close_by_decision(
    review, users, emails, django_capture_on_commit_callbacks
):
    secretary, board = users["secretary"], users["board"]
    _upload_all(review, secretary)
    with django_capture_on_commit_callbacks(execute=True):
        first = _send(review, secretary)
    dossier = first.dossier
    assert (dossier.state, first.number, first.answer) == (State.SENT, 1, Submission.Answer.PENDING)
    # The letter is a new document; the minutes, vote count and score table are the meeting's versions now.
    assert first.letter.document == MinutesVersion.Document.LETTER
    assert first.letter.minutes_number == "01/TTr-KTĐ"
    documents = {v.document for v in first.documents.all()}
    assert MinutesVersion.Document.MINUTES in documents
    assert first.reports.count() == 4
    board_told = Notification.objects.filter(user=board, kind=Notification.Kind.DOSSIER_SENT)
    assert board_told.count() == 1
    assert [m.to for m in emails] == [["ban@example.vn"]]

    # Sent: nothing changes until the board answers.
    with pytest.raises(ValidationError):
        _send(review, secretary)
    with pytest.raises(ValidationError):
        services.report_upload(proposal=first.reports.first().proposal, upload=pdf_upload(), by=secretary)
    with pytest.raises(PermissionDenied):
        services.dossier_receive(dossier=dossier, by=secretary)

    with pytest.raises(ValidationError):
        services.dossier_return(dossier=dossier, reason="  ", by=board)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_return(dossier=dossier, reason="Thiếu chữ ký trên báo cáo của Sở Tài chính", by=board)
    dossier.refresh_from_db()
    first.refresh_from_db()
    assert dossier.state == State.RETURNED
    assert (first.answer, first.reason, first.answered_by) == (
        Submission.Answer.RETURNED, "Thiếu chữ ký trên báo cáo của Sở Tài chính", board,
    )  # fmt: skip
    returned = Notification.objects.get(user=secretary, kind=Notification.Kind.DOSSIER_RETURNED)
    assert "Thiếu chữ ký trên báo cáo của Sở Tài chính" in returned.message
    assert emails[-1].to == ["thuky@example.vn"]

    # Returned: the report is replaced; the copy sent the first time stays as it was.
    stc = review.proposals.get(nominee__code="STC")
    first_copy = first.reports.get(proposal=stc)
    first_sha = first_copy.sha256
    services.report_upload(proposal=stc, upload=SimpleUploadedFile("ky.docx", docx_bytes()), by=users["nominee"])
    with django_capture_on_commit_callbacks(execute=True):
        second = _send(review, secretary, number="02/TTr-KTĐ")
    first_copy.refresh_from_db()
    assert first_copy.sha256 == first_sha and first_copy.file.read() == PDF_BYTES
    assert second.reports.get(proposal=stc).sha256 != first_sha
    assert (second.number, second.letter.number) == (2, first.letter.number + 1)
    assert MinutesVersion.objects.filter(pk=first.letter.pk).exists()  # the first letter is kept

    services.dossier_receive(dossier=dossier, by=board)
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED
    assert Notification.objects.filter(user=secretary, kind=Notification.Kind.DOSSIER_RECEIVED).count() == 1
    with pytest.raises(ValidationError):
        services.dossier_receive(dossier=dossier, by=board)  # never twice

    # The decision awarding every proposal sent closes the dossier.
    passed = list(review.proposals.filter(outcome=Proposal.Outcome.PASSED))
    decision_create(organizer=review.bloc.organizer, number="12/QĐ-UBND", signed_on=datetime.date(2018, 2, 1),
                    proposals=passed[:2], by=board)  # fmt: skip
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED  # two of four awarded
    decision_create(organizer=review.bloc.organizer, number="13/QĐ-UBND", signed_on=datetime.date(2018, 2, 2),
                    proposals=passed[2:], by=board)  # fmt: skip
    dossier.refresh_from_db()
    assert dossier.state == State.CLOSED

    states = [
        e.changes["trạng thái"][1]
        for e in AuditEntry.objects.filter(object_id=dossier.pk, content_type__model="dossier").order_by("pk")
        if "trạng thái" in e.changes
    ]
    assert states == ["Đã gửi", "Bị trả lại", "Đã gửi", "Đã tiếp nhận", "Đã có quyết định"]


def test_the_board_closes_a_received_dossier_by_hand(review, users):
    _upload_all(review, users["secretary"])
    dossier = _send(review, users["secretary"]).dossier
    with pytest.raises(ValidationError):
        services.dossier_close(dossier=dossier, by=users["board"])  # not received yet
    services.dossier_receive(dossier=dossier, by=users["board"])
    services.dossier_close(dossier=dossier, by=users["board"])
    dossier.refresh_from_db()
    assert dossier.state == State.CLOSED


def test_the_letter_cannot_be_dated_before_the_review(review, users):
    _upload_all(review, users["secretary"])
    with pytest.raises(ValidationError) as refused:
        _send(review, users["secretary"], dated=datetime.date(2017, 12, 31))
    assert "trước hội nghị tổng kết (04/01/2018)" in str(refused.value)
    with pytest.raises(PermissionDenied):
        _send(review, users["member"])
