"""``python manage.py verify_document PATH``: is this PDF an issued document, or a validly signed copy of one?

Prints the report (records/verification.py) as JSON: {"path", "ok", "document": {province, bloc, meeting,
document, document_label, version, issued_at, sha256, code, current, replaced_by} or null, "signatures": [{field,
signer, signed_at, intact, valid, trusted, revocation, reasons}], "reasons": [...]}; exits 0 when ok, else 1 (a
file that cannot be read or is not a PDF too, with the reason). A contract: scripts of the provinces rely on it.
"""

from __future__ import annotations

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from records.verification import Report, verify_pdf


class Command(BaseCommand):
    help = (
        "Kiểm tra một tệp PDF: có phải văn bản do hệ thống phát hành (hoặc bản ký số hợp lệ của văn bản đó), còn"
        " hiệu lực hay đã bị thay thế, và từng chữ ký số. In kết quả dạng JSON; mã thoát 0 khi hợp lệ, 1 nếu không."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Đường dẫn tệp PDF cần kiểm tra.")

    def handle(self, *args, path: str, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError as error:
                report = Report(reasons=[_("Không đọc được tệp: %(error)s") % {"error": error.strerror or error}])
            else:
                report = verify_pdf(data)
            result = {"path": path, **report.as_json()}
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        if not report.ok:
            sys.exit(1)
