"""Minutes versions: made at finalize, queued on commit, rendered once, never changed once ready."""

from __future__ import annotations

import datetime
import io
import logging
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone
from kombu.exceptions import OperationalError

from meetings.services import meeting_update
from pledges.models import Criterion, Pledge, Signature
from records import docx, rendering
from records.models import MinutesVersion
from records.services import (
    RENDERING_AFTER,
    meeting_finalize,
    meeting_reopen,
    minutes_render,
    minutes_sweep,
    minutes_version_retry,
)
from records.snapshot import content_hash
from records.tasks import render_minutes_version
from records.tests.conftest import FAKE_PDF, pdf_text

pytestmark = pytest.mark.django_db
Status = MinutesVersion.Status


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media: Path) -> list[Path]:
    return sorted((media / "minutes").glob("*")) if (media / "minutes").exists() else []


def test_finalize_makes_version_1_and_queues_it_only_after_commit(
    example_meeting, people, sent_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        meeting_finalize(meeting=example_meeting, by=people["secretary"])
        assert sent_tasks == []  # nothing reaches the broker before the transaction commits
    version = MinutesVersion.objects.get(document="minutes")
    # The minutes, then the vote count of its proposals and the score table of its ranking, one send each.
    documents = list(MinutesVersion.objects.order_by("pk").values_list("document", "pk"))
    assert [document for document, _pk in documents] == ["minutes", "vote_count", "scores"]
    assert len(callbacks) == 3 and sent_tasks == [pk for _document, pk in documents]
    assert (version.number, version.status, version.document) == (1, Status.QUEUED, "minutes")
    assert version.minutes_number == "01/BB-KTĐ" and version.created_by == people["secretary"]
    assert version.content_hash == content_hash(version.snapshot) and len(version.content_hash) == 64
    assert version.snapshot["interchange"]["format"] == "emulation-blocs/1"
    assert not version.file


def test_finalize_succeeds_when_the_broker_is_down(
    example_meeting, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(render_minutes_version, "apply_async", broker_down)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        meeting_finalize(meeting=example_meeting)
    example_meeting.refresh_from_db()
    assert example_meeting.is_finalized
    assert MinutesVersion.objects.get(document="minutes").status == Status.QUEUED
    assert "the sweep will send it again" in caplog.text


def test_render_stores_the_pdf_under_an_unguessable_name(example_meeting, fake_renderer, media):
    """The PDF/A is the stored copy; the Word file is made from the snapshot when downloaded (test_views.py)."""
    meeting_finalize(meeting=example_meeting)
    version = minutes_render(version_id=MinutesVersion.objects.get(document="minutes").pk)
    assert version.status == Status.READY and version.attempts == 1 and version.rendered_at
    assert version.file.name == f"minutes/{version.uid.hex}.pdf"
    assert not version.docx
    assert example_meeting.bloc.code not in version.file.name
    assert stored_files(media) == [media / version.file.name]
    assert default_storage.open(version.file.name).read() == FAKE_PDF


def test_rendering_the_same_version_twice_renders_once(example_meeting, fake_renderer, media):
    meeting_finalize(meeting=example_meeting)
    version_id = MinutesVersion.objects.get(document="minutes").pk
    first = minutes_render(version_id=version_id)
    second = minutes_render(version_id=version_id)
    assert len(fake_renderer) == 1
    assert (second.file.name, second.rendered_at, second.attempts) == (first.file.name, first.rendered_at, 1)
    assert len(stored_files(media)) == 1  # the PDF


def test_a_render_killed_after_writing_leaves_one_file_after_the_next_attempt(example_meeting, fake_renderer, media):
    meeting_finalize(meeting=example_meeting)
    version = MinutesVersion.objects.get(document="minutes")
    # What a worker killed between writing the files and committing leaves behind:
    name = version.file.field.generate_filename(version, "x.pdf")
    default_storage.save(name, io.BytesIO(b"half-written"))
    MinutesVersion.objects.filter(pk=version.pk).update(status=Status.RENDERING, attempts=1)
    version = minutes_render(version_id=version.pk)
    assert version.status == Status.READY and version.attempts == 2
    assert stored_files(media) == [media / name]
    assert default_storage.open(name).read() == FAKE_PDF


def test_when_two_workers_race_the_first_to_finish_wins(example_meeting, monkeypatch, media):
    meeting_finalize(meeting=example_meeting)
    version_id = MinutesVersion.objects.get(document="minutes").pk
    calls = []

    def render(snapshot):
        calls.append(1)
        if len(calls) == 1:  # while the first worker renders, the sweep's copy is rendered to the end
            minutes_render(version_id=version_id)
        return FAKE_PDF + str(len(calls)).encode()

    monkeypatch.setattr(rendering, "render_document", render)
    version = minutes_render(version_id=version_id)
    assert len(calls) == 2 and version.status == Status.READY
    assert default_storage.open(version.file.name).read() == FAKE_PDF + b"2"  # the first result stays
    assert len(stored_files(media)) == 1  # its PDF


def test_a_failed_render_records_why_and_a_secretary_can_retry(
    example_meeting, people, monkeypatch, sent_tasks, django_capture_on_commit_callbacks
):
    meeting_finalize(meeting=example_meeting)
    version = MinutesVersion.objects.get(document="minutes")

    def broken(snapshot):
        raise RuntimeError("hết bộ nhớ")

    monkeypatch.setattr(rendering, "render_document", broken)
    version = minutes_render(version_id=version.pk)
    assert version.status == Status.FAILED
    assert version.error == "Không tạo được tệp PDF: RuntimeError: hết bộ nhớ"
    with pytest.raises(PermissionDenied):
        minutes_version_retry(version=version, by=people["member"])
    with django_capture_on_commit_callbacks(execute=True):
        minutes_version_retry(version=version, by=people["secretary"])
    version.refresh_from_db()
    assert (version.status, version.error, sent_tasks) == (Status.QUEUED, "", [version.pk])
    with pytest.raises(ValidationError):
        minutes_version_retry(version=version, by=people["board"])  # only failed versions


def test_the_worker_makes_no_word_file(example_meeting, fake_renderer, monkeypatch, media):
    """A worker making the Word file too rendered 40 % fewer documents a second (bench/README.md): it is made
    when downloaded, from the same snapshot; a broken Word builder cannot fail the official PDF."""
    meeting_finalize(meeting=example_meeting)

    def broken(snapshot):
        raise ValueError("bảng không hợp lệ")

    monkeypatch.setattr(docx, "render_docx", broken)
    version = minutes_render(version_id=MinutesVersion.objects.get(document="minutes").pk)
    assert version.status == Status.READY and version.file and not version.docx


def test_reopening_and_finalizing_again_makes_version_2_with_the_reason(example_meeting, people, fake_renderer):
    board = people["board"]
    meeting_finalize(meeting=example_meeting, by=people["secretary"])
    first = minutes_render(version_id=MinutesVersion.objects.get(document="minutes").pk)
    frozen = (first.file.name, first.content_hash, first.snapshot, first.status, first.rendered_at)
    meeting_reopen(meeting=example_meeting, reason="Ghi sai tên người đại diện Sở Tài chính", by=board)
    meeting_update(meeting=example_meeting, venue="Hội trường Văn phòng UBND tỉnh")
    meeting_finalize(meeting=example_meeting, by=board)
    first.refresh_from_db()
    second = MinutesVersion.objects.get(document="minutes", number=2)
    assert (first.file.name, first.content_hash, first.snapshot, first.status, first.rendered_at) == frozen
    assert first.reopen_reason == "Ghi sai tên người đại diện Sở Tài chính"
    assert second.reason == "Ghi sai tên người đại diện Sở Tài chính"
    assert second.snapshot["meeting"]["venue"] == "Hội trường Văn phòng UBND tỉnh"
    assert second.content_hash != first.content_hash and second.status == Status.QUEUED


def test_sweep_resends_versions_stuck_in_queued_or_rendering(
    example_meeting, sent_tasks, django_capture_on_commit_callbacks
):
    meeting_finalize(meeting=example_meeting)
    version = MinutesVersion.objects.get(document="minutes")
    with django_capture_on_commit_callbacks(execute=True):
        assert minutes_sweep() == []  # just queued: the worker may simply be busy
    long_ago = timezone.now() - datetime.timedelta(minutes=2)
    MinutesVersion.objects.filter(pk=version.pk).update(status_changed_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert minutes_sweep() == [version.pk]
    assert sent_tasks == [version.pk]
    a_minute_ago = timezone.now() - datetime.timedelta(minutes=1)
    MinutesVersion.objects.filter(pk=version.pk).update(status=Status.RENDERING, status_changed_at=a_minute_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert minutes_sweep() == []  # within the render's time limit: it may still be going on
        past_the_limit = timezone.now() - RENDERING_AFTER
        MinutesVersion.objects.filter(pk=version.pk).update(status_changed_at=past_the_limit)
        assert minutes_sweep() == [version.pk]
    version.refresh_from_db()
    assert version.status == Status.QUEUED


def test_sweep_gives_up_on_a_version_whose_renders_keep_dying(example_meeting, sent_tasks):
    meeting_finalize(meeting=example_meeting)
    version = MinutesVersion.objects.get(document="minutes")
    MinutesVersion.objects.filter(pk=version.pk).update(
        status=Status.RENDERING, attempts=5, status_changed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert minutes_sweep() == []
    version.refresh_from_db()
    assert version.status == Status.FAILED and "5 lần" in version.error


def test_the_pledge_signed_at_the_meeting_goes_through_the_same_pipeline(example_meeting):
    meeting = example_meeting
    meeting_update(meeting=meeting, pledge_year=2018)
    pledge = Pledge.objects.create(bloc=meeting.bloc, year=2018, signed_on=datetime.date(2018, 1, 4))
    Criterion.objects.create(pledge=pledge, code="1", title="Hoàn thành xuất sắc nhiệm vụ chính trị", max_points=60)
    Criterion.objects.create(pledge=pledge, code="2", title="Xây dựng điển hình tiên tiến", max_points=Decimal("40.5"))
    agencies = list(meeting.attendances.select_related("agency"))
    Signature.objects.create(pledge=pledge, agency=agencies[0].agency, signer="Đinh Văn Ửng", title="Trưởng ban")
    meeting_finalize(meeting=meeting)
    versions = {v.document: v for v in MinutesVersion.objects.all()}
    assert set(versions) == {"minutes", "pledge", "vote_count", "scores"}
    assert versions["pledge"].number == 1 and versions["pledge"].minutes_number == ""
    version = minutes_render(version_id=versions["pledge"].pk)
    text = pdf_text(default_storage.open(version.file.name).read())
    assert "BẢN GIAO ƯỚC THI ĐUA NĂM 2018" in text
    assert "Hoàn thành xuất sắc nhiệm vụ chính trị 60" in text and "Tổng cộng 100,5" in text
    assert "BAN DÂN TỘC TỈNH Trưởng ban" in text and "Đinh Văn Ửng" in text
    assert "Quảng Ngãi, ngày 04 tháng 01 năm 2018" in text
    minutes = pdf_text(rendering.render_document(versions["minutes"].snapshot))
    assert "Ký kết giao ước thi đua năm 2018" in minutes


def test_celery_beat_runs_the_sweep_every_30_seconds(settings):
    from records.tasks import sweep_minutes_versions

    entry = settings.CELERY_BEAT_SCHEDULE["minutes-sweep"]
    assert entry == {"task": sweep_minutes_versions.name, "schedule": 30.0}
