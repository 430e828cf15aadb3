"""Forms of the board's pages: award types (their vote rule and quota) and award decisions."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from blocs.models import Bloc
from core.forms import VietnameseDateField
from core.numbers import percent_text
from core.text import nfc
from members.models import Organizer

from .models import AwardType, Decision, Proposal

RATIO_INVALID = _("Nhập tỷ lệ dạng phần trăm hoặc phân số, ví dụ 50%, 0,5 hoặc 2/3.")
RATIO_RANGE = _("Tỷ lệ phải lớn hơn 0 và không quá 100%.")


def _number(text: str) -> Fraction:
    number = Decimal(text.replace(",", "."))  # raises InvalidOperation on anything else
    if not number.is_finite():
        raise InvalidOperation
    return Fraction(number)


def parse_ratio(text: str) -> float:
    """A vote threshold as board staff write it, as the fraction stored in ``AwardType.ratio``.

    "50%" and "50" are percentages, "0,5" and "0.5" fractions (a bare number above 1 is read as a
    percentage, so "1" means all), "2/3" a quotient: 0.5, 0.5, 0.5, 0.5, 0.666…
    """
    raw = (text or "").strip().replace(" ", "")
    try:
        if raw.endswith("%"):
            value = _number(raw[:-1]) / 100
        elif "/" in raw:
            numerator, denominator = raw.split("/", 1)
            value = _number(numerator) / _number(denominator)
        else:
            value = _number(raw)
            if value > 1:
                value /= 100
    except (InvalidOperation, ValueError, ZeroDivisionError):
        raise ValidationError(RATIO_INVALID, code="invalid") from None
    if not 0 < value <= 1:
        raise ValidationError(RATIO_RANGE, code="range")
    return float(value)


def ratio_text(ratio: float) -> str:
    """The stored ratio as it is edited: "50%", "66,67%", or "2/3" when no short percentage says it exactly."""
    exact = Fraction(ratio)
    percent = Fraction(round(exact * 10000), 100)
    if abs(percent / 100 - exact) < Fraction(1, 10**9):
        text = f"{float(percent):.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") + "%"
    simple = exact.limit_denominator(100)
    if abs(simple - exact) < Fraction(1, 10**9):
        return f"{simple.numerator}/{simple.denominator}"
    return percent_text(exact)


class RatioField(forms.Field):
    """A ratio typed as a percentage or a fraction (see ``parse_ratio``), shown back the same way."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": 20})

    def prepare_value(self, value):
        return ratio_text(value) if isinstance(value, float) else value

    def to_python(self, value) -> float | None:
        if isinstance(value, float):
            return value
        text = str(value or "").strip()
        return parse_ratio(text) if text else None


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

    @classmethod
    def initial_of(cls, award_type: AwardType) -> dict:
        return {field: getattr(award_type, field) for field in cls.base_fields}


class ProposalsField(forms.ModelMultipleChoiceField):
    """Proposals chosen by id. An id beyond 64 bits is refused as invalid before any query: SQLite cannot bind
    it (OverflowError) and Django's ``__in`` lookup does not filter it out as its ``exact`` lookup does."""

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk).strip())
            except ValueError:
                continue  # not a number: Django says so
            if not -(2**63) <= number < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class DecisionForm(forms.Form):
    """A decision's number, date and issuer, and the passed proposals it (also) awards."""

    number = forms.CharField(label=_("Số quyết định"), max_length=200, help_text=_("Ví dụ: 123/QĐ-UBND"))
    signed_on = VietnameseDateField(label=_("Ngày ký"))
    issued_by = forms.CharField(
        label=_("Cơ quan, người ban hành"),
        max_length=500,
        required=False,
        help_text=_("Ví dụ: Chủ tịch UBND tỉnh Quảng Ngãi"),
    )
    proposals = ProposalsField(
        label=_("Các đề nghị được khen thưởng"),
        queryset=Proposal.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("Đề nghị %(value)s không tồn tại hoặc không thuộc tỉnh."),
            "invalid_pk_value": _("Đề nghị %(pk)s không hợp lệ."),
        },
    )

    def __init__(self, *args, organizer: Organizer, decision: Decision | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizer, self.decision = organizer, decision
        # Any proposal of the province is accepted here: the service says why one cannot be awarded
        # (not passed, already awarded by decision X) beside the list.
        self.fields["proposals"].queryset = Proposal.objects.filter(bloc__organizer=organizer)

    def clean_number(self) -> str:
        number = nfc(self.cleaned_data["number"].strip())
        # Mirrors the constraint decision_number_unique_per_organizer, so the message sits beside the field.
        taken = Decision.objects.filter(organizer=self.organizer, number=number)
        if self.decision is not None:
            taken = taken.exclude(pk=self.decision.pk)
        if taken.exists():
            raise ValidationError(_("Số quyết định này đã có trong tỉnh."))
        return number

    def selected_ids(self) -> set[int]:
        """The proposals ticked, as typed (also when the form is shown again after a filter or an error)."""
        ids = set()
        for value in self["proposals"].value() or []:
            try:
                pk = int(value)
            except (TypeError, ValueError):
                continue
            if 0 < pk < 2**63:  # a database id; a larger number names no proposal and overflows the query
                ids.add(pk)
        return ids


class ProposalFilterForm(forms.Form):
    """Which passed proposals the decision form lists: by year, bloc and award type."""

    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    bloc = forms.ModelChoiceField(
        label=_("Khối, cụm"), queryset=Bloc.objects.none(), required=False, empty_label=_("Tất cả")
    )
    award_type = forms.ModelChoiceField(
        label=_("Hình thức"), queryset=AwardType.objects.none(), required=False, empty_label=_("Tất cả")
    )

    def __init__(self, *args, organizer: Organizer, **kwargs):
        kwargs.setdefault("prefix", "loc")
        super().__init__(*args, **kwargs)
        self.fields["bloc"].queryset = Bloc.objects.filter(organizer=organizer)
        self.fields["award_type"].queryset = AwardType.objects.filter(organizer=organizer)
        for name in ("bloc", "award_type"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def apply(self, proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
        if not self.is_valid():
            return proposals
        if year := self.cleaned_data.get("year"):
            proposals = proposals.filter(year=year)
        if bloc := self.cleaned_data.get("bloc"):
            proposals = proposals.filter(bloc=bloc)
        if award_type := self.cleaned_data.get("award_type"):
            proposals = proposals.filter(award_type=award_type)
        return proposals
