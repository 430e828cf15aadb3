"""Forms of the pledge pages: criteria, signatures and the score grid.

They read what Vietnamese users type (decimal comma, dd/mm/yyyy) and hand plain values to
``blocs.services``, which holds the rules; a service's errors are put back beside the field they name.

Every sheet also carries the pledge's version and the values it showed (``SheetVersionForm``): a save
over someone else's change is refused by the service, and the page is shown again with that change
named and, on the signatures and the score grid, merged with what the user typed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.fields import validate_date
from core.numbers import number_text
from core.text import nfc
from members.models import Agency

from .models import Criterion, Pledge, Signature

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class VietnameseDateField(forms.DateField):
    """A date typed dd/mm/yyyy (Django's defaults would read 04/01/2018 as April 1st)."""

    widget = forms.DateInput(
        format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
    )
    default_error_messages = {"invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/03/2025.")}
    # The records' own bound (core.fields.DateField), said beside the field.
    default_validators = [validate_date]

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)


def normalize_points(text: str) -> str:
    """Points as typed ("8,5", "8.5", " 10 ", "1.234,5") in the form the services read ("8.5", "1234.5")."""
    text = text.strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return text


def same_points(a: str, b: str) -> bool:
    """Whether two typed points mean the same ("8,5", "8.50"); text that is no number compares as typed."""
    a, b = normalize_points(a or ""), normalize_points(b or "")
    try:
        return Decimal(a) == Decimal(b)
    except InvalidOperation:
        return a == b


class SheetVersionForm(forms.Form):
    """What a pledge page was built from: the pledge's ``version`` and the values the page showed.

    The services refuse a save whose version is no longer the pledge's; the values shown, compared with
    those stored now, tell the user what changed meanwhile.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    loaded = forms.CharField(widget=forms.HiddenInput, required=False)

    @classmethod
    def carrying(cls, pledge: Pledge, values: Mapping) -> SheetVersionForm:
        return cls(initial={"version": pledge.version, "loaded": json.dumps(values, ensure_ascii=False)})

    def expected_version(self) -> int | None:
        """The version the page was built from; None when the client sent none (nothing to compare).
        A value that is no number counts as stale: refusing is safe, overwriting is not."""
        text = (self.data.get("version") or "").strip()
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            return 0

    def loaded_values(self) -> dict:
        try:
            values = json.loads(self.data.get("loaded") or "{}")
        except ValueError:
            return {}
        return values if isinstance(values, dict) else {}


def _texts(value) -> dict[str, str]:
    """A mapping read back from the page, as text (anything else is ignored: the page may be tampered)."""
    if not isinstance(value, dict):
        return {}
    return {str(k): "" if v is None else str(v) for k, v in value.items()}


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return (text if len(text) <= 80 else text[:79] + "…") or str(_("(trống)"))


def change_line(what: str, before: str, after: str) -> str:
    """One change made meanwhile, as listed to the user: "Sở Tài chính — tiêu chí 2: 8,5 → 9"."""
    return _("%(what)s: %(before)s → %(after)s") % {"what": what, "before": _shown(before), "after": _shown(after)}


def merge_sheet(
    cells: Iterable[tuple[str, str]],
    *,
    typed: Mapping[str, str],
    loaded: Mapping[str, str],
    same: Callable[[str, str, str], bool],
) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Three-way merge of a sheet after a refused save. ``cells``: (name, value stored now) in page order;
    ``same(name, a, b)`` compares two values of a cell.

    A cell the user changed keeps what they typed; any other cell takes the value stored now, so saving
    again overwrites nothing the user did not touch. Returns the values to show, the cells changed on
    both sides differently (name → stored value), and the names of the cells changed meanwhile.
    """
    data: dict[str, str] = {}
    conflicts: dict[str, str] = {}
    changed: list[str] = []
    for name, now in cells:
        before = loaded.get(name, "")
        if not same(name, before, now):
            changed.append(name)
        mine = typed.get(name)
        if mine is not None and not same(name, mine, before):
            data[name] = mine
            if not same(name, now, before) and not same(name, mine, now):
                conflicts[name] = now
        else:
            data[name] = now
    return data, conflicts, changed


