"""``manage.py verify_document PATH`` and ``verification.verify_pdf``: an issued file, or a copy signed by a trusted
signer, is ok (exit 0); a changed byte, an untrusted or expired certificate, a replaced version, a PDF not issued
here and a file that is no PDF are each reported with their reason (exit 1). Certificates made by the test."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import call_command
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from members.tests.factories import OrganizerFactory
from records.models import MinutesVersion
from records.services import meeting_finalize, minutes_render
from records.tests.issued import VALID_FROM, VALID_TO, issue, next_version, small_pdf
from records.verification import codes_in, verify_pdf
from signatures.pdf import embedded_record
from signatures.services import organization_signer_set, trust_anchor_add, trust_anchor_remove
from signatures.tests import pki

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def media(media_root):
    return media_root


def verify(tmp_path, data: bytes, name: str = "ban-sao.pdf") -> tuple[int, dict]:
    """The command's exit code and its JSON."""
    path = tmp_path / name
    path.write_bytes(data)
    return run(str(path))


def run(path: str) -> tuple[int, dict]:
    out = io.StringIO()
    try:
        call_command("verify_document", path, stdout=out)
    except SystemExit as stop:
        code = stop.code
    else:
        code = 0
    return code, json.loads(out.getvalue())


def reasons_text(result: dict) -> str:
    return " | ".join(result["reasons"])


def test_a_copy_signed_by_a_trusted_signer_verifies(issued, trust, tmp_path):
    copy = trust.sign(issued.file.open("rb").read(), at=datetime.datetime(2018, 1, 5, 2, 30, tzinfo=UTC))

    code, result = verify(tmp_path, copy)

    assert code == 0, result["reasons"]
    assert result["ok"] is True and result["reasons"] == []
    document = result["document"]
    assert document["document"] == "minutes" and document["document_label"] == "Biên bản"
    assert (document["version"], document["code"], document["sha256"]) == (1, issued.code, issued.file_sha256)
    assert document["current"] is True and document["replaced_by"] is None
    assert document["bloc"] == issued.meeting.bloc.name and document["province"] == issued.meeting.bloc.organizer.name
    assert document["meeting"]["held_on"] == "2018-01-04"
    [signature] = result["signatures"]
    assert signature["signer"] == "Nguyễn Văn An, Sở Tài chính"
    assert signature["signed_at"] == "2018-01-05T09:30:00+07:00"
    assert (signature["intact"], signature["valid"], signature["trusted"]) == (True, True, True)
    assert signature["revocation"] == "not_checked" and "chưa kiểm tra thu hồi" in signature["reasons"]
    report = verify_pdf(copy)
    assert (report.ok, report.how, report.version, report.current) == (True, "revision", issued, True)


def test_the_output_is_vietnamese_json_with_every_field_of_the_contract(issued, trust, tmp_path):
    path = tmp_path / "bản sao.pdf"
    path.write_bytes(trust.sign(issued.file.open("rb").read()))
    out = io.StringIO()
    call_command("verify_document", str(path), stdout=out)

    text = out.getvalue()
    assert "Biên bản" in text and "\\u" not in text  # ensure_ascii=False
    result = json.loads(text)
    assert list(result) == ["path", "ok", "document", "signatures", "reasons"]
    assert result["path"] == str(path)
    assert set(result["document"]) == {
        "province", "bloc", "meeting", "document", "document_label", "version", "issued_at", "sha256", "code",
        "current", "replaced_by",
    }  # fmt: skip
    assert set(result["signatures"][0]) == {
        "field", "signer", "signed_at", "intact", "valid", "trusted", "revocation", "reasons",
    }  # fmt: skip


def test_the_issued_file_itself_verifies(issued, trust, tmp_path):
    code, result = verify(tmp_path, issued.file.open("rb").read())

    assert code == 0 and result["ok"] is True
    assert result["document"]["code"] == issued.code and result["signatures"] == []
    assert verify_pdf(issued.file.open("rb").read()).how == "file"


