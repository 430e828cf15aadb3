"""Backups: ``manage.py backup`` then ``manage.py restore`` gives back the same database and the same files.

The data must be committed for pg_dump to see it (``transaction=True``); the commands work on the test
database pytest-django made (on SQLite a file under THIDUA_TEST_RUN_DIR, see config/settings/test.py).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import sqlite3
import tarfile
import tempfile
from contextlib import closing
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from blocs.tests.factories import bloc_with_members
from interchange.exporter import export_organizer
from meetings.models import Meeting
from meetings.services import attendance_record, meeting_create
from members.models import Agency, Organizer, User
from members.tests.factories import UserFactory
from ops import backup
from records import rendering
from records.models import MinutesVersion
from records.services import meeting_finalize, meeting_reopen
from records.snapshot import content_hash
from records.tests.records import quang_ngai_2017
from tests.project import RECORD_APPS

# Committed data, visible to pg_dump and pg_restore's connections.
committed = pytest.mark.django_db(transaction=True)

COMPARED_APPS = [*RECORD_APPS, "auth", "contenttypes"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    """A MEDIA_ROOT of the test's own: a restore empties it of everything the archive lacks."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def local_tmp(tmp_path, monkeypatch) -> Path:
    """A TMPDIR of the test's own: a restore's work folder goes there, and must not stay behind."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture(autouse=True)
def no_broker(monkeypatch) -> list[int]:
    """Finalizing queues a render on commit: keep it off the broker; the test renders itself."""
    from records.tasks import render_minutes_version

    sent: list[int] = []
    monkeypatch.setattr(render_minutes_version, "apply_async", lambda args, **options: sent.append(args[0]))
    return sent


@pytest.fixture
def fake_renderer(monkeypatch):
    """A different small PDF per snapshot, with every byte value in it (no text-mode damage goes unseen)."""

    def render(snapshot: dict) -> bytes:
        return b"%PDF-1.7\n%" + bytes(range(256)) + f"\n% {content_hash(snapshot)}\n%%EOF\n".encode()

    monkeypatch.setattr(rendering, "render_document", render)


def database_state() -> dict[str, list[dict]]:
    """Every row of every model of the compared apps (many-to-many tables included), in pk order."""
    state = {}
    for label in COMPARED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            state[model._meta.label] = list(model._base_manager.order_by("pk").values())
    return state


def stored_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def province(fake_renderer, media):
    """The Quảng Ngãi 2017 year-end review finalized twice (two minutes PDFs), a draft mid-year meeting,
    users, and a stored file no row points at, under a sub-folder with a Vietnamese name."""
    meeting = quang_ngai_2017()
    organizer = meeting.bloc.organizer
    board = UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer, first_name="Nguyễn Văn", last_name="Á")
    UserFactory(organizer=organizer, agency=meeting.attendances.first().agency)
    meeting_finalize(meeting=meeting, by=board)
    from records.services import minutes_render

    minutes_render(version_id=MinutesVersion.objects.get(meeting=meeting, document="minutes").pk)
    meeting_reopen(meeting=meeting, reason="Sửa tên người chủ trì", by=board)
    meeting_finalize(meeting=meeting, by=board)
    minutes_render(version_id=MinutesVersion.objects.get(meeting=meeting, document="minutes", number=2).pk)
    draft = meeting_create(
        bloc=meeting.bloc, kind=Meeting.Kind.MID_YEAR_REVIEW, year=2018, held_on=datetime.date(2018, 7, 10)
    )
    attendance_record(
        meeting=draft,
        rows=[{"agency": a.agency, "present": True} for a in meeting.attendances.select_related("agency")[:5]],
    )
    default_storage.save("lưu trữ/Công văn số 12.txt", io.BytesIO("Công văn đã ký.\n".encode()))
    assert MinutesVersion.objects.filter(status="ready").count() == 2
    return meeting, draft


@committed
def test_round_trip_restores_the_same_database_and_files(province, media, tmp_path, local_tmp):
    meeting, draft = province
    organizer = meeting.bloc.organizer
    before_rows, before_files = database_state(), stored_files(media)
    before_export = export_organizer(organizer)
    # Two ready minutes versions (a PDF each; the Word file is made when downloaded) and an archived letter.
    assert len(before_files) == 3 and all(before_rows[label] for label in ("meetings.Meeting", "meetings.Proposal"))

    archive = tmp_path / "backups" / "thidua.tar.gz"
    archive.parent.mkdir()
    out = io.StringIO()
    call_command("backup", "-o", str(archive), stdout=out)
    assert "Đã sao lưu" in out.getvalue() and "3 tệp" in out.getvalue()
    assert [p.name for p in archive.parent.iterdir()] == ["thidua.tar.gz"]  # no temporary file left
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["format"] == "thidua-backup/1" and manifest["engine"] == connection.vendor
    assert manifest["database"]["name"] == str(connection.settings_dict["NAME"])
    assert manifest["migrations"]["meetings"].startswith("00")
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == {
        name: hashlib.sha256(data).hexdigest() for name, data in before_files.items()
    }

    # Life goes on: a meeting deleted, an agency renamed, a user added, a PDF lost, a file rewritten, stray files.
    Meeting.objects.filter(pk=draft.pk).delete()
    Agency.objects.filter(organizer=organizer, code="STC").update(name="Sở Tài chính (đổi tên)")
    UserFactory(username="nguoimoi")
    lost = MinutesVersion.objects.filter(meeting=meeting, document="minutes").order_by("number").first().file.name
    default_storage.delete(lost)
    (media / "lưu trữ" / "Công văn số 12.txt").write_bytes("Công văn đã sửa.\n".encode())
    (media / "minutes" / "lạc.pdf").write_bytes(b"%PDF stray")
    (media / "tạm").mkdir()
    (media / "tạm" / "x.bin").write_bytes(b"\x00")
    assert database_state() != before_rows and stored_files(media) != before_files

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert "Đã khôi phục" in out.getvalue()

    assert database_state() == before_rows
    assert export_organizer(Organizer.objects.get(pk=organizer.pk)) == before_export
    # Byte for byte; the stray files are gone (their emptied folder "tạm" may stay: the storage API deletes
    # files, and a folder is no stored file).
    assert stored_files(media) == before_files
    for version in MinutesVersion.objects.filter(status="ready"):
        with default_storage.open(version.file.name) as handle:
            assert handle.read() == before_files[version.file.name]
    assert list(local_tmp.iterdir()) == []  # the work folder is removed

    # The restored database is a working one: it takes new rows after the restored ids.
    newest = User.objects.order_by("-pk").first().pk
    assert UserFactory(username="sau-khoi-phuc").pk > newest


# Refusals: nothing changes.


@pytest.fixture
def small(media, tmp_path):
    """A small province, two stored files, their archive; then changes made after the backup: an agency
    renamed and a file added."""
    _bloc, agencies = bloc_with_members(3)
    default_storage.save("minutes/a.pdf", io.BytesIO(b"%PDF-1.7 a"))
    default_storage.save("lưu trữ/c.txt", io.BytesIO("Công văn c".encode()))
    archive = tmp_path / "small.tar.gz"
    call_command("backup", "-o", str(archive), stdout=io.StringIO())
    Agency.objects.filter(pk=agencies[0].pk).update(name="Đổi sau khi sao lưu")
    (media / "minutes" / "b.pdf").write_bytes(b"%PDF-1.7 b")
    return archive


def diverge(media: Path) -> None:
    """More changes to the stored files since ``small``'s backup: one of its files rewritten with other bytes,
    one deleted. A restore has to overwrite the first, write the second, delete b.pdf."""
    (media / "minutes" / "a.pdf").write_bytes(b"%PDF-1.7 a, edited after the backup")
    (media / "lưu trữ" / "c.txt").unlink()


def fail_storage(monkeypatch, method: str, name: str, *, calls: tuple[int, ...] = (1,), written=False) -> None:
    """Make the folder storage's ``method`` fail for ``name`` on these calls (counted from 1), as an object
    store that went away would. ``written``: the failing ``save`` writes the file first (the upload went
    through, its answer was lost)."""
    original = getattr(FileSystemStorage, method)
    seen = []

    def failing(self, stored_name, *args, **kwargs):
        if stored_name == name:
            seen.append(stored_name)
            if len(seen) in calls:
                if written:
                    original(self, stored_name, *args, **kwargs)
                raise OSError(f"kho tệp không trả lời ({stored_name})")
        return original(self, stored_name, *args, **kwargs)

    monkeypatch.setattr(FileSystemStorage, method, failing)


def fail_database_step(monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise backup.BackupError("hỏng giữa chừng")

    monkeypatch.setattr(backup, "_pg_restore" if connection.vendor == "postgresql" else "_sqlite_restore", fail)


def members_of(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


def write_archive(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def flip_last_byte(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 1])


def _altered_file(members):
    members["media/minutes/a.pdf"] = flip_last_byte(members["media/minutes/a.pdf"])


def _altered_database(members):
    name = next(n for n in members if n.startswith("database."))
    members[name] = flip_last_byte(members[name])


def _unlisted_file(members):
    members["media/minutes/them.pdf"] = b"%PDF added later"


def _missing_file(members):
    del members["media/minutes/a.pdf"]


def _escaping_path(members):
    members["media/../../thoát.txt"] = b"outside"


def _no_manifest(members):
    del members["manifest.json"]


DAMAGES = [
    (_altered_file, "sha256 của “media/minutes/a.pdf” không khớp"),
    (_altered_database, "sha256 của “database."),
    (_unlisted_file, "“media/minutes/them.pdf” không ghi trong danh mục"),
    (_missing_file, "thiếu “media/minutes/a.pdf”"),
    (_escaping_path, "mục lạ “media/../../thoát.txt”"),
    (_no_manifest, "thiếu hoặc hỏng manifest.json"),
    (None, "không đọc được"),  # cut short
]


@committed
def test_a_damaged_archive_is_refused_and_nothing_changes(small, media, tmp_path, local_tmp):
    # One test for every damage: each transactional test costs a flush of every table on PostgreSQL.
    rows, files = database_state(), stored_files(media)
    for tamper, why in DAMAGES:
        damaged = tmp_path / "damaged.tar.gz"
        if tamper is None:
            data = small.read_bytes()
            damaged.write_bytes(data[: len(data) // 2])
        else:
            members = members_of(small)
            tamper(members)
            write_archive(damaged, members)
        with pytest.raises(CommandError, match="bị hỏng hoặc đã bị sửa đổi") as refused:
            call_command("restore", str(damaged), "--yes")
        assert why in str(refused.value) and "không có gì thay đổi" in str(refused.value), why
        assert database_state() == rows and stored_files(media) == files, why
        assert list(local_tmp.iterdir()) == [] and not (tmp_path / "thoát.txt").exists(), why
        with pytest.raises(CommandError, match="bị hỏng"):
            call_command("restore", str(damaged), "--check")


@committed
def test_restore_without_yes_explains_and_changes_nothing(small, media):
    rows, files = database_state(), stored_files(media)
    with pytest.raises(CommandError, match=r"THAY THẾ toàn bộ cơ sở dữ liệu.*--yes"):
        call_command("restore", str(small))
    assert database_state() == rows and stored_files(media) == files
    out = io.StringIO()
    call_command("restore", str(small), "--check", stdout=out)
    assert "Tệp sao lưu nguyên vẹn" in out.getvalue() and "2 tệp" in out.getvalue()
    assert database_state() == rows and stored_files(media) == files


def _forged(tmp_path: Path, engine: str, **manifest) -> Path:
    """An archive whose checksums are right, made for ``engine`` (a real, empty SQLite file for SQLite)."""
    if engine == "sqlite":
        path = tmp_path / "forged.sqlite3"
        with closing(sqlite3.connect(path)) as db:
            db.execute("CREATE TABLE t (x)")
            db.commit()
        dump = path.read_bytes()
    else:
        dump = b"PGDMP forged"
    name = backup.DUMP[engine]
    manifest = {
        "format": backup.FORMAT,
        "created_at": "2026-01-01T00:00:00+07:00",
        "engine": engine,
        "database": {"name": "x", "file": name, "size": len(dump), "sha256": hashlib.sha256(dump).hexdigest()},
        "migrations": {},
        "files": [],
        **manifest,
    }
    return write_archive(tmp_path / "forged.tar.gz", {name: dump, "manifest.json": json.dumps(manifest).encode()})


@committed
def test_an_archive_of_the_other_database_engine_is_refused(small, media, tmp_path):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    rows, files = database_state(), stored_files(media)
    with pytest.raises(CommandError, match=r"Bản sao lưu là của cơ sở dữ liệu .*không có gì thay đổi"):
        call_command("restore", str(_forged(tmp_path, other)), "--yes")
    assert database_state() == rows and stored_files(media) == files


@committed
def test_an_archive_from_a_newer_version_of_the_code_is_refused(small, media, tmp_path):
    forged = _forged(tmp_path, connection.vendor, migrations={"meetings": "9999_from_the_future"})
    rows, files = database_state(), stored_files(media)
    with pytest.raises(CommandError, match=r"phiên bản ứng dụng mới hơn.*meetings.9999_from_the_future"):
        call_command("restore", str(forged), "--yes")
    assert database_state() == rows and stored_files(media) == files


@committed
def test_when_the_database_step_fails_the_old_files_are_put_back(small, media, monkeypatch, local_tmp):
    diverge(media)
    rows, files = database_state(), stored_files(media)
    fail_database_step(monkeypatch)
    with pytest.raises(CommandError, match="hỏng giữa chừng"):
        call_command("restore", str(small), "--yes")
    # a.pdf was overwritten and c.txt written before the database step: a.pdf has its old bytes again, c.txt
    # is gone again, b.pdf (deleted only after the database step) was never touched.
    assert database_state() == rows and stored_files(media) == files
    assert list(local_tmp.iterdir()) == []


@committed
def test_when_a_file_cannot_be_written_nothing_changes(small, media, monkeypatch, local_tmp):
    diverge(media)
    rows, files = database_state(), stored_files(media)
    fail_storage(monkeypatch, "save", "minutes/a.pdf", written=True)  # after c.txt was written
    with pytest.raises(OSError, match="kho tệp không trả lời"):
        call_command("restore", str(small), "--yes")
    assert database_state() == rows and stored_files(media) == files
    assert list(local_tmp.iterdir()) == []


@committed
def test_when_the_old_files_cannot_be_put_back_the_error_says_where_they_are(small, media, monkeypatch, local_tmp):
    diverge(media)
    rows, files = database_state(), stored_files(media)
    fail_database_step(monkeypatch)
    fail_storage(monkeypatch, "save", "minutes/a.pdf", calls=(2,))  # written by the restore, not put back
    with pytest.raises(CommandError) as failed:
        call_command("restore", str(small), "--yes")
    message = str(failed.value)
    assert message.startswith("hỏng giữa chừng\nKhông đặt lại được các tệp lưu trữ cũ (“minutes/a.pdf”: kho tệp")
    assert "Cơ sở dữ liệu không thay đổi" in message and "chạy lại lệnh restore" in message
    assert database_state() == rows
    # The rest was undone (c.txt deleted again, b.pdf untouched); a.pdf is missing, and its old bytes are
    # where the message says.
    [work] = local_tmp.iterdir()
    old = work / "old"
    assert str(old) in message
    assert (old / "minutes" / "a.pdf").read_bytes() == files["minutes/a.pdf"]
    assert stored_files(media) == {"minutes/b.pdf": files["minutes/b.pdf"]}

    # Once the storage answers again, the same restore goes through.
    monkeypatch.undo()
    call_command("restore", str(small), "--yes", stdout=io.StringIO())
    assert stored_files(media) == {"minutes/a.pdf": b"%PDF-1.7 a", "lưu trữ/c.txt": "Công văn c".encode()}


@committed
def test_a_stored_file_the_archive_lacks_that_cannot_be_deleted_is_reported(small, media, monkeypatch, local_tmp):
    fail_storage(monkeypatch, "delete", "minutes/b.pdf")
    out, err = io.StringIO(), io.StringIO()
    call_command("restore", str(small), "--yes", stdout=out, stderr=err)
    assert "Đã khôi phục" in out.getvalue()
    assert "Không xoá được 1 tệp lưu trữ không có trong bản sao lưu (minutes/b.pdf)" in err.getvalue()
    assert not Agency.objects.filter(name="Đổi sau khi sao lưu").exists()  # the database is the archive's
    assert stored_files(media) == {
        "minutes/a.pdf": b"%PDF-1.7 a",
        "lưu trữ/c.txt": "Công văn c".encode(),
        "minutes/b.pdf": b"%PDF-1.7 b",
    }
    assert list(local_tmp.iterdir()) == []


@committed
def test_files_stored_with_the_same_bytes_are_not_written_again(small, media, monkeypatch):
    saved = []
    original = FileSystemStorage._save
    monkeypatch.setattr(
        FileSystemStorage, "_save", lambda self, name, content: saved.append(name) or original(self, name, content)
    )
    call_command("restore", str(small), "--yes", stdout=io.StringIO())
    assert saved == []  # a.pdf and c.txt were already there, byte for byte
    assert stored_files(media) == {"minutes/a.pdf": b"%PDF-1.7 a", "lưu trữ/c.txt": "Công văn c".encode()}


@committed
def test_a_failed_backup_leaves_no_archive(small, tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("đĩa đầy")

    monkeypatch.setattr(backup, "_add_bytes", fail)  # the manifest, written last
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(OSError, match="đĩa đầy"):
        call_command("backup", "-o", str(folder / "b.tar.gz"))
    assert list(folder.iterdir()) == []


@committed
def test_a_backup_inside_media_root_is_refused(small, media):
    with pytest.raises(CommandError, match="MEDIA_ROOT"):
        call_command("backup", "-o", str(media / "b.tar.gz"))


def test_without_pg_dump_the_message_says_what_to_install(monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    with pytest.raises(backup.BackupError, match=r"Không tìm thấy lệnh pg_dump.*postgresql-client"):
        backup._pg_tool("pg_dump")


@pytest.mark.postgresql
@committed
def test_pg_dump_older_than_the_server_is_refused(monkeypatch, tmp_path):
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match="pg_dump là phiên bản 9, cũ hơn máy chủ PostgreSQL"):
        call_command("backup", "-o", str(tmp_path / "b.tar.gz"))
    assert not (tmp_path / "b.tar.gz").exists()
