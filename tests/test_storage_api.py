"""Stored documents go through Django's storage API only (#14 point 9), so production may keep them in an object
store shared by several machines: with an in-memory storage as the default storage, a meeting's minutes are
rendered, downloaded, backed up and restored, and nothing is ever written under MEDIA_ROOT.

``transaction=True``: the backup's database copy (pg_dump, or SQLite's backup API on another connection) sees
committed rows only.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile

import pytest
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from members.models import User
from members.tests.factories import PASSWORD, UserFactory
from ops import backup
from records.models import MinutesVersion
from records.services import meeting_finalize, minutes_render
from records.tests.records import quang_ngai_2017

IN_MEMORY = "django.core.files.storage.InMemoryStorage"


def use_in_memory_storage(settings) -> None:
    """A new, empty in-memory storage as the default storage. Changing STORAGES resets the storages handler
    and the lazy ``default_storage`` (django.test.signals.storages_changed); FileFields use the latter."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": IN_MEMORY}}
    assert default_storage.__class__ is InMemoryStorage
    assert backup.stored_names(default_storage) == []


@pytest.fixture
def media_root(settings, tmp_path):
    """A MEDIA_ROOT that must never be made: only a storage writing files by path would make it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def sent_tasks(monkeypatch) -> list[int]:
    """Finalizing queues the render on commit: recorded instead of sent; the test renders itself."""
    from records.tasks import render_minutes_version

    sent: list[int] = []
    monkeypatch.setattr(render_minutes_version, "apply_async", lambda args, **options: sent.append(args[0]))
    return sent


def download(client, meeting) -> tuple[bytes, int]:
    response = client.get(reverse("meetings:minutes_download", kwargs={"pk": meeting.pk, "doc": "bien-ban"}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content), int(response["Content-Length"])


@pytest.mark.django_db(transaction=True)
def test_render_download_backup_and_restore_through_an_in_memory_storage(
    settings, media_root, sent_tasks, client, tmp_path
):
    use_in_memory_storage(settings)
    meeting = quang_ngai_2017()
    board = UserFactory(role=User.Role.BOARD_STAFF, organizer=meeting.bloc.organizer)
    meeting_finalize(meeting=meeting, by=board)
    queued = MinutesVersion.objects.get(meeting=meeting, document=MinutesVersion.Document.MINUTES)
    made = MinutesVersion.objects.filter(meeting=meeting).order_by("pk")
    assert sent_tasks == list(made.values_list("pk", flat=True))
    assert sent_tasks[0] == queued.pk  # the minutes, then the vote count and the score table

    # Render (WeasyPrint, as the worker would), stored through the storage.
    version = minutes_render(version_id=queued.pk)
    assert version.status == MinutesVersion.Status.READY
    stored = [version.file.name]
    assert backup.stored_names(default_storage) == stored
    with default_storage.open(version.file.name, "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000

    # Download through the permission-checked view: the same bytes, read from the storage.
    assert client.login(username=board.username, password=PASSWORD)
    assert download(client, meeting) == (pdf, len(pdf))

    # Backup to an archive on the real filesystem: the PDF is in it, under its stored name.
    archive = tmp_path / "backups" / "thidua.tar.gz"
    archive.parent.mkdir()
    out = io.StringIO()
    call_command("backup", "-o", str(archive), stdout=out)
    assert "và 1 tệp" in out.getvalue()
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert tar.extractfile(f"media/{version.file.name}").read() == pdf
    assert {"path": version.file.name, "size": len(pdf), "sha256": hashlib.sha256(pdf).hexdigest()} in manifest["files"]
    assert len(manifest["files"]) == 1

    # Restore into an emptied in-memory storage (a new one: as after moving to a new, empty bucket).
    use_in_memory_storage(settings)
    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert "Đã khôi phục" in out.getvalue()
    assert backup.stored_names(default_storage) == stored
    with default_storage.open(version.file.name, "rb") as handle:
        assert handle.read() == pdf
    assert download(client, meeting) == (pdf, len(pdf))

    assert not media_root.exists()  # nothing anywhere went to MEDIA_ROOT by path


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_without_yes_naming_the_storage(settings, media_root, tmp_path):
    use_in_memory_storage(settings)
    archive = tmp_path / "thidua.tar.gz"
    call_command("backup", "-o", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match=r"mọi tệp lưu trữ \(InMemoryStorage\)"):
        call_command("restore", str(archive))
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    with pytest.raises(CommandError, match=rf"mọi tệp lưu trữ \(thư mục {media_root}\)"):
        call_command("restore", str(archive))
