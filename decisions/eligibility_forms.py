"""Forms of the province's eligibility pages: its rules, the holds on agencies, the women's shares of a year."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awards.forms import FractionField, typed_fraction
from awards.models import AgencyHold, AwardPolicy
from blocs.models import YEAR_VALIDATORS
from core.numbers import percent_text
from members.models import Agency, Organizer

SHARE_INVALID = _("Nhập tỷ lệ dạng phần trăm hoặc số thập phân, ví dụ 70%, 0,7 hoặc 2/3.")
SHARE_RANGE = _("Tỷ lệ phải từ 0 đến 100%.")
THOUSANDTH = Decimal("0.001")


def parse_share(text: str) -> Decimal:
    """A share as board staff write it (``awards.forms.typed_fraction``: "70%", "70", "0,7", "2/3"), as stored:
    three decimals, 0 to 1."""
    try:
        value = typed_fraction(text)
    except ValueError:
        raise ValidationError(SHARE_INVALID, code="invalid") from None
    if not 0 <= value <= 1:
        raise ValidationError(SHARE_RANGE, code="range")
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(THOUSANDTH)


class ShareField(FractionField):
    """A share (``parse_share``), shown back as a percentage."""

    kind = Decimal
    parse = staticmethod(parse_share)
    text = staticmethod(percent_text)


class AwardPolicyForm(forms.Form):
    provincial_flag_mode = forms.ChoiceField(
        label=_("Cờ thi đua cấp tỉnh chỉ cho đơn vị dẫn đầu khối"),
        choices=AwardPolicy.Mode.choices,
        widget=forms.RadioSelect,
    )
    government_flag_mode = forms.ChoiceField(
        label=_("Cờ thi đua của Chính phủ chỉ cho đơn vị đạt tiêu chuẩn Cờ cấp tỉnh, trong tỷ lệ tối đa"),
        choices=AwardPolicy.Mode.choices,
        widget=forms.RadioSelect,
    )
    government_flag_share = ShareField(
        label=_("Tỷ lệ Cờ thi đua của Chính phủ tối đa"),
        required=False,
        help_text=_("Trên số đơn vị đạt tiêu chuẩn Cờ cấp tỉnh trong năm, ví dụ 20%. Để trống: không giới hạn."),
    )
    tie_women_share = ShareField(
        label=_("Tỷ lệ nữ được ưu tiên khi bằng số phiếu"),
        help_text=_("Ví dụ 70%: khi hai đơn vị bằng phiếu, đơn vị có từ 70% nữ trở lên được ưu tiên (ghi chú)."),
    )
    legal_basis = forms.CharField(
        label=_("Căn cứ các điều kiện"),
        max_length=500,
        help_text=_("Văn bản được nêu trong mỗi thông báo, ví dụ Nghị định 152/2025/NĐ-CP."),
    )

    @classmethod
    def initial_of(cls, policy: AwardPolicy) -> dict:
        initial = {name: getattr(policy, name) for name in cls.base_fields}
        initial["tie_women_share"] = Decimal(policy.tie_women_share)  # text in an unsaved default policy
        return initial


class HoldForm(forms.Form):
    """A hold on an agency for a year, with its reason."""

    agency = forms.ModelChoiceField(label=_("Cơ quan, đơn vị"), queryset=Agency.objects.none())
    year = forms.IntegerField(label=_("Năm"), validators=YEAR_VALIDATORS, min_value=1945, max_value=2100)
    kind = forms.ChoiceField(label=_("Lý do chưa xét khen thưởng"), choices=AgencyHold.Kind.choices)
    reason = forms.CharField(
        label=_("Nội dung"),
        max_length=1000,
        required=False,
        help_text=_("Ví dụ: số quyết định thanh tra, vụ việc đang xem xét."),
    )

    def __init__(self, *args, organizer: Organizer, **kwargs):
        super().__init__(*args, **kwargs)
        # The province's agencies only: another province's id is no choice here.
        self.fields["agency"].queryset = Agency.objects.filter(organizer=organizer).order_by("sort_key", "code")
        self.fields["agency"].widget.attrs["class"] = "form-select"


class WomenSharesForm(forms.Form):
    """The share of women of each agency in a year; an empty cell: not recorded."""

    def __init__(self, *args, agencies: Sequence[Agency], stored: Mapping[int, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies, self.stored = list(agencies), stored
        for agency in self.agencies:
            self.fields[f"{agency.pk}-share"] = ShareField(
                label=agency.name, required=False, initial=stored.get(agency.pk)
            )

    def rows(self) -> list[tuple[Agency, forms.BoundField]]:
        return [(agency, self[f"{agency.pk}-share"]) for agency in self.agencies]

    def changes(self) -> dict[Agency, Decimal | None]:
        """The agencies whose share differs from the one stored: agency → share (None: removed)."""
        changed = {}
        for agency in self.agencies:
            share = self.cleaned_data.get(f"{agency.pk}-share")
            if share != self.stored.get(agency.pk):
                changed[agency] = share
        return changed