def test_one_byte_changed_in_a_signed_copy_is_refused(issued, trust, tmp_path):
    original = issued.file.open("rb").read()
    copy = bytearray(trust.sign(original))
    copy[len(original) // 2] ^= 0x01  # inside the issued revision the signature covers

    code, result = verify(tmp_path, bytes(copy))

    assert code == 1 and result["ok"] is False
    assert "Nội dung đã bị sửa sau khi ký" in reasons_text(result)
    assert result["signatures"][0]["intact"] is False


def test_one_byte_changed_in_the_issued_file_is_refused(issued, trust, tmp_path):
    changed = bytearray(issued.file.open("rb").read())
    changed[len(changed) // 3] ^= 0x01

    code, result = verify(tmp_path, bytes(changed))

    assert code == 1 and result["ok"] is False
    # Still recognised by the record it carries, but nothing vouches for the change.
    assert result["document"]["code"] == issued.code
    assert "không có chữ ký số nào xác nhận" in reasons_text(result)


def test_a_signer_from_an_untrusted_ca_is_refused(issued, trust, tmp_path):
    copy = trust.sign(issued.file.open("rb").read(), trust.stranger)

    code, result = verify(tmp_path, copy)

    assert code == 1 and result["ok"] is False
    assert "Trần Văn Lạ" in reasons_text(result)
    assert "không chuỗi tới chứng thư gốc tin cậy" in reasons_text(result)
    assert "chưa kiểm tra thu hồi" not in reasons_text(result)  # said on the signature, no reason to refuse
    assert result["signatures"][0]["trusted"] is False


def test_a_certificate_expired_at_signing_time_is_refused(issued, trust, tmp_path):
    expired = pki.make_signer(
        "Lê Thị Hết Hạn",
        trust.root,
        not_before=datetime.datetime(2015, 1, 1, tzinfo=UTC),
        not_after=datetime.datetime(2017, 1, 1, tzinfo=UTC),
    )
    copy = trust.sign(issued.file.open("rb").read(), expired, at=datetime.datetime(2018, 1, 5, tzinfo=UTC))

    code, result = verify(tmp_path, copy)

    assert code == 1 and result["ok"] is False
    assert "hết hạn hoặc chưa có hiệu lực vào thời điểm ký" in reasons_text(result)
    assert result["signatures"][0]["valid"] is False


def test_a_revoked_certificate_is_refused(issued, trust, tmp_path):
    copy = trust.sign(issued.file.open("rb").read(), crl_of=trust.root, revoked=True)

    code, result = verify(tmp_path, copy)

    assert code == 1
    assert "đã bị thu hồi" in reasons_text(result) and result["signatures"][0]["revocation"] == "revoked"


def test_a_signed_copy_of_a_replaced_version_is_reported_as_replaced(issued, trust, people, tmp_path):
    copy = trust.sign(issued.file.open("rb").read())
    second = issue(next_version(issued.meeting, people["board"]), small_pdf("Phiên bản 2", attachment={"v": 2}))

    code, result = verify(tmp_path, copy)

    assert code == 1 and result["ok"] is False
    assert result["document"]["version"] == 1 and result["document"]["current"] is False
    assert result["document"]["replaced_by"] == {"version": 2, "code": second.code}
    assert f"Văn bản đã được thay thế bởi phiên bản 2 (mã {second.code})" in result["reasons"]
    assert result["signatures"][0]["valid"] is True  # the signature itself holds: the document does not
    report = verify_pdf(copy)
    assert (report.current, report.replaced_by) == (False, second)


def test_the_replaced_issued_file_itself_is_reported_as_replaced(issued, people, tmp_path):
    second = next_version(issued.meeting, people["board"])  # still being rendered: v1 is replaced all the same

    code, result = verify(tmp_path, issued.file.open("rb").read())

    assert code == 1 and result["document"]["replaced_by"] == {"version": 2, "code": second.code}


def test_a_pdf_not_issued_here_is_refused(issued, trust, tmp_path):
    foreign = trust.sign(small_pdf("Một văn bản khác", attachment={"format": "khac"}))

    code, result = verify(tmp_path, foreign)

    assert code == 1 and result["ok"] is False and result["document"] is None
    assert "không phải là văn bản do hệ thống phát hành" in reasons_text(result)
    assert result["signatures"][0]["signer"] == "Nguyễn Văn An, Sở Tài chính"  # still said, for the reader


def test_a_pdf_without_any_record_is_refused(issued, tmp_path):
    code, result = verify(tmp_path, pki.blank_pdf())

    assert code == 1 and result["document"] is None
    assert "không phải là văn bản do hệ thống phát hành" in reasons_text(result)


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 a zip", "Biên bản.docx".encode(), b"%PD"])
def test_a_file_that_is_not_a_pdf_is_refused(issued, tmp_path, content):
    code, result = verify(tmp_path, content, name="bien-ban.pdf")

    assert code == 1 and result["ok"] is False and result["document"] is None
    assert result["reasons"] == ["Tệp không phải là tệp PDF."]


def test_a_damaged_pdf_is_refused_with_a_reason(issued, tmp_path):
    code, result = verify(tmp_path, b"%PDF-1.7\n1 0 obj << /Type /Catalog >> \n%%EOF\n" + b"\x00" * 50)

    assert code == 1 and result["reasons"]


def test_a_missing_file_is_reported(tmp_path):
    code, result = run(str(tmp_path / "khong-co.pdf"))

    assert code == 1 and result["ok"] is False
    assert result["reasons"][0].startswith("Không đọc được tệp")


def test_a_copy_printed_again_with_the_same_record_is_recognised_by_it(issued, trust, example_snapshot):
    # Another PDF (printed again, or converted) carrying the same bien-ban.json, signed by a trusted signer.
    reprinted = trust.sign(small_pdf("In lại", attachment=example_snapshot["interchange"]))

    report = verify_pdf(reprinted)

    assert (report.ok, report.how, report.version) == (True, "record", issued)


def test_a_record_shared_by_several_documents_is_told_apart_by_the_code_in_the_file(issued, trust, example_pdf):
    vote_count = MinutesVersion.objects.get(meeting=issued.meeting, document=MinutesVersion.Document.VOTE_COUNT)
    issue(vote_count, small_pdf("Biên bản kiểm phiếu", attachment={"khac": True}))
    # Every document of a meeting attaches the same record (bien-ban.json).
    MinutesVersion.objects.filter(pk=vote_count.pk).update(record_sha256=issued.record_sha256)
    interchange = json.loads(embedded_record(example_pdf))
    without_code = trust.sign(small_pdf("In lại", attachment=interchange))
    link = f'<a href="https://thidua.example.vn/xac-minh/{vote_count.code}/">{vote_count.code}</a>'
    with_code = trust.sign(small_pdf(f"Bản in lại {link}", attachment=interchange))

    assert vote_count.code in codes_in(with_code)
    unknown = verify_pdf(without_code)
    assert unknown.version is None and "khớp với 2 văn bản" in " ".join(unknown.reasons)
    assert verify_pdf(with_code).version == vote_count
    # An upload for a version says which of them it expects.
    assert verify_pdf(without_code, version=issued).version == issued


def test_a_copy_of_another_document_is_refused_for_this_one(issued, trust):
    vote_count = MinutesVersion.objects.get(meeting=issued.meeting, document=MinutesVersion.Document.VOTE_COUNT)
    issue(vote_count, small_pdf("Biên bản kiểm phiếu", attachment={"khac": True}))
    copy = trust.sign(vote_count.file.open("rb").read())

    report = verify_pdf(copy, version=issued)

    assert report.ok is False and report.version == vote_count
    assert "Tệp là bản của văn bản khác: biên bản kiểm phiếu phiên bản 1" in " ".join(report.reasons)


def test_content_added_after_the_signature_is_refused(issued, trust):
    signed = trust.sign(issued.file.open("rb").read())
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    writer.root["/Lang"] = generic.TextStringObject("en")  # a change after signing, in a revision of its own
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)

    report = verify_pdf(out.getvalue())

    assert report.ok is False and report.version == issued
    assert report.reasons == [
        "Chữ ký của “Nguyễn Văn An, Sở Tài chính”: Tệp đã bị sửa sau khi ký, ngoài những thay đổi được phép",
        "Tệp đã bị thay đổi sau chữ ký số cuối cùng: phần thêm vào không được chữ ký nào bảo vệ.",
    ]


def test_only_the_anchors_of_the_documents_province_and_of_the_installation_count(issued, tmp_path):
    root = pki.make_ca("Gốc của tỉnh khác", not_before=VALID_FROM, not_after=VALID_TO)
    signer = pki.make_signer("Người Ký", root, not_before=VALID_FROM, not_after=VALID_TO)
    copy = pki.sign(issued.file.open("rb").read(), signer)
    anchor = trust_anchor_add(pem=pki.pem(root), organizer=OrganizerFactory())

    code, result = verify(tmp_path, copy)
    assert code == 1 and "không chuỗi tới chứng thư gốc tin cậy" in reasons_text(result)

    trust_anchor_remove(anchor=anchor)
    trust_anchor_add(pem=pki.pem(root))  # the installation's: every province's documents
    assert verify(tmp_path, copy)[0] == 0


def test_a_document_the_worker_issued_and_signed_verifies_and_so_does_a_copy_signed_after(
    example_meeting, people, sent_tasks, trust, tmp_path
):
    # The province signs what it issues (signatures.services.sign_issued, in the worker) under the CA it trusts.
    organization = pki.make_signer("Ủy ban nhân dân tỉnh", trust.root, not_before=VALID_FROM, not_after=VALID_TO)
    organization_signer_set(organizer=example_meeting.bloc.organizer, p12=pki.p12(organization), password="mat-khau")
    meeting_finalize(meeting=example_meeting, by=people["secretary"])
    version = MinutesVersion.objects.get(meeting=example_meeting, document=MinutesVersion.Document.MINUTES)
    version = minutes_render(version_id=version.pk)
    issued_file = version.file.open("rb").read()

    code, result = verify(tmp_path, issued_file)
    assert code == 0 and result["document"]["code"] == version.code
    [organization_signature] = result["signatures"]
    assert organization_signature["signer"] == "Ủy ban nhân dân tỉnh" and organization_signature["trusted"]
    assert version.code in codes_in(issued_file)  # the link printed under the QR code

    copy = trust.sign(issued_file)
    report = verify_pdf(copy)
    assert (report.ok, report.how, report.version) == (True, "revision", version)
    assert [check.signer for check in report.signatures] == ["Ủy ban nhân dân tỉnh", "Nguyễn Văn An, Sở Tài chính"]
