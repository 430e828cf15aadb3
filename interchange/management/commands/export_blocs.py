"""``python manage.py export_blocs ORGANIZER_CODE [-o PATH]``: write the organizer's interchange document."""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from interchange.exporter import export_organizer
from members.models import Organizer


class Command(BaseCommand):
    help = "Xuất toàn bộ dữ liệu khối thi đua của một tỉnh ra tài liệu emulation-blocs/1 (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("organizer_code")
        parser.add_argument("-o", "--output", default="-", help="Tệp kết quả (mặc định: stdout).")

    def handle(self, *args, organizer_code, output, **options):
        with translation.override(settings.LANGUAGE_CODE):
            organizer = Organizer.objects.filter(code=organizer_code).first()
            if organizer is None:
                raise CommandError(_("Không có tỉnh mã '%(code)s'.") % {"code": organizer_code})
            text = json.dumps(export_organizer(organizer), ensure_ascii=False, indent=2) + "\n"
            if output == "-":
                sys.stdout.write(text)
                sys.stdout.flush()
            else:
                with open(output, "w", encoding="utf-8") as handle:
                    handle.write(text)
                self.stderr.write(_("Đã ghi %(path)s.") % {"path": output})
