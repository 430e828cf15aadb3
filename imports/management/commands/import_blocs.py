"""``python manage.py import_blocs PATH``: import an interchange document (``-`` reads stdin); exit 0 / 1."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from imports.importer import KIND_LABELS, KINDS, import_text


class Command(BaseCommand):
    help = "Nhập tài liệu emulation-blocs/1 (JSON). PATH là đường dẫn tệp hoặc - để đọc từ stdin."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")
        parser.add_argument(
            "--reopen",
            action="store_true",
            help="Sửa cả hội nghị đã chốt: mở lại (lý do “Nhập dữ liệu”), sửa, chốt lại với phiên bản biên bản mới.",
        )
        parser.add_argument("--lang", choices=[code for code, _name in settings.LANGUAGES], default=None)

    def handle(self, *args, path, dry_run, reopen, lang, **options):
        with translation.override(lang or settings.LANGUAGE_CODE):
            raw = self._read(path)
            report = import_text(raw, dry_run=dry_run, reopen=reopen)
            if not report.ok:
                for problem in report.problems:
                    self.stderr.write(str(problem))
                self.stderr.write(
                    _("Không nhập được: %(n)s lỗi. Cơ sở dữ liệu không thay đổi.") % {"n": len(report.problems)}
                )
                if report.finalized and not reopen:
                    self.stderr.write(
                        _("Tài liệu thay đổi %(n)s hội nghị đã chốt: chạy lại với --reopen để mở lại, sửa và chốt lại.")
                        % {"n": len(report.finalized)}
                    )
                sys.exit(1)
            for meeting in report.reopened:
                self.stdout.write(
                    _("Mở lại, sửa và chốt lại (biên bản phiên bản mới): %(meeting)s") % {"meeting": meeting}
                )
            for kind in KINDS:
                created, changed, unchanged = report.created[kind], report.changed[kind], report.unchanged[kind]
                if created or changed or unchanged:
                    self.stdout.write(
                        _("%(kind)s: %(c)s thêm mới, %(u)s cập nhật, %(s)s không đổi")
                        % {"kind": _(KIND_LABELS[kind]), "c": created, "u": changed, "s": unchanged}
                    )
            if dry_run:
                self.stdout.write(_("Chạy thử: không ghi gì vào cơ sở dữ liệu."))
            else:
                self.stdout.write(self.style.SUCCESS(_("Đã nhập xong.")))

    def _read(self, path: str) -> bytes:
        if path == "-":
            return sys.stdin.buffer.read()
        try:
            with open(path, "rb") as handle:
                return handle.read()
        except OSError as error:
            message = _("Không đọc được tệp %(path)s: %(error)s") % {"path": path, "error": error.strerror}
            raise CommandError(message) from None
