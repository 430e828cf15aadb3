"""Model fields for what people type: Vietnamese text stored NFC, names without invisible characters, dates
within the years a record can have.

The rules live on the fields, so every way into the database checks them the same: the services
(``core.validation.validate`` runs ``full_clean``), the importer (``full_clean`` per record), the admin's
model forms; and ``pre_save`` normalises what a bulk insert writes.
"""

from __future__ import annotations

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .text import nfc

FIRST_DATE = datetime.date(1945, 1, 1)
LAST_DATE = datetime.date(2100, 12, 31)

# Characters that reorder what is shown (right-to-left overrides and isolates): text holding them can show one
# thing and store another, e.g. a name that reads the same as another agency's.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None: a lone surrogate (no encoding writes it, PostgreSQL
    refuses it), NUL, another control character than a tab or a line break (no XML document, Word's or
    Excel's, can hold it), or a bidirectional override."""
    for char in value:
        if "\ud800" <= char <= "\udfff":
            return str(_("Văn bản chứa ký tự không mã hoá được (ký tự đại diện đơn lẻ); hãy gõ lại."))
        if char == "\x00":
            return str(_("Văn bản chứa ký tự NUL (0x00), không được phép."))
        if char in _BIDI_CONTROLS:
            return str(_("Văn bản chứa ký tự điều khiển hướng chữ (có thể làm chữ hiển thị khác với nội dung)."))
        if char not in "\t\n\r" and unicodedata.category(char) == "Cc":
            return str(_("Văn bản chứa ký tự điều khiển (U+%(code)04X), không được phép.") % {"code": ord(char)})
    return None


def name_problem(value: str) -> str | None:
    """Why ``value`` cannot be a name, a code or a number, or None: what ``text_problem`` refuses, and any
    invisible character (zero-width spaces and joiners, direction marks, soft hyphens, the byte-order mark,
    control characters such as tabs and line breaks), which would make two names look the same."""
    if problem := text_problem(value):
        return problem
    for char in value:
        if unicodedata.category(char) in ("Cf", "Cc"):
            return str(
                _("Tên chứa ký tự vô hình hoặc ký tự điều khiển (U+%(code)04X); hãy xoá ký tự đó và gõ lại.")
                % {"code": ord(char)}
            )
    return None


def validate_text(value) -> None:
    if isinstance(value, str) and (problem := text_problem(value)):
        raise ValidationError(problem, code="invalid_characters")


def validate_name(value) -> None:
    if isinstance(value, str) and (problem := name_problem(value)):
        raise ValidationError(problem, code="invalid_characters")


def validate_date(value: datetime.date | None) -> None:
    """A date of a record: from 1945 (the first emulation movements) to 2100, like the years."""
    if value is not None and not FIRST_DATE <= value <= LAST_DATE:
        raise ValidationError(
            _("Ngày %(date)s nằm ngoài khoảng cho phép (01/01/1945 – 31/12/2100).")
            % {"date": value.strftime("%d/%m/%Y") if value.year >= 1000 else value.isoformat()},
            code="date_range",
        )


class _NormalisedText:
    """Stored NFC: the same words typed with composed or decomposed accents are the same text."""

    def to_python(self, value):
        value = super().to_python(value)
        return nfc(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
            value = nfc(value)
            setattr(model_instance, self.attname, value)
        return value


class TextField(_NormalisedText, models.TextField):
    """Free text (a report, shortcomings): NFC, no lone surrogate, NUL or direction override."""

    default_validators = [validate_text]


class LineField(_NormalisedText, models.CharField):
    """One line of free text (a meeting's title or venue, a criterion): like ``TextField``."""

    default_validators = [validate_text]


class NameField(_NormalisedText, models.CharField):
    """A name, title, code or number: NFC and nothing invisible in it."""

    default_validators = [validate_name]


class DateField(models.DateField):
    """A date of a record, between 1945 and 2100."""

    default_validators = [validate_date]