def mark_conflicts(form: forms.Form, conflicts: Mapping[str, str]) -> None:
    for name, now in conflicts.items():
        form.add_error(
            name, _("Người khác vừa lưu ô này: %(value)s. Ô vẫn giữ nội dung bạn nhập.") % {"value": _shown(now)}
        )


class SheetForm(forms.Form):
    """A sheet the page shows whole, a row per member agency (signatures, attendance, ranking, votes): its
    cells as text, and after a refused save the sheet merged from what the user typed and what is stored now
    (``merge_sheet``), with the changes made meanwhile named. Subclasses keep their rows' agencies in
    ``self.agencies`` and are built again from new data by ``rebuilt``."""

    agencies: list[Agency]

    def rebuilt(self, data: Mapping[str, str]) -> SheetForm:
        raise NotImplementedError

    def cell_text(self, name: str, value) -> str:
        """A cell's value as the page shows it: a ticked box "on", a date dd/mm/yyyy, a choice its value."""
        widget = self.fields[name].widget
        if isinstance(widget, forms.CheckboxInput):
            return "on" if value else ""
        shown = widget.format_value(value)
        if isinstance(shown, list):  # choice widgets give the chosen values as a list
            shown = shown[0] if shown else ""
        return "" if shown is None else str(shown)

    def shown(self) -> dict[str, str]:
        """Every cell as the page shows it when first opened, by field name."""
        return {name: self.cell_text(name, self[name].initial) for name in self.fields}

    def typed(self) -> dict[str, str]:
        """Every cell as the user sent it (an unticked box sends nothing: it is "")."""
        return {name: self.cell_text(name, self[name].data) for name in self.fields}

    def label_of(self, name: str) -> str:
        agency_id, _sep, field = name.partition("-")
        if not field:
            return str(self.fields[name].label)
        agency = next(a for a in self.agencies if str(a.pk) == agency_id)
        return f"{agency.name} — {str(self.fields[name].label).lower()}"

    def same(self, name: str, a: str, b: str) -> bool:
        """Two values of a cell mean the same once read (“4/1/2025” and “04/01/2025”, “3” and “ 3”)."""
        field = self.fields[name]
        try:
            return field.clean(a) == field.clean(b)
        except ValidationError:
            return a.strip() == b.strip()

    def conflict(self, *, typed: Mapping[str, str], loaded: Mapping) -> tuple[SheetForm, list[str]]:
        """After a refused save, with ``self`` built from what is stored now: the changes made meanwhile, and
        the sheet to show again (see ``merge_sheet``)."""
        shown, loaded = self.shown(), _texts(loaded)
        data, conflicts, changed = merge_sheet(shown.items(), typed=typed, loaded=loaded, same=self.same)
        form = self.rebuilt(data)
        form.is_valid()
        mark_conflicts(form, conflicts)
        return form, [
            change_line(self.label_of(n), self.shown_text(n, loaded.get(n, "")), self.shown_text(n, shown[n]))
            for n in changed
        ]

    def shown_text(self, name: str, text: str) -> str:
        """A cell's text as a change line names it (a box: "có"/"không")."""
        if isinstance(self.fields[name].widget, forms.CheckboxInput):
            return str(_("có") if text else _("không"))
        return text


MERGED_ADVICE = _(
    "Những gì bạn nhập vẫn được giữ bên dưới; các ô bạn không sửa đã lấy giá trị mới, ô bị sửa ở cả hai "
    "phía được đánh dấu. Kiểm tra lại rồi bấm Lưu lần nữa."
)


def conflict_notice(error: ValidationError, changes: list[str], advice: str = MERGED_ADVICE) -> dict:
    """What a page says after a refused stale save (``includes/_sheet_version.html``)."""
    return {"message": error.messages[0], "changes": changes, "advice": advice}


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
    return [{"code": c.code, "title": c.title, "max_points": number_text(c.max_points)} for c in criteria]


def criteria_snapshot(criteria: Sequence[Criterion]) -> dict:
    """The criteria as the page showed them, compared after a refused save."""
    return {"criteria": [[c.code, c.title, number_text(c.max_points)] for c in criteria]}


