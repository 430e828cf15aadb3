"""Signed copies: a secretary of the bloc's year (or board staff) uploads a PDF of the current version signed
outside the application; a valid one becomes the official copy (the download serves it, the status page names
its signers and times), anything else is refused with the reasons and nothing is stored."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from history.models import AuditEntry
from members.tests.factories import PASSWORD
from records.models import SIGNED_COPY_MAX_BYTES, MinutesVersion, SignedCopy
from records.signed_copies import official_copy, signed_copy_upload
from records.tests.issued import issue, next_version, small_pdf
from signatures.tests import pki

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
AT = datetime.datetime(2018, 1, 5, 2, 30, tzinfo=UTC)  # 09:30 in Việt Nam


@pytest.fixture(autouse=True)
def media(media_root):
    return media_root


@pytest.fixture
def signed(issued, trust) -> bytes:
    return trust.sign(issued.file.open("rb").read(), at=AT)


def pdf_upload(data: bytes, name: str = "bien-ban-da-ky.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def stored_files(tmp_path) -> list:
    return sorted((tmp_path / "signed").glob("*")) if (tmp_path / "signed").exists() else []


def upload_url(version: MinutesVersion) -> str:
    return reverse("meetings:signed_copy_upload", kwargs={"pk": version.meeting_id, "doc": "bien-ban", "number": 1})


def status_url(version: MinutesVersion) -> str:
    return reverse("meetings:minutes_status", kwargs={"pk": version.meeting_id, "doc": "bien-ban"})


def download_url(version: MinutesVersion) -> str:
    return reverse("meetings:minutes_download", kwargs={"pk": version.meeting_id, "doc": "bien-ban"})


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


# -- the service ------------------------------------------------------------------------------------------------


def test_a_secretary_of_the_year_keeps_a_valid_signed_copy(issued, signed, people, tmp_path):
    copy = signed_copy_upload(version=issued, upload=pdf_upload(signed), by=people["secretary"])

    assert copy.version == issued and copy.file.open("rb").read() == signed
    assert copy.file.name.startswith("signed/") and "bien-ban" not in copy.file.name  # a random name
    assert copy.size == len(signed) and copy.uploaded_by == people["secretary"]
    assert copy.signers == [{"signer": "Nguyễn Văn An, Sở Tài chính", "signed_at": "2018-01-05T09:30:00+07:00"}]
    assert copy.report["ok"] is True and copy.report["document"]["code"] == issued.code
    assert official_copy(issued) == copy
    entry = AuditEntry.objects.get(object_id=copy.pk, content_type__model="signedcopy")
    assert entry.actor == people["secretary"] and entry.meeting_id == issued.meeting_id
    assert "Nguyễn Văn An" in str(entry.changes)


def test_board_staff_keep_one_too_and_the_newest_is_the_official_copy(issued, signed, trust, people):
    first = signed_copy_upload(version=issued, upload=pdf_upload(signed), by=people["secretary"])
    countersigned = pki.sign(signed, trust.signer, at=AT + datetime.timedelta(hours=1), field_name="Chu ky 2")

    second = signed_copy_upload(version=issued, upload=pdf_upload(countersigned), by=people["board"])

    assert official_copy(issued) == second != first
    assert [row["signed_at"] for row in second.signers] == ["2018-01-05T09:30:00+07:00", "2018-01-05T10:30:00+07:00"]


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_others_may_not_upload(issued, signed, people, role, tmp_path):
    with pytest.raises(PermissionDenied):
        signed_copy_upload(version=issued, upload=pdf_upload(signed), by=people[role])

    assert not SignedCopy.objects.exists() and stored_files(tmp_path) == []


def refused(version, data: bytes, by, tmp_path) -> str:
    with pytest.raises(ValidationError) as error:
        signed_copy_upload(version=version, upload=pdf_upload(data), by=by)
    assert not SignedCopy.objects.exists() and stored_files(tmp_path) == []
    return " | ".join(error.value.messages)


def test_a_copy_signed_under_an_untrusted_ca_is_refused_with_the_reason(issued, trust, people, tmp_path):
    data = trust.sign(issued.file.open("rb").read(), trust.stranger)

    said = refused(issued, data, people["secretary"], tmp_path)

    assert "Chữ ký của “Trần Văn Lạ, Không rõ”: Chứng thư không chuỗi tới chứng thư gốc tin cậy nào" in said


def test_a_changed_copy_is_refused(issued, signed, people, tmp_path):
    changed = bytearray(signed)
    changed[len(signed) // 3] ^= 0x01

    assert "Nội dung đã bị sửa sau khi ký" in refused(issued, bytes(changed), people["secretary"], tmp_path)


def test_a_certificate_expired_at_signing_time_is_refused(issued, trust, people, tmp_path):
    expired = pki.make_signer(
        "Hết Hạn", trust.root, not_before=AT - datetime.timedelta(days=800), not_after=AT - datetime.timedelta(days=1)
    )
    data = trust.sign(issued.file.open("rb").read(), expired, at=AT)

    assert "đã hết hạn hoặc chưa có hiệu lực" in refused(issued, data, people["secretary"], tmp_path)


def test_the_issued_file_itself_is_no_signed_copy(issued, people, tmp_path):
    said = refused(issued, issued.file.open("rb").read(), people["secretary"], tmp_path)

    assert "chính bản đã phát hành" in said


def test_a_copy_of_another_document_is_refused(issued, trust, people, tmp_path):
    other = small_pdf("Văn bản khác", attachment={"khac": True})

    said = refused(issued, trust.sign(other), people["secretary"], tmp_path)

    assert "không phải là văn bản do hệ thống phát hành" in said
    assert f"Tệp không phải là bản của biên bản phiên bản 1 (mã {issued.code})" in said


def test_a_copy_of_a_replaced_version_is_refused(issued, signed, people, tmp_path):
    issue(next_version(issued.meeting, people["board"]), small_pdf("Phiên bản 2", attachment={"v": 2}))

    said = refused(issued, signed, people["secretary"], tmp_path)

    assert "đã được thay thế bởi phiên bản 2" in said


def test_a_version_not_issued_yet_takes_no_copy(issued, signed, people, tmp_path):
    MinutesVersion.objects.filter(pk=issued.pk).update(status=MinutesVersion.Status.FAILED)
    issued.refresh_from_db()

    assert "chưa có tệp đã phát hành" in refused(issued, signed, people["secretary"], tmp_path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "Tệp rỗng."),
        (b"PK\x03\x04 not a pdf", "Tệp không phải là tệp PDF."),
        (b"%PDF-1.7" + b" " * SIGNED_COPY_MAX_BYTES, "quá giới hạn 20 MB"),
    ],
)
def test_files_that_are_no_pdf_or_too_big_are_refused(issued, people, tmp_path, content, reason):
    assert reason in refused(issued, content, people["secretary"], tmp_path)


def test_the_same_copy_twice_is_refused(issued, signed, people, tmp_path):
    signed_copy_upload(version=issued, upload=pdf_upload(signed), by=people["secretary"])

    with pytest.raises(ValidationError, match="đã được tải lên"):
        signed_copy_upload(version=issued, upload=pdf_upload(signed), by=people["board"])
    assert SignedCopy.objects.count() == 1 and len(stored_files(tmp_path)) == 1


# -- the pages --------------------------------------------------------------------------------------------------


def test_the_secretary_uploads_from_the_status_page_and_the_download_serves_the_copy(client, issued, signed, people):
    login(client, people["secretary"])
    page = client.get(status_url(issued)).content.decode()
    assert upload_url(issued) in page and 'enctype="multipart/form-data"' in page
    assert "Chưa có bản ký số" in page

    response = client.post(upload_url(issued), {"file": pdf_upload(signed)})

    assert response.status_code == 302 and response["Location"] == status_url(issued)
    page = client.get(status_url(issued)).content.decode()
    assert "Bản có chữ ký số" in page and "Nguyễn Văn An, Sở Tài chính" in page and "05/01/2018 09:30:00" in page
    download = client.get(download_url(issued))
    assert download.status_code == 200 and b"".join(download.streaming_content) == signed
    # A member of the bloc sees the official copy too, without the upload form.
    client.logout()
    login(client, people["member"])
    page = client.get(status_url(issued)).content.decode()
    assert "Nguyễn Văn An, Sở Tài chính" in page and upload_url(issued) not in page
    assert b"".join(client.get(download_url(issued)).streaming_content) == signed


def test_without_a_signed_copy_the_download_serves_the_issued_file(client, issued, people):
    login(client, people["member"])

    assert b"".join(client.get(download_url(issued)).streaming_content) == issued.file.open("rb").read()


def test_an_invalid_copy_is_shown_again_with_its_reasons_and_nothing_is_stored(client, issued, trust, people, tmp_path):
    login(client, people["secretary"])
    data = trust.sign(issued.file.open("rb").read(), trust.stranger)

    response = client.post(upload_url(issued), {"file": pdf_upload(data)})

    assert response.status_code == 200
    assert "Chứng thư không chuỗi tới chứng thư gốc tin cậy nào" in response.content.decode()
    assert not SignedCopy.objects.exists() and stored_files(tmp_path) == []


def test_a_post_without_a_file_is_refused_beside_the_field(client, issued, people):
    login(client, people["board"])

    response = client.post(upload_url(issued), {})

    assert response.status_code == 200 and response.context["signed_copy_form"].errors["file"]
    assert not SignedCopy.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("member", 403), ("outsider", 404)])
def test_a_member_is_refused_and_an_outsider_does_not_see_the_meeting(client, issued, signed, people, role, status):
    login(client, people[role])

    assert client.post(upload_url(issued), {"file": pdf_upload(signed)}).status_code == status
    assert not SignedCopy.objects.exists()


def test_anonymous_is_sent_to_login_and_get_is_not_allowed(client, issued, people):
    assert client.post(upload_url(issued)).status_code == 302
    login(client, people["secretary"])
    assert client.get(upload_url(issued)).status_code == 405
