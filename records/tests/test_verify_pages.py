"""The public verification pages /xac-minh/ and /xac-minh/<code>/: no login, rate-limited, a 404 in Vietnamese for
an unknown code, what the document prints and nothing else (of its province or another), and a PDF checked on
upload."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.tests.factories import OrganizerFactory, UserFactory
from records.models import MinutesVersion, SignedCopy
from records.signed_copies import signed_copy_upload
from records.tests.issued import issue, issued_minutes, next_version, small_pdf
from records.tests.records import quang_ngai_2017

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
AT = datetime.datetime(2018, 1, 5, 2, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def media(media_root):
    return media_root


def page_url(version: MinutesVersion) -> str:
    return reverse("verify:document", kwargs={"code": version.code})


def pdf_upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("ban-sao.pdf", data, content_type="application/pdf")


def test_the_document_page_is_public_and_says_what_the_document_is(client, issued):
    response = client.get(page_url(issued))

    assert response.status_code == 200
    page = response.content.decode()
    meeting = issued.meeting
    for shown in (
        meeting.bloc.organizer.name, meeting.bloc.name, meeting.display_title, "2018-01-04", "Biên bản",
        issued.code, issued.file_sha256, "Phiên bản hiện hành", "Chưa có bản ký số",
    ):  # fmt: skip
        assert shown in page, shown
    assert 'enctype="multipart/form-data"' in page  # the form to check a PDF
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_replaced_version_links_to_the_one_replacing_it(client, issued, people):
    second = next_version(issued.meeting, people["board"])

    page = client.get(page_url(issued)).content.decode()
    assert "Văn bản này đã được thay thế bởi phiên bản 2." in page
    assert second.code in page and page_url(second) not in page  # not issued yet: named, no page to open

    issue(second, small_pdf("Phiên bản 2", attachment={"v": 2}))
    page = client.get(page_url(issued)).content.decode()
    assert page_url(second) in page
    assert "Phiên bản hiện hành" in client.get(page_url(second)).content.decode()


def test_the_official_signed_copy_is_named_with_its_signers_and_times(client, issued, trust, people):
    signed = trust.sign(issued.file.open("rb").read(), at=AT)
    signed_copy_upload(version=issued, upload=pdf_upload(signed), by=people["secretary"])

    page = client.get(page_url(issued)).content.decode()

    assert "Nguyễn Văn An, Sở Tài chính — 05/01/2018 09:30:00" in page
    assert people["secretary"].username not in page  # who uploaded it is the application's business


@pytest.mark.parametrize("code", ["ABCD-EFGH-JKMN", "KHONG-PHAI-MA", "0000", "A" * 200])
def test_an_unknown_or_malformed_code_is_a_vietnamese_404(client, issued, code):
    response = client.get(f"/xac-minh/{code}/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_a_version_not_issued_yet_has_no_page(client, issued, people):
    second = next_version(issued.meeting, people["board"])  # queued: its code is printed nowhere yet

    assert client.get(page_url(second)).status_code == 404


def test_a_code_typed_loosely_goes_to_its_page(client, issued):
    typed = issued.code.lower().replace("-", " ")

    response = client.get(reverse("verify:lookup"), {"code": typed})
    assert response.status_code == 302 and response["Location"] == page_url(issued)
    loose = client.get(f"/xac-minh/{issued.code.replace('-', '').lower()}/")
    assert loose.status_code == 302 and loose["Location"] == page_url(issued)


def test_the_lookup_page_is_public_and_lists_nothing(client, issued):
    response = client.get(reverse("verify:lookup"))

    assert response.status_code == 200
    page = response.content.decode()
    assert issued.meeting.bloc.name not in page and issued.meeting.bloc.organizer.name not in page
    assert issued.code not in page


def test_a_malformed_code_is_said_beside_the_field(client, issued):
    response = client.get(reverse("verify:lookup"), {"code": "K7QM-2XDP"})

    assert response.status_code == 200
    assert "Mã xác minh gồm 12 ký tự" in response.content.decode()


def test_nothing_of_another_province_shows(client, issued, sent_tasks, example_pdf):
    other = quang_ngai_2017(organizer_code="BDH")
    other.bloc.organizer.name = "Ủy ban nhân dân tỉnh Bí Mật"
    other.bloc.organizer.save(update_fields=["name"])
    secretary = UserFactory(organizer=other.bloc.organizer)
    theirs = issued_minutes(other, secretary, small_pdf("Tỉnh khác", attachment={"tinh": "khac"}))

    ours = client.get(page_url(issued)).content.decode()
    assert "Bí Mật" not in ours and theirs.code not in ours
    # Who holds B's code sees B's document, and only it.
    page = client.get(page_url(theirs)).content.decode()
    assert "Bí Mật" in page and issued.code not in page and issued.file_sha256 not in page


def test_the_public_upload_returns_the_report(client, issued, trust):
    signed = trust.sign(issued.file.open("rb").read(), at=AT)

    response = client.post(reverse("verify:lookup"), {"file": pdf_upload(signed)})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Tệp là bản có chữ ký số hợp lệ của văn bản đã phát hành" in page
    assert issued.code in page and "Nguyễn Văn An, Sở Tài chính" in page and "chưa kiểm tra thu hồi" in page
    assert not SignedCopy.objects.exists()  # checked, never kept


def test_the_document_page_checks_a_file_against_its_document(client, issued, trust):
    response = client.post(page_url(issued), {"file": pdf_upload(issued.file.open("rb").read())})
    assert "Tệp chính là văn bản đã phát hành, phiên bản hiện hành." in response.content.decode()

    foreign = trust.sign(small_pdf("Văn bản khác", attachment={"khac": 1}), trust.stranger)
    page = client.post(page_url(issued), {"file": pdf_upload(foreign)}).content.decode()
    assert "Tệp không được xác nhận" in page
    assert f"Tệp không phải là bản của biên bản phiên bản 1 (mã {issued.code})." in page
    assert "Chứng thư không chuỗi tới chứng thư gốc tin cậy nào" in page


@pytest.mark.parametrize(
    ("content", "said"), [(b"", "Tập tin được gửi là rỗng."), (b"not a pdf at all", "Tệp không phải là tệp PDF.")]
)
def test_an_upload_that_is_no_pdf_is_answered_not_failed(client, issued, content, said):
    response = client.post(reverse("verify:lookup"), {"file": SimpleUploadedFile("x.pdf", content)})

    assert response.status_code == 200 and said in response.content.decode()


def test_signed_in_users_see_the_same_pages(client, issued, people):
    client.force_login(people["board"])

    assert client.get(page_url(issued)).status_code == 200
    assert client.get(reverse("verify:lookup")).status_code == 200


def test_the_31st_request_in_a_minute_from_one_address_is_refused(client, issued):
    for _ in range(30):
        assert client.get(page_url(issued), REMOTE_ADDR="203.0.113.7").status_code == 200

    refused = client.get(reverse("verify:lookup"), REMOTE_ADDR="203.0.113.7")

    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert "Quá nhiều yêu cầu" in refused.content.decode()
    assert client.get(page_url(issued), REMOTE_ADDR="203.0.113.8").status_code == 200  # another address


def test_uploads_are_limited_to_six_a_minute(client, issued):
    data = issued.file.open("rb").read()
    for _ in range(6):
        assert client.post(reverse("verify:lookup"), {"file": pdf_upload(data)}).status_code == 200

    assert client.post(reverse("verify:lookup"), {"file": pdf_upload(data)}).status_code == 429
    assert client.get(reverse("verify:lookup")).status_code == 200  # reading still allowed


def test_an_unknown_province_code_leaks_no_organizer(client, db):
    OrganizerFactory(name="Ủy ban nhân dân tỉnh Không Liên Quan")

    page = client.get(reverse("verify:lookup")).content.decode()

    assert "Không Liên Quan" not in page


def test_the_document_page_takes_three_queries(client, issued, django_assert_num_queries):
    # The version with its meeting, bloc and province; a newer version; the official copy.
    with django_assert_num_queries(3):
        assert client.get(page_url(issued)).status_code == 200
