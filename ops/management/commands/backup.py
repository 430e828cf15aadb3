"""``python manage.py backup -o FILE.tar.gz``: one archive of the database and of every stored file."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from ops import backup


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ dữ liệu: cơ sở dữ liệu và mọi tệp lưu trữ (thư mục MEDIA_ROOT hoặc kho S3) vào một "
        "tệp .tar.gz."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="Tệp sao lưu kết quả, ví dụ thidua.tar.gz.")
        parser.add_argument("--database", default="default", help="Cơ sở dữ liệu (mặc định: default).")

    def handle(self, *args, output, database, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                result = backup.backup(output, using=database)
            except backup.BackupError as error:
                raise CommandError(str(error)) from error
            manifest = result.manifest
            self.stdout.write(
                _("Đã sao lưu cơ sở dữ liệu %(engine)s “%(name)s” và %(count)s tệp (%(size)s byte) vào %(path)s.")
                % {
                    "engine": backup.ENGINE_NAMES[manifest["engine"]],
                    "name": manifest["database"]["name"],
                    "count": result.file_count,
                    "size": result.file_bytes,
                    "path": result.path,
                }
            )
