"""``python manage.py restore FILE.tar.gz --yes``: replace the database and every stored file by a backup's."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from ops import backup


class Command(BaseCommand):
    help = (
        "Khôi phục từ một bản sao lưu của lệnh backup: THAY THẾ toàn bộ cơ sở dữ liệu và mọi tệp lưu trữ "
        "(thư mục MEDIA_ROOT hoặc kho S3). Kiểm tra mã sha256 của mọi thành phần trước khi thay đổi bất cứ điều gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp sao lưu (.tar.gz) do lệnh backup tạo.")
        parser.add_argument("--yes", action="store_true", help="Xác nhận thay thế dữ liệu hiện có.")
        parser.add_argument("--check", action="store_true", help="Chỉ kiểm tra tệp sao lưu, không thay đổi gì.")
        parser.add_argument("--database", default="default", help="Cơ sở dữ liệu (mặc định: default).")

    def handle(self, *args, archive, yes, check, database, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                if check:
                    result = backup.verify(archive, using=database)
                    self.stdout.write(_("Tệp sao lưu nguyên vẹn.") + " " + self._summary(result))
                    return
                if not yes:
                    raise CommandError(
                        _(
                            "Khôi phục sẽ THAY THẾ toàn bộ cơ sở dữ liệu và mọi tệp lưu trữ (%(storage)s) bằng "
                            "nội dung của %(path)s; dữ liệu hiện có sẽ mất. Hãy dừng ứng dụng trên mọi máy "
                            "(gunicorn, Celery worker và beat) rồi chạy lại lệnh với --yes."
                        )
                        % {"storage": backup.describe_storage(), "path": archive}
                    )
                result = backup.restore(archive, using=database)
            except backup.BackupError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(_("Đã khôi phục.") + " " + self._summary(result))
            for warning in result.warnings:
                self.stderr.write(warning)

    def _summary(self, result: backup.Result) -> str:
        manifest = result.manifest
        return _(
            "Bản sao lưu lúc %(created_at)s: cơ sở dữ liệu %(engine)s “%(name)s”, %(count)s tệp (%(size)s byte)."
        ) % {
            "created_at": manifest["created_at"],
            "engine": backup.ENGINE_NAMES[manifest["engine"]],
            "name": manifest["database"]["name"],
            "count": result.file_count,
            "size": result.file_bytes,
        }
