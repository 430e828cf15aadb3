"""Forms of the pledge pages: criteria, classification bands, signatures and the score grid.

They read what Vietnamese users type (decimal comma, dd/mm/yyyy) and hand plain values to
``blocs.services``, which holds the rules; a service's errors are put back beside the field they name.

Every sheet also carries the pledge's version and the values it showed (``SheetVersionForm``): a save
over someone else's change is refused by the service, and the page is shown again with that change
named and, on the signatures and the score grid, merged with what the user typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import (
    SheetForm,
    VietnameseDateField,
    add_service_errors,
    change_line,
    short_text,
    texts_of,
)
from core.numbers import number_text, parse_number, typed_number
from core.text import nfc
from members.models import Agency
from pledges.models import Band, Criterion, Signature


def same_points(a: str, b: str) -> bool:
    """Whether two typed points mean the same ("8,5", "8.50"); text that is no number compares as typed."""
    x, y = parse_number(a), parse_number(b)
    if x is None or y is None:
        return typed_number(a) == typed_number(b)
    return x == y


class CriterionForm(forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=20, widget=forms.TextInput(attrs={"size": 4}))
    title = forms.CharField(label=_("Nội dung tiêu chí"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    max_points = forms.CharField(
        label=_("Điểm tối đa"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6})
    )
    # Not sent (an older page, a script): a standard criterion, as in the interchange format.
    kind = forms.TypedChoiceField(
        label=_("Loại"),
        choices=Criterion.Kind.choices,
        initial=Criterion.Kind.STANDARD,
        required=False,
        empty_value=Criterion.Kind.STANDARD,
    )

    def clean_code(self) -> str:
        return nfc(self.cleaned_data["code"].strip())

    def clean_max_points(self) -> Decimal:
        value = parse_number(self.cleaned_data["max_points"])
        if value is None:
            raise ValidationError(_("Nhập số điểm, ví dụ 10 hoặc 7,5."))
        # Mirrors Criterion.clean(), so the message sits beside the row when the pledge is created.
        if value <= 0:
            raise ValidationError(_("Điểm tối đa phải lớn hơn 0."))
        return value


class RowsFormSet(forms.BaseFormSet):
    """A list edited as a whole (criteria, bands): the rows kept, and a service's errors put back beside them."""

    def kept_forms(self) -> list[forms.Form]:
        """The rows kept, in order: not marked for deletion, and not an extra row left empty (those are not
        validated, so their ``cleaned_data`` is empty)."""
        return [form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]

    def add_service_errors(self, error: ValidationError) -> list[str]:
        """Put the service's ``"<row>-<field>"`` errors beside their fields; return the messages left over."""
        if not hasattr(error, "error_dict"):
            return list(error.messages)
        kept = self.kept_forms()
        left: list[str] = []
        for key, errors in error.error_dict.items():
            row, _sep, field = key.partition("-")
            if row.isdigit() and int(row) < len(kept):
                add_service_errors(kept[int(row)], ValidationError({field: errors}))
            else:
                left += [m for e in errors for m in e.messages]
        return left


class BaseCriterionFormSet(RowsFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Xoá tiêu chí này")

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
            {field: form.cleaned_data[field] for field in ("code", "title", "max_points", "kind")}
            for form in self.kept_forms()
        ]


def criterion_formset(*, extra: int) -> type[BaseCriterionFormSet]:
    return forms.formset_factory(
        CriterionForm, formset=BaseCriterionFormSet, extra=extra, can_delete=True, can_delete_extra=False
    )


def criteria_initial(criteria: Sequence[Criterion]) -> list[dict]:
    return [
        {"code": c.code, "title": c.title, "max_points": number_text(c.max_points), "kind": c.kind} for c in criteria
    ]


def criteria_snapshot(criteria: Sequence[Criterion]) -> dict:
    """The criteria as the page showed them, compared after a refused save."""
    return {"criteria": [[c.code, c.title, number_text(c.max_points), c.kind] for c in criteria]}


def _kind_label(kind: str) -> str:
    return str(Criterion.Kind(kind).label) if kind in Criterion.Kind.values else kind


