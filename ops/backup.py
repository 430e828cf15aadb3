"""Back up and restore everything the application keeps: the database and the stored files.

The stored files (minutes PDFs, imports waiting for confirmation) are read and written only through Django's
default storage, whatever it is: a folder (MEDIA_ROOT, on one machine or shared by several) or an
S3-compatible object store (config/settings/production.py).

One archive (``.tar.gz``) holds::

    database.dump       PostgreSQL: ``pg_dump --format=custom --no-owner --no-acl``
    database.sqlite3    (or) SQLite: a consistent copy made with SQLite's online backup API
    media/<name>        every stored file, under its name in the storage (minutes PDFs…)
    manifest.json       format, time, engine, database name, applied migrations, and the size and sha256
                        of every other member

The database is copied before the files are listed: a PDF rendered meanwhile is at worst an extra file in the
archive, never a row pointing at a file the archive lacks. The archive is written under a temporary name and
renamed when complete, so a failed or interrupted backup never leaves a partial archive under the real name.

A restore first unpacks the archive into a local work folder (under TMPDIR) and checks every member against
the manifest (and the SQLite copy's integrity): a corrupted or edited archive is refused before anything
changes. Then, through the storage:

1. it writes each of the archive's files whose name is free or holds other bytes (a file already stored with
   the same bytes is left alone), keeping the old bytes of each file it overwrites in the work folder;
2. it restores the database (PostgreSQL: ``pg_restore --single-transaction``; SQLite: the backup API, in one
   step);
3. only then it deletes the stored files the archive lacks.

If step 1 or 2 fails, the files written in step 1 are deleted and the overwritten ones put back from the work
folder: the database and the stored files are as they were. An object store has no transaction to make this
atomic: if putting back fails as well (the store went away), the work folder is kept and the error says where
the old bytes are. A file step 3 cannot delete is an extra file no row points at: the restore reports it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql.client import DatabaseClient as PostgresClient
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "thidua-backup/1"
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
ENGINE_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
# A restore's local work folder, under TMPDIR. Earlier versions made it inside MEDIA_ROOT: a folder of that
# name left there by a failed restore holds no stored file, so it is neither backed up nor deleted.
WORK_PREFIX = ".thidua-restore-"
CHUNK = 1024 * 1024
# A stored file is copied into a local spool before going into the archive; up to this size it stays in memory.
SPOOL_IN_MEMORY = 8 * CHUNK


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in Vietnamese."""


@dataclass
class Result:
    manifest: dict
    path: Path
    warnings: list[str] = field(default_factory=list)

    @property
    def file_count(self) -> int:
        return len(self.manifest["files"])

    @property
    def file_bytes(self) -> int:
        return sum(item["size"] for item in self.manifest["files"])


# Backup


def backup(output: str | os.PathLike, *, using: str = DEFAULT_DB_ALIAS) -> Result:
    """Write the archive of the database ``using`` and of every stored file to ``output``."""
    connection = connections[using]
    engine = _engine(connection)
    storage = default_storage
    output = Path(output).absolute()
    folder = _storage_folder(storage)
    # The next backup would take this archive in, and a restore would delete it as a file the archive lacks.
    if folder is not None and output.resolve().is_relative_to(folder):
        raise BackupError(
            _("Không ghi bản sao lưu vào thư mục tệp lưu trữ (MEDIA_ROOT, %(root)s): hãy chọn nơi khác.")
            % {"root": folder}
        )
    if not output.parent.is_dir():
        raise BackupError(_("Thư mục %(folder)s không tồn tại.") % {"folder": output.parent})

    manifest = {
        "format": FORMAT,
        "created_at": timezone.localtime().isoformat(timespec="seconds"),
        "engine": engine,
        "database": {"name": str(connection.settings_dict["NAME"]), "file": DUMP[engine]},
        "migrations": _applied_migrations(connection),
        "files": [],
    }
    # The work folder and the archive's temporary name sit next to the output: same filesystem (the rename
    # is atomic) and the space the operator chose for the archive.
    with tempfile.TemporaryDirectory(prefix=".thidua-backup-", dir=output.parent) as work:
        dump = Path(work) / DUMP[engine]
        if engine == "postgresql":
            manifest["database"]["pg_dump_version"] = _pg_dump(connection, dump)
        else:
            _sqlite_copy(connection, dump)
        fd, temporary = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
        try:
            with os.fdopen(fd, "wb") as raw:
                with tarfile.open(fileobj=raw, mode="w:gz", format=tarfile.PAX_FORMAT, compresslevel=6) as tar:
                    size, digest = _add_file(tar, dump, DUMP[engine])
                    manifest["database"].update(size=size, sha256=digest)
                    for name in stored_names(storage):
                        added = _add_stored(tar, storage, name, spool_dir=Path(work))
                        if added is not None:  # deleted since it was listed
                            manifest["files"].append({"path": name, "size": added[0], "sha256": added[1]})
                    _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(temporary, output)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return Result(manifest=manifest, path=output)


