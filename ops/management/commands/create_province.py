"""``python manage.py create_province CODE "Tên tỉnh" --board-user EMAIL``: a new province and its first board user,
who is emailed a link to set their password. Board staff do the rest of the setup in the application."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from awards.services import organizer_create
from core.text import fold, nfc
from core.validation import error_messages
from members.models import Organizer, User
from members.services import user_create, user_invite

# What comes before the place's own name: "Ủy ban nhân dân tỉnh Quảng Ngãi", "UBND thành phố Huế", "Tỉnh Gia Lai".
_BODY = re.compile(r"^(uy ban nhan dan|ubnd)\s+", re.IGNORECASE)
_UNITS = {"tinh": "tỉnh", "thanh pho": "thành phố", "tp.": "thành phố", "tp": "thành phố"}


def split_name(name: str) -> tuple[str, str]:
    """("tỉnh" | "thành phố" | "", the place's name) of a province's name: "Tỉnh Quảng Ngãi" → ("tỉnh",
    "Quảng Ngãi")."""
    words = nfc(name).split()
    if body := _BODY.match(fold(" ".join(words))):
        words = words[len(body.group(0).split()) :]
    for folded, unit in sorted(_UNITS.items(), key=lambda item: -len(item[0].split())):
        count = len(folded.split())
        if fold(" ".join(words[:count])) == folded and len(words) > count:
            return unit, " ".join(words[count:])
    return "", " ".join(words)


def short_name_of(name: str, unit: str, place: str) -> str:
    """The short name documents print: "Ủy ban nhân dân tỉnh Quảng Ngãi" and "Tỉnh Quảng Ngãi" → "UBND tỉnh Quảng
    Ngãi"; a name already short is kept."""
    folded = fold(name)
    if folded.startswith("ubnd "):
        return name
    if folded.startswith("uy ban nhan dan "):
        return "UBND " + name.split(" ", 4)[4]
    return f"UBND {unit} {place}" if unit else ""


class Command(BaseCommand):
    help = (
        "Tạo một tỉnh (đơn vị tổ chức, kèm các hình thức khen thưởng mặc định) và tài khoản cán bộ Ban Thi đua - "
        "Khen thưởng đầu tiên của tỉnh; gửi thư mời đặt mật khẩu đến email đó và in liên kết đặt mật khẩu."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="Mã tỉnh: chữ không dấu, chữ số, _ . -; ví dụ QNG.")
        parser.add_argument("name", help="Tên tỉnh, ví dụ “Tỉnh Quảng Ngãi” hoặc “Ủy ban nhân dân tỉnh Quảng Ngãi”.")
        parser.add_argument(
            "--board-user",
            required=True,
            metavar="EMAIL",
            help="Email của cán bộ Ban Thi đua - Khen thưởng; cũng là tên đăng nhập.",
        )
        parser.add_argument("--place-name", help="Địa danh ở dòng ngày tháng (mặc định: lấy từ tên, ví dụ Quảng Ngãi).")
        parser.add_argument("--board-name", help="Tên Ban (mặc định: Ban Thi đua - Khen thưởng tỉnh <địa danh>).")

    def handle(self, *args, code, name, board_user, place_name=None, board_name=None, **options):
        with translation.override(settings.LANGUAGE_CODE):
            email = User.objects.normalize_email(board_user.strip()).lower()
            self.check_free(code.strip(), email)
            body = " ".join(nfc(name).split())
            unit, place = split_name(body)
            place_name = nfc(place_name or place).strip()
            try:
                with transaction.atomic():
                    organizer = organizer_create(
                        code=code.strip(),
                        name=body,
                        short_name=short_name_of(body, unit, place),
                        place_name=place_name,
                        board_name=nfc(
                            board_name or " ".join(filter(None, ["Ban Thi đua - Khen thưởng", unit, place]))
                        ),
                    )
                    user = user_create(organizer=organizer, role=User.Role.BOARD_STAFF, email=email)
                    link = user_invite(user=user)
            except ValidationError as error:
                raise CommandError(
                    _("Không tạo được tỉnh: %(problems)s") % {"problems": " ".join(error_messages(error))}
                ) from error
            self.report(organizer, user, link)

    def check_free(self, code: str, email: str) -> None:
        if Organizer.objects.filter(code__iexact=code).exists():
            raise CommandError(_("Mã tỉnh %(code)s đã có; không tạo gì.") % {"code": code})
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(_("“%(email)s” không phải là một địa chỉ email hợp lệ.") % {"email": email}) from error
        if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
            raise CommandError(
                _("Email %(email)s đã được dùng cho một tài khoản khác; không tạo gì.") % {"email": email}
            )

    def report(self, organizer: Organizer, user: User, link: str) -> None:
        write = self.stdout.write
        write(
            self.style.SUCCESS(
                _(
                    "Đã tạo tỉnh %(name)s (mã %(code)s, địa danh %(place)s) với %(count)s hình thức khen thưởng "
                    "mặc định."
                )
                % {
                    "name": organizer.name,
                    "code": organizer.code,
                    "place": organizer.place_name,
                    "count": organizer.award_types.count(),
                }
            )
        )
        write(
            _("Đã tạo tài khoản cán bộ %(board)s: %(username)s (chưa có mật khẩu).")
            % {"board": organizer.board_name, "username": user.username}
        )
        write(_("Thư mời đặt mật khẩu được gửi đến %(email)s.") % {"email": user.email})
        write(_("Nếu người nhận không nhận được thư, hãy chuyển cho họ liên kết đặt mật khẩu sau:"))
        write(f"  {link}")
