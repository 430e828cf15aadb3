"""``python manage.py merge_province CODE INTO_CODE --from YYYY-MM-DD``: the province CODE became part of INTO_CODE
on that day (the 2025 reorganization). Its records stay its own, in its names; INTO_CODE's board staff read them,
and only read them. ``merge_province CODE --undo`` takes back a merger recorded by mistake."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from core.validation import error_messages
from members.models import Organizer
from members.services import organizer_merge


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError as error:
        raise CommandError(
            _("Ngày “%(value)s” không hợp lệ: hãy ghi theo dạng YYYY-MM-DD.") % {"value": value}
        ) from error


def _organizer(code: str) -> Organizer:
    found = Organizer.objects.select_related("merged_into").filter(code__iexact=code.strip()).first()
    if found is None:
        raise CommandError(_("Không có tỉnh mã %(code)s.") % {"code": code.strip()})
    return found


class Command(BaseCommand):
    help = (
        "Ghi nhận tỉnh CODE đã sáp nhập vào tỉnh INTO_CODE từ một ngày: hồ sơ của tỉnh CODE giữ nguyên tên gọi của "
        "thời đó; cán bộ Ban Thi đua - Khen thưởng của tỉnh INTO_CODE được xem (chỉ xem). --undo: bỏ ghi nhận sáp nhập."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="Mã tỉnh được sáp nhập, ví dụ KTM.")
        parser.add_argument("into_code", nargs="?", help="Mã tỉnh sáp nhập vào, ví dụ QNG (không cần với --undo).")
        parser.add_argument("--from", dest="day", metavar="YYYY-MM-DD", help="Ngày sáp nhập có hiệu lực: 2025-07-01.")
        parser.add_argument("--undo", action="store_true", help="Bỏ ghi nhận sáp nhập của tỉnh CODE.")

    def handle(self, *args, code, into_code=None, day=None, undo=False, **options):
        with translation.override(settings.LANGUAGE_CODE):
            organizer = _organizer(code)
            if undo:
                if organizer.merged_into is None:
                    raise CommandError(_("Tỉnh %(code)s chưa được ghi nhận sáp nhập.") % {"code": organizer.code})
                into, on = None, None
            elif not into_code or not day:
                raise CommandError(_("Hãy cho biết mã tỉnh sáp nhập vào và ngày sáp nhập (--from YYYY-MM-DD)."))
            else:
                into, on = _organizer(into_code), _day(day)
            was = organizer.merged_into
            try:
                organizer_merge(organizer=organizer, into=into, on=on)
            except ValidationError as error:
                raise CommandError(
                    _("Không ghi nhận được: %(problems)s") % {"problems": " ".join(error_messages(error))}
                ) from error
            if into is None:
                message = _("Đã bỏ ghi nhận %(name)s sáp nhập vào %(into)s.") % {"name": organizer.name, "into": was}
            else:
                message = _(
                    "Đã ghi nhận %(name)s sáp nhập vào %(into)s từ %(day)s; cán bộ Ban của tỉnh đó xem được hồ sơ."
                )
                message %= {"name": organizer.name, "into": into.name, "day": on.strftime("%d/%m/%Y")}
            self.stdout.write(self.style.SUCCESS(message))
