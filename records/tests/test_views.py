"""The minutes pages: status, status JSON, download and retry, tried as each kind of user."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from members.tests.factories import PASSWORD
from records import rendering
from records.docx import render_docx
from records.models import MinutesVersion
from records.services import meeting_finalize, meeting_reopen, minutes_render
from records.tests.conftest import FAKE_PDF, docx_text

pytestmark = pytest.mark.django_db
Status = MinutesVersion.Status


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def ready(example_meeting, people, fake_renderer):
    """The example meeting with version 1 ready."""
    meeting_finalize(meeting=example_meeting, by=people["secretary"])
    return minutes_render(version_id=MinutesVersion.objects.get(document="minutes").pk)


@pytest.fixture
def two_versions(ready, example_meeting, people, fake_renderer):
    """Version 1 ready and version 2 (after a reopening) ready too."""
    meeting_reopen(meeting=example_meeting, reason="Sửa địa điểm", by=people["board"])
    meeting_finalize(meeting=example_meeting, by=people["board"])
    return ready, minutes_render(version_id=MinutesVersion.objects.get(document="minutes", number=2).pk)


def url(name: str, meeting, **kwargs) -> str:
    return reverse(f"meetings:{name}", kwargs={"pk": meeting.pk, "doc": "bien-ban", **kwargs})


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("name", ["minutes_status", "minutes_status_json", "minutes_download"])
def test_anonymous_is_sent_to_login(client, ready, name):
    response = client.get(url(name, ready.meeting))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["minutes_status", "minutes_status_json", "minutes_download"])
def test_outsider_gets_404(client, ready, people, name):
    assert login(client, people["outsider"]).get(url(name, ready.meeting)).status_code == 404


def test_outsider_gets_404_for_a_version_and_its_retry(client, ready, people):
    login(client, people["outsider"])
    assert client.get(url("minutes_version_download", ready.meeting, number=1)).status_code == 404
    assert client.post(url("minutes_retry", ready.meeting, number=1)).status_code == 404


@pytest.mark.parametrize("role", ["member", "secretary", "board"])
def test_member_secretary_and_board_download_the_current_version(client, ready, people, role):
    response = login(client, people[role]).get(url("minutes_download", ready.meeting))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == FAKE_PDF
    assert response["Cache-Control"] == "private, no-store"


def test_download_names_the_file_in_vietnamese_with_an_ascii_fallback(client, ready, people):
    response = login(client, people["member"]).get(url("minutes_download", ready.meeting))
    name = "Biên bản Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017 - KTĐ - 04-01-2018.pdf"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"bien-ban-tmth-2018-01-04-v1.pdf\"; filename*=UTF-8''{quote(name, safe='')}"
    )


@pytest.mark.parametrize(("role", "status"), [("member", 404), ("secretary", 404), ("board", 200)])
def test_older_versions_are_for_board_staff_only(client, two_versions, people, role, status):
    first, _second = two_versions
    login(client, people[role])
    assert client.get(url("minutes_version_download", first.meeting, number=1)).status_code == status
    current = client.get(url("minutes_version_download", first.meeting, number=2))
    assert current.status_code == 200
    assert "%28phi%C3%AAn%20b%E1%BA%A3n%202%29.pdf" in current["Content-Disposition"]


def test_board_sees_the_archive_of_versions_and_others_only_the_current_one(client, two_versions, people):
    board_page = login(client, people["board"]).get(url("minutes_status", two_versions[0].meeting)).content.decode()
    assert "Các phiên bản trước" in board_page and "Sửa địa điểm" in board_page
    client.logout()
    member_page = login(client, people["member"]).get(url("minutes_status", two_versions[0].meeting)).content.decode()
    assert "Các phiên bản trước" not in member_page and "Phiên bản 2" in member_page


def test_not_ready_yet_answers_with_a_page_that_polls_the_status(client, example_meeting, people):
    meeting_finalize(meeting=example_meeting)
    response = login(client, people["member"]).get(url("minutes_download", example_meeting))
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Đang chờ tạo tệp" in body and "Trang sẽ tự cập nhật" in body
    assert f'data-url="{url("minutes_status_json", example_meeting)}"' in body
    # The polling lives in a static script (the Content-Security-Policy allows no inline script): every 2 s.
    assert "js/minutes-status.js" in body
    script = (Path(settings.BASE_DIR) / "static" / "js" / "minutes-status.js").read_text(encoding="utf-8")
    assert "2000" in script and "box.dataset.url" in script
    assert "cdn" not in body.lower()


def test_status_json_follows_the_version(client, example_meeting, people, fake_renderer):
    login(client, people["member"])
    assert client.get(url("minutes_status_json", example_meeting)).json()["status"] is None
    meeting_finalize(meeting=example_meeting)
    data = client.get(url("minutes_status_json", example_meeting)).json()
    assert data["status"] == "queued" and data["download_url"] is None and data["minutes_number"] == "01/BB-KTĐ"
    minutes_render(version_id=MinutesVersion.objects.get(document="minutes").pk)
    data = client.get(url("minutes_status_json", example_meeting)).json()
    assert data["status"] == "ready" and data["download_url"] == url(
        "minutes_version_download", example_meeting, number=1
    )


def test_no_minutes_before_finalizing(client, example_meeting, people):
    login(client, people["board"])
    assert client.get(url("minutes_download", example_meeting)).status_code == 404
    assert "chưa chốt biên bản" in client.get(url("minutes_status", example_meeting)).content.decode()


@pytest.fixture
def failed(example_meeting, monkeypatch):
    meeting_finalize(meeting=example_meeting)

    def broken(snapshot):
        raise RuntimeError("không đọc được phông chữ")

    monkeypatch.setattr(rendering, "render_document", broken)
    return minutes_render(version_id=MinutesVersion.objects.get(document="minutes").pk)


def test_failure_shows_the_reason_and_a_retry_button_to_the_secretary(client, failed, people):
    body = login(client, people["secretary"]).get(url("minutes_status", failed.meeting)).content.decode()
    assert "RuntimeError: không đọc được phông chữ" in body
    assert url("minutes_retry", failed.meeting, number=1) in body and "csrfmiddlewaretoken" in body
    client.logout()
    body = login(client, people["member"]).get(url("minutes_status", failed.meeting)).content.decode()
    assert "không đọc được phông chữ" in body and url("minutes_retry", failed.meeting, number=1) not in body


@pytest.mark.parametrize("role", ["secretary", "board"])
def test_secretary_and_board_retry_a_failed_version(
    client, failed, people, role, sent_tasks, django_capture_on_commit_callbacks
):
    login(client, people[role])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("minutes_retry", failed.meeting, number=1))
    assert response.status_code == 302 and response["Location"] == url("minutes_status", failed.meeting)
    failed.refresh_from_db()
    assert failed.status == Status.QUEUED and sent_tasks == [failed.pk]


def test_member_may_not_retry_and_retry_needs_post(client, failed, people):
    login(client, people["member"])
    assert client.post(url("minutes_retry", failed.meeting, number=1)).status_code == 403
    client.logout()
    login(client, people["secretary"])
    assert client.get(url("minutes_retry", failed.meeting, number=1)).status_code == 405
    failed.refresh_from_db()
    assert failed.status == Status.FAILED


def test_retry_is_csrf_protected(failed, people):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    login(client, people["secretary"])
    assert client.post(url("minutes_retry", failed.meeting, number=1)).status_code == 403


def test_unknown_document_is_404(client, ready, people):
    login(client, people["board"])
    assert client.get(f"/hoi-nghi/{ready.meeting_id}/bien-ban-gia/").status_code == 404
    assert client.get(url("minutes_version_download", ready.meeting, number=9)).status_code == 404


def test_download_query_count_is_fixed(client, ready, people, django_assert_max_num_queries):
    login(client, people["member"])
    with django_assert_max_num_queries(8):
        client.get(url("minutes_download", ready.meeting))


def test_board_sees_versions_made_by_nobody_in_particular(client, two_versions, example_meeting, people):
    """A version made by the system (imported history, a command) has no creator: the list says "—"."""
    MinutesVersion.objects.filter(number=1).update(created_by=None)
    response = login(client, people["board"]).get(url("minutes_status", example_meeting))
    assert response.status_code == 200
    assert "—" in response.content.decode()


# ---- The Word file -------------------------------------------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize("name", ["minutes_docx_download", "minutes_version_docx"])
def test_anonymous_and_outsiders_get_no_word_file(client, ready, people, name):
    kwargs = {"number": 1} if name == "minutes_version_docx" else {}
    response = client.get(url(name, ready.meeting, **kwargs))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert login(client, people["outsider"]).get(url(name, ready.meeting, **kwargs)).status_code == 404


@pytest.mark.parametrize("role", ["member", "secretary", "board"])
def test_whoever_gets_the_pdf_gets_the_word_file_made_from_its_snapshot(client, ready, people, role):
    response = login(client, people[role]).get(url("minutes_docx_download", ready.meeting))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert response.content == render_docx(ready.snapshot)  # the same bytes every time
    assert response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"
    name = "Biên bản Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017 - KTĐ - 04-01-2018.docx"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"bien-ban-tmth-2018-01-04-v1.docx\"; filename*=UTF-8''{quote(name, safe='')}"
    )


@pytest.mark.parametrize(("role", "status"), [("member", 404), ("secretary", 404), ("board", 200)])
def test_the_word_file_of_an_older_version_is_for_board_staff_only(client, two_versions, people, role, status):
    first, _second = two_versions
    login(client, people[role])
    assert client.get(url("minutes_version_docx", first.meeting, number=1)).status_code == status
    current = client.get(url("minutes_version_docx", first.meeting, number=2))
    assert current.status_code == 200 and current["Content-Type"] == DOCX
    assert "%28phi%C3%AAn%20b%E1%BA%A3n%202%29.docx" in current["Content-Disposition"]


def test_a_version_that_stored_a_word_file_is_served_that_file(client, ready, people):
    """Versions rendered on 2026-12-05/06 stored a Word file beside the PDF: it is the one served."""
    stored = b"PK\x03\x04 the Word file stored then"
    ready.docx.save("bien-ban.docx", ContentFile(stored))
    response = login(client, people["member"]).get(url("minutes_docx_download", ready.meeting))
    assert b"".join(response.streaming_content) == stored


def test_the_word_file_is_made_from_the_snapshot_and_not_stored(client, ready, people):
    response = login(client, people["member"]).get(url("minutes_docx_download", ready.meeting))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    text = docx_text(response.content)
    assert "Số: 01/BB-KTĐ" in text and "Thư ký: Lê Thị Mỹ Dung, Chuyên viên, Văn phòng HĐND tỉnh." in text
    ready.refresh_from_db()
    assert not ready.docx  # served, not stored: a ready version never changes


def test_no_word_file_while_the_version_renders_or_before_finalizing(client, example_meeting, people):
    login(client, people["member"])
    assert client.get(url("minutes_docx_download", example_meeting)).status_code == 404
    meeting_finalize(meeting=example_meeting)
    response = client.get(url("minutes_docx_download", example_meeting))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Đang chờ tạo tệp" in response.content.decode()


def test_the_status_page_and_the_meeting_page_offer_the_word_file(client, two_versions, people):
    meeting = two_versions[0].meeting
    login(client, people["board"])
    status_page = client.get(url("minutes_status", meeting)).content.decode()
    assert "Tải Word (.docx)" in status_page
    assert url("minutes_version_docx", meeting, number=2) in status_page  # the current version
    assert url("minutes_version_docx", meeting, number=1) in status_page  # the archive
    meeting_page = client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).content.decode()
    assert url("minutes_docx_download", meeting) in meeting_page
    assert client.get(url("minutes_status_json", meeting)).json()["docx_url"] == url(
        "minutes_version_docx", meeting, number=2
    )


def test_word_download_query_count_is_fixed(client, ready, people, django_assert_max_num_queries):
    login(client, people["member"])
    with django_assert_max_num_queries(8):
        client.get(url("minutes_docx_download", ready.meeting))


def test_a_stored_file_gone_from_the_store_is_said_not_a_server_error(client, ready, people):
    """A restore from an older backup, an emptied bucket: the version says ready, its files are gone. The PDF's
    download says so on the status page (404); the Word file is made again from the snapshot."""
    ready.file.storage.delete(ready.file.name)
    login(client, people["member"])
    response = client.get(url("minutes_download", ready.meeting))
    assert response.status_code == 404
    assert "Không đọc được tệp PDF của phiên bản 1 trong kho lưu trữ" in response.content.decode()
    response = client.get(url("minutes_docx_download", ready.meeting))
    assert response.status_code == 200 and "BIÊN BẢN" in docx_text(
        b"".join(response.streaming_content if response.streaming else [response.content])
    )
