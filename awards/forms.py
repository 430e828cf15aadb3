"""Forms of the board's pages: award types (their vote rule and quota), legal bases and award decisions."""

from __future__ import annotations

from decimal import InvalidOperation
from fractions import Fraction

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awards.models import AwardType
from core.forms import VietnameseDateField
from core.numbers import parse_number, percent_text
from members.models import code_validator

RATIO_INVALID = _("Nhập tỷ lệ dạng phần trăm hoặc phân số, ví dụ 50%, 0,5 hoặc 2/3.")
RATIO_RANGE = _("Tỷ lệ phải lớn hơn 0 và không quá 100%.")


def _number(text: str) -> Fraction:
    number = parse_number(text)
    if number is None:
        raise InvalidOperation
    return Fraction(number)


def typed_fraction(text: str) -> Fraction:
    """A share of a whole as board staff write it: "50%" and "50" are percentages, "0,5" and "0.5" fractions (a
    bare number above 1 is read as a percentage, so "1" means all), "2/3" a quotient. ValueError otherwise."""
    raw = (text or "").strip().replace(" ", "")
    try:
        if raw.endswith("%"):
            return _number(raw[:-1]) / 100
        if "/" in raw:
            numerator, denominator = raw.split("/", 1)
            return _number(numerator) / _number(denominator)
        value = _number(raw)
        return value / 100 if value > 1 else value
    except (InvalidOperation, ValueError, ZeroDivisionError):
        raise ValueError(text) from None


def parse_ratio(text: str) -> float:
    """A vote threshold as board staff write it (``typed_fraction``), as the fraction stored in
    ``AwardType.ratio``: "50%", "50", "0,5" and "0.5" are 0.5, "2/3" 0.666…"""
    try:
        value = typed_fraction(text)
    except ValueError:
        raise ValidationError(RATIO_INVALID, code="invalid") from None
    if not 0 < value <= 1:
        raise ValidationError(RATIO_RANGE, code="range")
    return float(value)


def ratio_text(ratio: float) -> str:
    """The stored ratio as it is edited: "50%", "66,67%", or "2/3" when no short percentage says it exactly
    (``core.numbers.percent_text`` writes the percentages)."""
    exact = Fraction(ratio)
    if abs(round(exact, 4) - exact) < Fraction(1, 10**9):
        return percent_text(exact)
    simple = exact.limit_denominator(100)
    if abs(simple - exact) < Fraction(1, 10**9):
        return f"{simple.numerator}/{simple.denominator}"
    # Neither says it (an imported ratio, say): six decimals, so that saving the form again keeps the ratio.
    return percent_text(exact, places=6)


class FractionField(forms.Field):
    """A share of a whole typed as a percentage or a fraction (``parse``), shown back as ``text`` writes it; a
    value of type ``kind`` is already parsed."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": 20})
    kind: type = float
    parse = staticmethod(parse_ratio)
    text = staticmethod(ratio_text)

    def prepare_value(self, value):
        return self.text(value) if isinstance(value, self.kind) else value

    def to_python(self, value):
        if isinstance(value, self.kind):
            return value
        text = str(value or "").strip()
        return self.parse(text) if text else None


class RatioField(FractionField):
    """A vote threshold (``parse_ratio``), shown back as ``ratio_text`` writes it: "50%", "2/3"."""


class AwardTypeForm(forms.Form):
    name = forms.CharField(label=_("Tên hình thức khen thưởng"), max_length=500)
    conferred_by = forms.CharField(
        label=_("Cấp quyết định"), max_length=500, required=False, help_text=_("Ví dụ: Chủ tịch UBND tỉnh")
    )
    quota_per_bloc = forms.IntegerField(
        label=_("Chỉ tiêu mỗi khối mỗi năm"),
        required=False,
        min_value=0,
        max_value=32767,
        help_text=_("Số đề nghị được đạt tối đa của một khối trong một năm. Để trống nếu không giới hạn."),
    )
    basis = forms.ChoiceField(label=_("Tỷ lệ tính trên"), choices=AwardType.Basis.choices, widget=forms.RadioSelect)
    ratio = RatioField(
        label=_("Tỷ lệ phiếu đồng ý"),
        help_text=_("Phần trăm hoặc phân số: 50%, 50, 0,5 hoặc 2/3."),
    )
    strict = forms.BooleanField(
        label=_("Phải vượt tỷ lệ (“trên”)"),
        required=False,
        help_text=_(
            "Đánh dấu: phải lớn hơn tỷ lệ, ví dụ trên 50%. Bỏ đánh dấu: đạt tỷ lệ là đủ, ví dụ từ 2/3 trở lên."
        ),
    )

    flag = forms.ChoiceField(
        label=_("Loại cờ thi đua"),
        choices=AwardType.Flag.choices,
        required=False,
        help_text=_(
            "Cờ thi đua cấp tỉnh: chỉ cho đơn vị dẫn đầu khối; Cờ thi đua của Chính phủ: chỉ cho đơn vị đạt tiêu "
            "chuẩn Cờ cấp tỉnh, trong tỷ lệ tối đa (Điều kiện xét khen thưởng). Mỗi loại chỉ một hình thức."
        ),
    )

    @classmethod
    def initial_of(cls, award_type: AwardType) -> dict:
        return {field: getattr(award_type, field) for field in cls.base_fields}


class AwardTypeCreateForm(AwardTypeForm):
    """A province's own award type: its code, then what every award type has."""

    code = forms.CharField(
        label=_("Mã"),
        max_length=40,
        validators=[code_validator],
        help_text=_("Mã ngắn, không dấu, không đổi được sau khi tạo; ví dụ BK_SO."),
    )
    field_order = ["code", "name", "conferred_by", "quota_per_bloc", "basis", "ratio", "strict", "flag"]

    def __init__(self, *args, organizer, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizer = organizer

    def clean_code(self) -> str:
        # Mirrors the constraint award_type_code_unique_per_organizer, so that the message sits beside the field.
        code = self.cleaned_data["code"].strip()
        if AwardType.objects.filter(organizer=self.organizer, code=code).exists():
            raise ValidationError(_("Mã hình thức khen thưởng này đã có trong tỉnh."))
        return code


class LegalBasisForm(forms.Form):
    """A law, decree or provincial rule, and the period it is in force."""

    number = forms.CharField(label=_("Số hiệu"), max_length=200, help_text=_("Ví dụ: 152/2025/NĐ-CP"))
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=1000,
        help_text=_("Ví dụ: Nghị định quy định chi tiết một số điều của Luật Thi đua, khen thưởng"),
    )
    valid_from = VietnameseDateField(label=_("Có hiệu lực từ ngày"))
    valid_to = VietnameseDateField(
        label=_("Hết hiệu lực từ ngày"), required=False, help_text=_("Để trống nếu văn bản còn hiệu lực.")
    )

    @classmethod
    def initial_of(cls, legal_basis) -> dict:
        return {field: getattr(legal_basis, field) for field in cls.base_fields}
