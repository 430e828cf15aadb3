"""How official documents write numbers and dates (Nghị định 30/2020/NĐ-CP), and the minutes number."""

from __future__ import annotations

import datetime
from fractions import Fraction

from django.utils.translation import gettext as _

from core.numbers import percent_text

DOTS = "……"  # the dotted placeholder official templates print where a fact is missing


def day_month(day: datetime.date) -> tuple[str, str]:
    """Day and month as printed: a day below 10 and the months 1 and 2 take a leading zero."""
    return f"{day.day:02d}", (f"{day.month:02d}" if day.month <= 2 else str(day.month))


def date_words(day: datetime.date) -> str:
    """``ngày 04 tháng 01 năm 2018``"""
    dd, mm = day_month(day)
    return _("ngày %(day)s tháng %(month)s năm %(year)s") % {"day": dd, "month": mm, "year": day.year}


def date_line(place: str, day: datetime.date) -> str:
    """The place-and-date line under the motto: ``Quảng Ngãi, ngày 04 tháng 01 năm 2018``."""
    return f"{place}, {date_words(day)}"


def time_words(value: datetime.time | None) -> str:
    """``14 giờ 00`` (or the dotted placeholders when the time was not recorded)."""
    if value is None:
        return _("%(dots)s giờ %(dots)s") % {"dots": DOTS}
    return _("%(hour)s giờ %(minute)02d") % {"hour": value.hour, "minute": value.minute}


def percent(part: int, whole: int) -> str:
    """``100%``, ``54,55%``."""
    if whole <= 0:
        return DOTS
    return percent_text(Fraction(part, whole))


# The abbreviations of the kinds of documents in their numbers (Nghị định 30/2020/NĐ-CP, Phụ lục III).
MINUTES, LETTER = "BB", "TTr"


def format_number(sequence: int | str, kind: str, symbol: str) -> str:
    """``01/BB-KTĐ-KTKT``, ``02/TTr-KTĐ`` from the bloc's symbol: numbers below 10 take a leading zero; a
    sequence given as text (``DOTS``, a draft) is printed as it is."""
    number = f"{sequence:02d}" if isinstance(sequence, int) else sequence
    return f"{number}/{kind}-{symbol}"


def format_minutes_number(sequence: int, symbol: str) -> str:
    """``01/BB-KTĐ-KTKT``."""
    return format_number(sequence, MINUTES, symbol)


def sequence_of(number_text: str) -> int | None:
    """The sequence of a minutes number: ``03/BB-KTĐ`` → 3; None when it does not start with digits."""
    digits = number_text.strip().split("/", 1)[0]
    return int(digits) if digits.isdigit() else None


def strip_number_label(value: str) -> str:
    """A number entered as ``Số: 03/BB-KTĐ`` is stored without the label, which the template prints."""
    value = value.strip()
    for label in ("Số:", "số:", "Số", "số"):
        if value.startswith(label):
            return value[len(label) :].strip()
    return value
