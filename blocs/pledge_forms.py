"""Forms of the pledge pages: criteria, signatures and the score grid.

They read what Vietnamese users type (decimal comma, dd/mm/yyyy) and hand plain values to
``blocs.services``, which holds the rules; a service's errors are put back beside the field they name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members.models import Agency
from members.text import nfc

from .models import Criterion, Signature
from .templatetags.pledge_tags import points_text

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class VietnameseDateField(forms.DateField):
    """A date typed dd/mm/yyyy (Django's defaults would read 04/01/2018 as April 1st)."""

    widget = forms.DateInput(
        format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
    )
    default_error_messages = {"invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/03/2025.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)


def normalize_points(text: str) -> str:
    """Points as typed ("8,5", "8.5", " 10 ", "1.234,5") in the form the services read ("8.5", "1234.5")."""
    text = text.strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return text


def add_service_errors(form: forms.Form, error: ValidationError, *, rename: Mapping[str, str] | None = None) -> None:
    """Show a service's refusal: messages keyed by a field of the form go beside it, the others on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, errors in error.error_dict.items():
        name = (rename or {}).get(key, key)
        form.add_error(name if name in form.fields else None, [m for e in errors for m in e.messages])


class CriterionForm(forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=20, widget=forms.TextInput(attrs={"size": 4}))
    title = forms.CharField(label=_("Nội dung tiêu chí"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    max_points = forms.CharField(
        label=_("Điểm tối đa"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6})
    )

    def clean_code(self) -> str:
        return nfc(self.cleaned_data["code"].strip())

    def clean_max_points(self) -> Decimal:
        text = normalize_points(self.cleaned_data["max_points"])
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise ValidationError(_("Nhập số điểm, ví dụ 10 hoặc 7,5."))
        # Mirrors Criterion.clean(), so the message sits beside the row when the pledge is created.
        if value <= 0:
            raise ValidationError(_("Điểm tối đa phải lớn hơn 0."))
        return value


class BaseCriterionFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Xoá tiêu chí này")

    def kept_forms(self) -> list[forms.Form]:
        """The rows kept, in order: not marked for deletion, and not an extra row left empty (those are not
        validated, so their ``cleaned_data`` is empty)."""
        return [form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]

    def clean(self) -> None:
        # Mirrors criterion_code_unique_per_pledge and pledge_create's "at least one criterion", so that
        # the messages sit beside the rows; checked even when another field of a row is wrong.
        codes: set[str] = set()
        kept = self.kept_forms()
        for form in kept:
            code = form.cleaned_data.get("code")
            if code and code in codes:
                form.add_error("code", _("Mã tiêu chí đã có trong giao ước."))
            codes.add(code)
        if not kept and not any(self.errors):
            raise ValidationError(_("Giao ước phải có ít nhất một tiêu chí."))

    def rows(self) -> list[dict]:
        return [
            {field: form.cleaned_data[field] for field in ("code", "title", "max_points")} for form in self.kept_forms()
        ]

    def add_service_errors(self, error: ValidationError) -> list[str]:
        """Put the service's ``"<row>-<field>"`` errors beside their fields; return the messages left over."""
        if not hasattr(error, "error_dict"):
            return list(error.messages)
        kept = self.kept_forms()
        left: list[str] = []
        for key, errors in error.error_dict.items():
            messages = [m for e in errors for m in e.messages]
            row, _sep, field = key.partition("-")
            if row.isdigit() and int(row) < len(kept):
                form = kept[int(row)]
                form.add_error(field if field in form.fields else None, messages)
            else:
                left += messages
        return left


def criterion_formset(*, extra: int) -> type[BaseCriterionFormSet]:
    return forms.formset_factory(
        CriterionForm, formset=BaseCriterionFormSet, extra=extra, can_delete=True, can_delete_extra=False
    )


def criteria_initial(criteria: Sequence[Criterion]) -> list[dict]:
    return [{"code": c.code, "title": c.title, "max_points": points_text(c.max_points)} for c in criteria]


class PledgeCreateForm(forms.Form):
    signed_on = VietnameseDateField(
        label=_("Ngày ký giao ước"), required=False, help_text=_("Có thể để trống và nhập khi ghi chữ ký.")
    )


class SignatureSheetForm(forms.Form):
    """The pledge's signing date and, for each member agency, who signed it, in what capacity and when."""

    FIELDS = ("signer", "title", "signed_on")

    signed_on = VietnameseDateField(label=_("Ngày ký giao ước"), required=False)

    def __init__(self, *args, agencies: Sequence[Agency], signatures: Mapping[int, Signature], **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = list(agencies)
        for agency in self.agencies:
            signature = signatures.get(agency.pk)
            self.fields[f"{agency.pk}-signer"] = forms.CharField(
                label=_("Người ký"), required=False, max_length=300, initial=signature.signer if signature else ""
            )
            self.fields[f"{agency.pk}-title"] = forms.CharField(
                label=_("Chức vụ"), required=False, max_length=300, initial=signature.title if signature else ""
            )
            self.fields[f"{agency.pk}-signed_on"] = VietnameseDateField(
                label=_("Ngày ký"), required=False, initial=signature.signed_on if signature else None
            )

    def rows(self) -> list[tuple[Agency, list[forms.BoundField]]]:
        return [(agency, [self[f"{agency.pk}-{field}"] for field in self.FIELDS]) for agency in self.agencies]

    def signatures(self) -> dict[int, dict]:
        return {
            agency.pk: {field: self.cleaned_data.get(f"{agency.pk}-{field}") for field in self.FIELDS}
            for agency in self.agencies
        }


class ScoreSheetForm(forms.Form):
    """One input per member agency and criterion, named ``"<agency id>-<criterion id>"`` like the keys of
    the errors ``scores_record`` reports; an empty cell clears the score."""

    def __init__(
        self,
        *args,
        agencies: Sequence[Agency],
        criteria: Sequence[Criterion],
        stored: Mapping[tuple[int, int], Decimal | None],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.agencies, self.criteria = list(agencies), list(criteria)
        for agency in self.agencies:
            for criterion in self.criteria:
                self.fields[f"{agency.pk}-{criterion.pk}"] = forms.CharField(
                    required=False,
                    max_length=20,
                    initial=points_text(stored.get((agency.pk, criterion.pk))),
                    label=f"{agency} — {criterion.code}",
                )

    def grid(self) -> list[tuple[Agency, list[tuple[Criterion, forms.BoundField]]]]:
        return [
            (agency, [(criterion, self[f"{agency.pk}-{criterion.pk}"]) for criterion in self.criteria])
            for agency in self.agencies
        ]

    def points(self) -> dict[tuple[int, int], str]:
        """(agency id, criterion id) → the points as the service reads them ("" clears the score), for the
        cells that differ from the points saved: an unchanged sheet writes nothing."""
        changed = set(self.changed_data)
        return {
            (agency.pk, criterion.pk): normalize_points(self.cleaned_data.get(name) or "")
            for agency in self.agencies
            for criterion in self.criteria
            if (name := f"{agency.pk}-{criterion.pk}") in changed
        }