def stored_names(storage: Storage) -> list[str]:
    """The name of every stored file, from the storage's own listing, folder by folder (the storage API lists
    one folder at a time); the work folders of restores made by earlier versions inside MEDIA_ROOT aside."""
    names, folders = [], [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = storage.listdir(folder)
        except FileNotFoundError:  # a folder storage whose folder was never made, or a folder emptied meanwhile
            continue
        prefix = f"{folder}/" if folder else ""
        names.extend(prefix + name for name in files)
        folders.extend(prefix + name for name in subfolders if folder or not name.startswith(WORK_PREFIX))
    return sorted(names)


def describe_storage(storage: Storage = default_storage) -> str:
    """Where the stored files are, for the operator: a folder, or the storage's class (and bucket)."""
    folder = _storage_folder(storage)
    if folder is not None:
        return _("thư mục %(folder)s") % {"folder": folder}
    bucket = getattr(storage, "bucket_name", None)
    kind = storage.__class__.__name__  # the class of the storage itself, not of the lazy default_storage
    return f"{kind} ({bucket})" if bucket else kind


def _storage_folder(storage: Storage) -> Path | None:
    """The folder of a storage that keeps its files in one, else None."""
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location).resolve()
    return None


class _Hashing:
    """A file object's reader that counts and hashes what tarfile reads through it."""

    def __init__(self, raw):
        self.raw, self.sha256, self.size = raw, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> tuple[int, str]:
    with path.open("rb") as handle:
        stat = os.fstat(handle.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o644
        reader = _Hashing(handle)
        tar.addfile(info, reader)  # raises if the file shrank meanwhile
        return reader.size, reader.sha256.hexdigest()


def _add_stored(tar: tarfile.TarFile, storage: Storage, name: str, *, spool_dir: Path) -> tuple[int, str] | None:
    """Copy a stored file into the archive as ``media/<name>``; None if it was deleted since it was listed.

    The bytes go through a local spool first: a tar member's size is written before its bytes, and asking the
    storage for the size would be one more request to an object store, answered for a moment that is not
    necessarily the one ``open`` reads."""
    try:
        source = storage.open(name, "rb")
    except FileNotFoundError:
        return None
    digest = hashlib.sha256()
    with source, tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY, dir=spool_dir) as spool:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            spool.write(chunk)
        info = tarfile.TarInfo(f"{MEDIA}/{name}")
        # The time of the backup: a storage's modification time would be one more request per file.
        info.size, info.mtime, info.mode = spool.tell(), int(timezone.now().timestamp()), 0o644
        spool.seek(0)
        tar.addfile(info, spool)
    return info.size, digest.hexdigest()


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o644
    tar.addfile(info, io.BytesIO(data))