def criteria_changes(loaded: Mapping, criteria: Sequence[Criterion]) -> list[str]:
    """What changed in the criteria since the page showed them ``loaded`` (by code)."""
    rows = loaded.get("criteria")
    # A page built before criteria had kinds sent three values: its criteria were standard ones.
    before = {
        str(row[0]): [str(v) for v in row] + [Criterion.Kind.STANDARD] * (4 - len(row))
        for row in (rows if isinstance(rows, list) else [])
        if isinstance(row, list) and len(row) in (3, 4)
    }
    after = {c.code: [c.code, c.title, number_text(c.max_points), c.kind] for c in criteria}
    lines: list[str] = []
    for code, (_code, title, points, kind) in after.items():
        name = _("Tiêu chí %(code)s") % {"code": code}
        if code not in before:
            lines.append(
                _("%(criterion)s được thêm: %(title)s (tối đa %(points)s)")
                % {"criterion": name, "title": short_text(title), "points": points}
            )
            continue
        _code, old_title, old_points, old_kind = before[code]
        if old_kind != kind:
            lines.append(change_line(f"{name} — {_('loại')}", _kind_label(old_kind), _kind_label(kind)))
        if not same_points(old_points, points):
            lines.append(change_line(f"{name} — {_('điểm tối đa')}", old_points, points))
        if old_title != title:
            lines.append(change_line(f"{name} — {_('nội dung')}", old_title, title))
    for code, (_code, title, _points, _kind) in before.items():
        if code not in after:
            lines.append(
                _("%(criterion)s đã bị xoá: %(title)s")
                % {"criterion": _("Tiêu chí %(code)s") % {"code": code}, "title": short_text(title)}
            )
    if not lines and [c for c in before if c in after] != [c for c in after if c in before]:
        lines.append(_("Thứ tự các tiêu chí đã thay đổi."))
    return lines


class BandForm(forms.Form):
    name = forms.CharField(label=_("Xếp loại"), max_length=200)
    min_points = forms.CharField(
        label=_("Từ (điểm)"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6})
    )

    def clean_name(self) -> str:
        return nfc(self.cleaned_data["name"].strip())

    def clean_min_points(self) -> Decimal:
        value = parse_number(self.cleaned_data["min_points"])
        if value is None:
            raise ValidationError(_("Nhập số điểm, ví dụ 95 hoặc 87,5."))
        return value


