"""``python manage.py trust_anchors add PEM [--name N] [--province CODE]`` / ``list`` / ``remove NAME``.

The CA certificates a signed copy must chain to. Without ``--province`` an anchor is the installation's (every
province trusts it: the government's root CA, the commercial CAs the Ministry licenses); with it, that
province's only (its board can also add those on the page ``/chu-ky-so/``). Exit status 0 when done, 1 with the
reason otherwise.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.validation import error_messages
from members.models import Organizer
from signatures.models import TrustAnchor
from signatures.services import trust_anchor_add, trust_anchor_remove


class Command(BaseCommand):
    help = "Quản lý chứng thư gốc tin cậy dùng để kiểm tra chữ ký số: add, list, remove."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, title="thao tác")
        add = actions.add_parser("add", help="Thêm một chứng thư gốc (tệp PEM hoặc DER).")
        add.add_argument("path", help="Tệp chứng thư.")
        add.add_argument("--name", default="", help="Tên gọi (mặc định: tên trong chứng thư).")
        add.add_argument("--province", default="", help="Mã tỉnh; bỏ trống: áp dụng cho mọi tỉnh.")
        listing = actions.add_parser("list", help="Liệt kê các chứng thư gốc.")
        listing.add_argument("--province", default="", help="Chỉ của tỉnh này (và của hệ thống).")
        remove = actions.add_parser("remove", help="Bỏ một chứng thư gốc theo tên.")
        remove.add_argument("name", help="Tên gọi của chứng thư gốc.")

    def handle(self, *args, action: str, **options):
        with translation.override(settings.LANGUAGE_CODE):
            getattr(self, f"_{action}")(**options)

    def _province(self, code: str) -> Organizer | None:
        if not code:
            return None
        organizer = Organizer.objects.filter(code=code).first()
        if organizer is None:
            raise CommandError(_("Không có tỉnh mã '%(code)s'.") % {"code": code})
        return organizer

    def _add(self, *, path: str, name: str, province: str, **options):
        organizer = self._province(province)
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(_("Không đọc được tệp %(path)s: %(error)s") % {"path": path, "error": error}) from None
        try:
            anchor = trust_anchor_add(pem=data, name=name, organizer=organizer)
        except ValidationError as error:
            raise CommandError(" ".join(error_messages(error))) from None
        scope = organizer.code if organizer else _("mọi tỉnh")
        self.stdout.write(
            _("Đã thêm chứng thư gốc '%(name)s' (%(scope)s), SHA-256 %(fingerprint)s.")
            % {"name": anchor.name, "scope": scope, "fingerprint": anchor.fingerprint_sha256}
        )

    def _list(self, *, province: str, **options):
        anchors = TrustAnchor.objects.select_related("organizer").order_by(
            # The installation's first (no province), on PostgreSQL as on SQLite (their NULLs sort apart).
            F("organizer__code").asc(nulls_first=True),
            "name",
        )
        organizer = self._province(province)
        if organizer is not None:
            anchors = anchors.filter(organizer__isnull=True) | anchors.filter(organizer=organizer)
        now = timezone.now()
        rows = list(anchors)
        if not rows:
            self.stdout.write(_("Chưa có chứng thư gốc nào."))
            return
        for anchor in rows:
            scope = anchor.organizer.code if anchor.organizer else "*"
            expired = f" {_('(hết hạn)')}" if anchor.not_after <= now else ""
            self.stdout.write(
                f"{anchor.name}\t{scope}\t{anchor.subject}\t"
                f"{timezone.localtime(anchor.not_before):%d/%m/%Y}–{timezone.localtime(anchor.not_after):%d/%m/%Y}"
                f"{expired}\t{anchor.fingerprint_sha256}"
            )

    def _remove(self, *, name: str, **options):
        anchor = TrustAnchor.objects.filter(name=name).first()
        if anchor is None:
            raise CommandError(_("Không có chứng thư gốc nào tên '%(name)s'.") % {"name": name})
        trust_anchor_remove(anchor=anchor)
        self.stdout.write(_("Đã bỏ chứng thư gốc '%(name)s'.") % {"name": anchor.name})