def _applied_migrations(connection) -> dict[str, str]:
    """The latest applied migration of each app (migration names start with their number)."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


# Restore


def verify(archive: str | os.PathLike, *, using: str = DEFAULT_DB_ALIAS) -> Result:
    """Check the archive against its manifest without changing anything."""
    with tempfile.TemporaryDirectory(prefix=".thidua-verify-") as work:
        manifest = _unpack(Path(archive), Path(work))
        _refuse_incompatible(manifest, using)
        return Result(manifest=manifest, path=Path(archive))


def restore(archive: str | os.PathLike, *, using: str = DEFAULT_DB_ALIAS) -> Result:
    """Replace the database ``using`` and every stored file by the archive's."""
    archive = Path(archive)
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError(_("Không thể khôi phục bên trong một giao dịch cơ sở dữ liệu đang mở."))
    work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX))
    keep_work = False
    try:
        unpacked = work / "archive"
        unpacked.mkdir()
        manifest = _unpack(archive, unpacked)
        _refuse_incompatible(manifest, using)
        warnings = []
        dump = unpacked / DUMP[manifest["engine"]]
        tool = _pg_restore_tool(manifest) if manifest["engine"] == "postgresql" else None

        files = _StoredFiles(default_storage, incoming=unpacked / MEDIA, aside=work / "old")
        try:
            lacking = files.write({item["path"]: item["sha256"] for item in manifest["files"]})
            if tool is not None:
                _pg_restore(connection, dump, tool)
            else:
                _sqlite_restore(connection, dump)
        except BaseException as error:
            try:
                files.undo()
            except BackupError as undo_error:
                keep_work = True  # the overwritten files' old bytes are only there now: never delete them
                raise BackupError(
                    _(
                        "%(error)s\nKhông đặt lại được các tệp lưu trữ cũ (%(undo_error)s). Cơ sở dữ liệu không "
                        "thay đổi; bản cũ của các tệp đã bị ghi đè nằm trong %(folder)s. Hãy chạy lại lệnh restore "
                        "khi kho tệp hoạt động trở lại."
                    )
                    % {"error": error, "undo_error": undo_error, "folder": files.aside}
                ) from error
            raise
        left = files.delete(lacking)
        if left:
            warnings.append(
                _(
                    "Không xoá được %(count)s tệp lưu trữ không có trong bản sao lưu (%(names)s): không hàng nào "
                    "trỏ tới chúng; hãy chạy lại lệnh restore hoặc tự xoá chúng."
                )
                % {"count": len(left), "names": ", ".join(left)}
            )
        if _pending_migrations(connection):
            warnings.append(_("Bản sao lưu có lược đồ cũ hơn mã nguồn hiện tại: hãy chạy “python manage.py migrate”."))
        return Result(manifest=manifest, path=archive, warnings=warnings)
    finally:
        if not keep_work:
            shutil.rmtree(work, ignore_errors=True)