class BaseBandFormSet(RowsFormSet):
    """The pledge's classification bands: a row each, in any order (shown best first)."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Xoá mức này")

    def clean(self) -> None:
        # Mirrors band_name_unique_per_pledge and band_min_unique_per_pledge beside the rows; no band at all
        # is allowed (the pledge then classifies nobody).
        names: set[str] = set()
        minimums: set[Decimal] = set()
        for form in self.kept_forms():
            name, minimum = form.cleaned_data.get("name"), form.cleaned_data.get("min_points")
            if name and name in names:
                form.add_error("name", _("Giao ước đã có mức xếp loại này."))
            if minimum is not None and minimum in minimums:
                form.add_error("min_points", _("Hai mức xếp loại không được có cùng điểm tối thiểu."))
            names.add(name)
            minimums.add(minimum)

    def rows(self) -> list[dict]:
        return [{field: form.cleaned_data[field] for field in ("name", "min_points")} for form in self.kept_forms()]


def band_formset(*, extra: int) -> type[BaseBandFormSet]:
    return forms.formset_factory(
        BandForm, formset=BaseBandFormSet, extra=extra, can_delete=True, can_delete_extra=False
    )


def bands_initial(bands: Sequence[Band]) -> list[dict]:
    return [{"name": b.name, "min_points": number_text(b.min_points)} for b in bands]


def bands_snapshot(bands: Sequence[Band]) -> dict:
    """The bands as the page showed them, compared after a refused save."""
    return {"bands": {b.name: number_text(b.min_points) for b in bands}}


def bands_changes(loaded: Mapping, bands: Sequence[Band]) -> list[str]:
    """What changed in the bands since the page showed them ``loaded`` (by name)."""
    before = texts_of(loaded.get("bands"))
    after = {b.name: number_text(b.min_points) for b in bands}
    lines: list[str] = []
    for name, points in after.items():
        what = _("Xếp loại %(name)s") % {"name": name}
        if name not in before:
            lines.append(_("%(band)s được thêm: từ %(points)s điểm") % {"band": what, "points": points})
        elif not same_points(before[name], points):
            lines.append(change_line(what, before[name], points))
    for name in before:
        if name not in after:
            lines.append(_("%(band)s đã bị xoá") % {"band": _("Xếp loại %(name)s") % {"name": name}})
    return lines


class PledgeCreateForm(forms.Form):
    signed_on = VietnameseDateField(
        label=_("Ngày ký giao ước"), required=False, help_text=_("Có thể để trống và nhập khi ghi chữ ký.")
    )


class SignatureSheetForm(SheetForm):
    """The pledge's signing date and, for each member agency, who signed it, in what capacity and when."""

    FIELDS = ("signer", "title", "signed_on")

    signed_on = VietnameseDateField(label=_("Ngày ký giao ước"), required=False)

    def __init__(self, *args, agencies: Sequence[Agency], signatures: Mapping[int, Signature], **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies, self.stored = list(agencies), signatures
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

    def rebuilt(self, data: Mapping[str, str]) -> SignatureSheetForm:
        return SignatureSheetForm(data, agencies=self.agencies, signatures=self.stored, initial=self.initial)


class ScoreSheetForm(SheetForm):
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
        self.agencies, self.criteria, self.stored = list(agencies), list(criteria), stored
        for agency in self.agencies:
            for criterion in self.criteria:
                self.fields[f"{agency.pk}-{criterion.pk}"] = forms.CharField(
                    required=False,
                    max_length=20,
                    initial=number_text(stored.get((agency.pk, criterion.pk))),
                    label=f"{agency} — {criterion.code}",
                )

    def rebuilt(self, data: Mapping[str, str]) -> ScoreSheetForm:
        return ScoreSheetForm(data, agencies=self.agencies, criteria=self.criteria, stored=self.stored)

    def snapshot(self) -> dict:
        """The grid as the page showed it: the criteria (id → code, the cells are named by id) and the points."""
        return {
            "criteria": {str(c.pk): c.code for c in self.criteria},
            "cells": {name: field.initial for name, field in self.fields.items() if field.initial},
        }

    def label_of(self, name: str) -> str:
        agency_id, _sep, criterion_id = name.partition("-")
        agency = next(a for a in self.agencies if str(a.pk) == agency_id)
        criterion = next(c for c in self.criteria if str(c.pk) == criterion_id)
        return f"{agency.name} — {_('tiêu chí %(code)s') % {'code': criterion.code}}"

    def same(self, name: str, a: str, b: str) -> bool:
        return same_points(a, b)

    def conflict(self, *, typed: Mapping[str, str], loaded: Mapping) -> tuple[SheetForm, list[str]]:
        """As ``SheetForm.conflict`` ("Sở Tài chính — tiêu chí 2: 8,5 → 9"), ``loaded`` being the grid's
        ``snapshot``. The cells are named by criterion id; when the criteria were replaced meanwhile, a cell
        follows its criterion's code.
        """
        codes = texts_of(loaded.get("criteria"))
        now_ids = {c.code: str(c.pk) for c in self.criteria}

        def renamed(name: str) -> str | None:
            agency_id, _sep, criterion_id = name.partition("-")
            if not codes:
                return name
            code = codes.get(criterion_id)
            return f"{agency_id}-{now_ids[code]}" if code in now_ids else None

        def moved(values: Mapping[str, str]) -> dict[str, str]:
            return {new: value for name, value in values.items() if (new := renamed(name)) is not None}

        form, lines = super().conflict(typed=moved(typed), loaded=moved(texts_of(loaded.get("cells"))))
        if codes and list(codes) != [str(c.pk) for c in self.criteria]:
            lines.insert(0, _("Các tiêu chí của giao ước đã được sửa."))
        return form, lines

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
            (agency.pk, criterion.pk): typed_number(self.cleaned_data.get(name) or "")
            for agency in self.agencies
            for criterion in self.criteria
            if (name := f"{agency.pk}-{criterion.pk}") in changed
        }