def criteria_changes(loaded: Mapping, criteria: Sequence[Criterion]) -> list[str]:
    """What changed in the criteria since the page showed them ``loaded`` (by code)."""
    rows = loaded.get("criteria")
    before = {
        str(row[0]): [str(v) for v in row]
        for row in (rows if isinstance(rows, list) else [])
        if isinstance(row, list) and len(row) == 3
    }
    after = {c.code: [c.code, c.title, number_text(c.max_points)] for c in criteria}
    lines: list[str] = []
    for code, (_code, title, points) in after.items():
        name = _("Tiêu chí %(code)s") % {"code": code}
        if code not in before:
            lines.append(
                _("%(criterion)s được thêm: %(title)s (tối đa %(points)s)")
                % {"criterion": name, "title": _shown(title), "points": points}
            )
            continue
        _code, old_title, old_points = before[code]
        if not same_points(old_points, points):
            lines.append(change_line(f"{name} — {_('điểm tối đa')}", old_points, points))
        if old_title != title:
            lines.append(change_line(f"{name} — {_('nội dung')}", old_title, title))
    for code, (_code, title, _points) in before.items():
        if code not in after:
            lines.append(
                _("%(criterion)s đã bị xoá: %(title)s")
                % {"criterion": _("Tiêu chí %(code)s") % {"code": code}, "title": _shown(title)}
            )
    if not lines and [c for c in before if c in after] != [c for c in after if c in before]:
        lines.append(_("Thứ tự các tiêu chí đã thay đổi."))
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
        self.agencies, self.criteria, self.stored = list(agencies), list(criteria), stored
        for agency in self.agencies:
            for criterion in self.criteria:
                self.fields[f"{agency.pk}-{criterion.pk}"] = forms.CharField(
                    required=False,
                    max_length=20,
                    initial=number_text(stored.get((agency.pk, criterion.pk))),
                    label=f"{agency} — {criterion.code}",
                )

    def snapshot(self) -> dict:
        """The grid as the page showed it: the criteria (id → code, the cells are named by id) and the points."""
        return {
            "criteria": {str(c.pk): c.code for c in self.criteria},
            "cells": {name: field.initial for name, field in self.fields.items() if field.initial},
        }

    def label_of(self, agency: Agency, criterion: Criterion) -> str:
        return f"{agency.name} — {_('tiêu chí %(code)s') % {'code': criterion.code}}"

    def conflict(self, *, typed: Mapping[str, str], loaded: Mapping) -> tuple[ScoreSheetForm, list[str]]:
        """After a refused save, with ``self`` built from what is stored now: the changes made meanwhile
        ("Sở Tài chính — tiêu chí 2: 8,5 → 9"), and the grid to show again (see ``merge_sheet``).

        The cells are named by criterion id; when the criteria were replaced meanwhile, a cell follows its
        criterion's code.
        """
        codes = _texts(loaded.get("criteria"))
        now_ids = {c.code: str(c.pk) for c in self.criteria}

        def renamed(name: str) -> str | None:
            agency_id, _sep, criterion_id = name.partition("-")
            if not codes:
                return name
            code = codes.get(criterion_id)
            return f"{agency_id}-{now_ids[code]}" if code in now_ids else None

        def moved(values: Mapping[str, str]) -> dict[str, str]:
            return {new: value for name, value in values.items() if (new := renamed(name)) is not None}

        before = moved(_texts(loaded.get("cells")))
        cells = [(name, field.initial) for name, field in self.fields.items()]
        data, conflicts, changed = merge_sheet(
            cells, typed=moved(typed), loaded=before, same=lambda _name, a, b: same_points(a, b)
        )
        form = ScoreSheetForm(data, agencies=self.agencies, criteria=self.criteria, stored=self.stored)
        form.is_valid()
        mark_conflicts(form, conflicts)
        lines = []
        if codes and list(codes) != [str(c.pk) for c in self.criteria]:
            lines.append(_("Các tiêu chí của giao ước đã được sửa."))
        cell = {f"{a.pk}-{c.pk}": (a, c) for a in self.agencies for c in self.criteria}
        lines += [change_line(self.label_of(*cell[n]), before.get(n, ""), self.fields[n].initial) for n in changed]
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
            (agency.pk, criterion.pk): normalize_points(self.cleaned_data.get(name) or "")
            for agency in self.agencies
            for criterion in self.criteria
            if (name := f"{agency.pk}-{criterion.pk}") in changed
        }