class _StoredFiles:
    """The stored files replaced by an archive's through the storage API, with what it takes to undo it: the
    names written that were free, and the old bytes of each file overwritten, kept in a local folder."""

    def __init__(self, storage: Storage, *, incoming: Path, aside: Path):
        self.storage, self.incoming, self.aside = storage, incoming, aside
        self.created: list[str] = []
        self.replaced: list[str] = []

    def write(self, wanted: dict[str, str]) -> list[str]:
        """Store each wanted file (name → sha256) whose name is free or holds other bytes; return the names
        stored that are not wanted, for ``delete`` once the database is restored."""
        stored = set(stored_names(self.storage))
        for name, sha256 in sorted(wanted.items()):
            old = self._keep_aside(name) if name in stored else None
            if old == sha256:
                _local(self.aside, name).unlink()
                continue  # the same bytes: left alone (a restore over the same data writes nothing)
            # Recorded before the storage is touched: undo handles a write that failed halfway too.
            if old is None:
                self.created.append(name)
            else:
                self.replaced.append(name)
                self.storage.delete(name)  # a folder storage would save under another name next to it
            self._save(name, _local(self.incoming, name))
        return sorted(stored - wanted.keys())

    def undo(self) -> None:
        """Delete the files written and put back the overwritten ones; every file is tried, then a failure
        raised (BackupError) naming those that could not be."""
        failed = []
        for name in reversed(self.created):
            try:
                self.storage.delete(name)
            except Exception as error:  # an object store's errors are not OSError: any one leaves this file
                failed.append(f"“{name}”: {error}")
        for name in reversed(self.replaced):
            try:
                self.storage.delete(name)
                self._save(name, _local(self.aside, name))
            except Exception as error:
                failed.append(f"“{name}”: {error}")
        if failed:
            raise BackupError("; ".join(failed))

    def delete(self, names: list[str]) -> list[str]:
        """Delete these stored files; return those that could not be."""
        left = []
        for name in names:
            try:
                self.storage.delete(name)
            except Exception:
                left.append(name)
        return left

    def _keep_aside(self, name: str) -> str | None:
        """Copy a stored file's bytes into the aside folder; return their sha256 (None if the file is gone)."""
        target = _local(self.aside, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        try:
            source = self.storage.open(name, "rb")
        except FileNotFoundError:
            return None
        with source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        return digest.hexdigest()

    def _save(self, name: str, path: Path) -> None:
        with path.open("rb") as handle:
            saved = self.storage.save(name, File(handle, name=path.name))
        if saved != name:  # the name was taken meanwhile, or the storage does not keep such a name
            self.storage.delete(saved)
            raise BackupError(
                _("Kho tệp không lưu được “%(name)s” dưới đúng tên đó (nó lưu thành “%(saved)s”).")
                % {"name": name, "saved": saved}
            )


def _local(root: Path, name: str) -> Path:
    """Where a stored file's name is under a local folder (names were checked by ``_unpack``)."""
    return root.joinpath(*PurePosixPath(name).parts)


def _unpack(archive: Path, target: Path) -> dict:
    """Unpack the archive into ``target`` and check every member against the manifest; return the manifest."""
    damaged = _("Tệp sao lưu %(path)s bị hỏng hoặc đã bị sửa đổi (%(why)s): không khôi phục, không có gì thay đổi.")

    def refuse(why: str) -> BackupError:
        return BackupError(damaged % {"path": archive, "why": why})

    if not archive.is_file():
        raise BackupError(_("Không tìm thấy tệp sao lưu %(path)s.") % {"path": archive})
    found: dict[str, tuple[int, str]] = {}
    try:
        with tarfile.open(archive, mode="r|gz") as tar:
            for member in tar:
                name = member.name
                parts = PurePosixPath(name).parts
                if (
                    not member.isfile()
                    or not parts
                    or PurePosixPath(name).is_absolute()
                    or any(part in ("", ".", "..") for part in parts)
                    or name != PurePosixPath(*parts).as_posix()
                    or not (name in (MANIFEST, *DUMP.values()) or (parts[0] == MEDIA and len(parts) > 1))
                ):
                    raise refuse(_("mục lạ “%(name)s”") % {"name": name})
                if name in found:
                    raise refuse(_("mục “%(name)s” xuất hiện hai lần") % {"name": name})
                path = target.joinpath(*parts)
                path.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                source = tar.extractfile(member)
                with path.open("xb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                os.utime(path, (member.mtime, member.mtime))
                found[name] = (size, digest.hexdigest())
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise refuse(_("không đọc được: %(error)s") % {"error": error}) from error

    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise refuse(_("thiếu hoặc hỏng %(name)s") % {"name": MANIFEST}) from error
    try:
        if manifest.get("format") != FORMAT:
            raise refuse(_("không phải định dạng %(format)s") % {"format": FORMAT})
        if manifest.get("engine") not in DUMP:
            raise refuse(_("loại cơ sở dữ liệu không rõ"))
        database = manifest["database"]
        expected = {DUMP[manifest["engine"]]: (database["size"], database["sha256"])}
        for item in manifest["files"]:
            expected[f"{MEDIA}/{item['path']}"] = (item["size"], item["sha256"])
    except (KeyError, TypeError, AttributeError) as error:
        raise refuse(_("danh mục %(name)s không đầy đủ") % {"name": MANIFEST}) from error
    found.pop(MANIFEST)
    for name in sorted(expected.keys() | found.keys()):
        if name not in found:
            raise refuse(_("thiếu “%(name)s”") % {"name": name})
        if name not in expected:
            raise refuse(_("có “%(name)s” không ghi trong danh mục") % {"name": name})
        if found[name] != tuple(expected[name]):
            raise refuse(_("mã kiểm tra sha256 của “%(name)s” không khớp") % {"name": name})
    if manifest["engine"] == "sqlite":
        _sqlite_check(target / DUMP["sqlite"], refuse)
    return manifest


def _refuse_incompatible(manifest: dict, using: str) -> None:
    """Refuse an archive of another engine, or one made by a newer version of the code."""
    engine = _engine(connections[using])
    if manifest["engine"] != engine:
        raise BackupError(
            _(
                "Bản sao lưu là của cơ sở dữ liệu %(archive)s, còn cơ sở dữ liệu đang cấu hình là %(current)s: "
                "không khôi phục được, không có gì thay đổi."
            )
            % {"archive": ENGINE_NAMES[manifest["engine"]], "current": ENGINE_NAMES[engine]}
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = [
        f"{app}.{name}"
        for app, name in sorted(manifest.get("migrations", {}).items())
        if app in loader.migrated_apps and (app, name) not in loader.disk_migrations
    ]
    if unknown:
        raise BackupError(
            _(
                "Bản sao lưu được tạo bởi phiên bản ứng dụng mới hơn (chưa có migration %(names)s): hãy khôi "
                "phục bằng đúng phiên bản đã tạo nó. Không có gì thay đổi."
            )
            % {"names": ", ".join(unknown)}
        )


def _pending_migrations(connection) -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


# Engines


def _engine(connection) -> str:
    if connection.vendor not in DUMP:
        raise BackupError(
            _("Chỉ sao lưu, khôi phục được PostgreSQL và SQLite (đang dùng: %(vendor)s).")
            % {"vendor": connection.vendor}
        )
    return connection.vendor


def _sqlite_name(connection) -> str:
    name = str(connection.settings_dict["NAME"])
    if connection.is_in_memory_db() or not name:
        raise BackupError(_("Cơ sở dữ liệu SQLite nằm trong bộ nhớ, không phải một tệp: không sao lưu được."))
    return name


def _sqlite_copy(connection, target: Path) -> None:
    """A consistent copy through SQLite's online backup API (a raw copy of a live file may be torn)."""
    timeout = connection.settings_dict.get("OPTIONS", {}).get("timeout", 20)
    source = closing(sqlite3.connect(_sqlite_name(connection), timeout=timeout))
    with source as live, closing(sqlite3.connect(target)) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it


def _sqlite_check(path: Path, refuse) -> None:
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as copy:
            result = copy.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        raise refuse(_("bản sao SQLite không đọc được: %(error)s") % {"error": error}) from error
    if result != [("ok",)]:
        raise refuse(_("bản sao SQLite không toàn vẹn"))


def _sqlite_restore(connection, copy: Path) -> None:
    """Write the copy into the live database in one step of the backup API: other connections see the old
    database or the new one, never a mix (a file rename would leave them on the old file, and a stale -wal
    beside a replaced file would corrupt it)."""
    name = _sqlite_name(connection)
    connection.close()
    timeout = connection.settings_dict.get("OPTIONS", {}).get("timeout", 20)
    try:
        source = closing(sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True))
        with source as backup_copy, closing(sqlite3.connect(name, timeout=timeout)) as live:
            backup_copy.backup(live)
    except sqlite3.Error as error:
        raise BackupError(_("Khôi phục cơ sở dữ liệu SQLite không thành công: %(error)s") % {"error": error}) from error


def _pg_tool(name: str, server_major: int | None = None) -> tuple[str, int]:
    """The path and major version of ``pg_dump`` or ``pg_restore``."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _(
                "Không tìm thấy lệnh %(tool)s: hãy cài gói postgresql-client (Debian: “apt-get install "
                "postgresql-client”), cùng phiên bản chính với máy chủ PostgreSQL hoặc mới hơn."
            )
            % {"tool": name}
        )
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S603
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    if match is None:
        raise BackupError(_("Không đọc được phiên bản của %(tool)s.") % {"tool": path})
    major = int(match.group(1))
    if server_major is not None and major < server_major:
        raise BackupError(
            _(
                "%(tool)s là phiên bản %(client)s, cũ hơn máy chủ PostgreSQL %(server)s: hãy cài "
                "postgresql-client-%(server)s."
            )
            % {"tool": path, "client": major, "server": server_major}
        )
    return path, major


def _pg_args_env(connection) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for libpq's tools, and their environment (password, SSL) as ``dbshell`` builds it."""
    settings_dict = connection.settings_dict
    args = []
    for option, key in (("--username", "USER"), ("--host", "HOST"), ("--port", "PORT")):
        if settings_dict.get(key):
            args.append(f"{option}={settings_dict[key]}")
    quoted = str(settings_dict["NAME"]).replace("\\", "\\\\").replace("'", "\\'")
    args.append(f"--dbname=dbname='{quoted}'")  # a conninfo string: a name is never taken for a URI
    _args, env = PostgresClient.settings_to_cmd_args_env(settings_dict, [])
    return args, {**os.environ, **(env or {})}


def _server_major(connection) -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


def _run(command: list[str], env: dict[str, str], failed: str) -> None:
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip()
        raise BackupError(f"{failed}\n{detail}")


def _pg_dump(connection, target: Path) -> int:
    path, major = _pg_tool("pg_dump", _server_major(connection))
    args, env = _pg_args_env(connection)
    _run(
        [path, "--format=custom", "--no-owner", "--no-acl", f"--file={target}", *args],
        env,
        _("pg_dump không thành công:"),
    )
    return major


def _pg_restore_tool(manifest: dict) -> str:
    """``pg_restore``, if it reads the archive's dump (a dump from a newer pg_dump is not readable)."""
    path, major = _pg_tool("pg_restore")
    made_by = manifest["database"].get("pg_dump_version") or 0
    if major < made_by:
        raise BackupError(
            _(
                "Bản sao lưu được tạo bằng pg_dump %(dump)s, mới hơn %(tool)s (%(major)s): hãy cài "
                "postgresql-client-%(dump)s. Không có gì thay đổi."
            )
            % {"dump": made_by, "tool": path, "major": major}
        )
    return path


def _pg_restore(connection, dump: Path, tool: str) -> None:
    args, env = _pg_args_env(connection)
    connection.close()  # no session of ours holds a lock on the tables pg_restore drops
    _run(
        [tool, "--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error",
         *args, str(dump)],
        env,
        _("pg_restore không thành công (cơ sở dữ liệu không thay đổi):"),
    )  # fmt: skip
