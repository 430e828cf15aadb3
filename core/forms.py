"""Form helpers every page uses: dates typed dd/mm/yyyy, a service's refusal put beside the fields it names,
and what a page does after a refused stale save (the version it carries, the three-way merge of a sheet,
the box that says what changed meanwhile)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .fields import validate_date
from .validation import STALE

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


class SheetVersionForm(forms.Form):
    """What a page was built from: the version of the record (or of the part of it) the page edits, and the
    values the page showed.

    The services refuse a save whose version is no longer the record's (code ``"stale"``); the values shown,
    compared with those stored now, tell the user what changed meanwhile.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    loaded = forms.CharField(widget=forms.HiddenInput, required=False)

    @classmethod
    def carrying(cls, version: int | str, values: Mapping) -> SheetVersionForm:
        return cls(initial={"version": version, "loaded": json.dumps(dict(values), ensure_ascii=False)})

    def expected_version(self) -> str | None:
        """The version the page was built from, as sent; None when the client sent none (nothing to compare).
        A value that is not the record's version, whatever it is, counts as stale: refusing is safe."""
        return (self.data.get("version") or "").strip()[:64] or None

    def loaded_values(self) -> dict:
        try:
            values = json.loads(self.data.get("loaded") or "{}")
        except ValueError:
            return {}
        return values if isinstance(values, dict) else {}


def texts_of(value) -> dict[str, str]:
    """A mapping read back from the page, as text (anything else is ignored: the page may be tampered)."""
    if not isinstance(value, dict):
        return {}
    return {str(k): "" if v is None else str(v) for k, v in value.items()}


def short_text(text: str) -> str:
    text = " ".join(text.split())
    return (text if len(text) <= 80 else text[:79] + "…") or str(_("(trống)"))


def change_line(what: str, before: str, after: str) -> str:
    """One change made meanwhile, as listed to the user: "Sở Tài chính — tiêu chí 2: 8,5 → 9"."""
    return _("%(what)s: %(before)s → %(after)s") % {
        "what": what,
        "before": short_text(before),
        "after": short_text(after),
    }


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
            name, _("Người khác vừa lưu ô này: %(value)s. Ô vẫn giữ nội dung bạn nhập.") % {"value": short_text(now)}
        )


class SheetForm(forms.Form):
    """A sheet the page shows whole, a row per member agency (signatures, attendance, ranking, votes): its
    cells as text, and after a refused save the sheet merged from what the user typed and what is stored now
    (``merge_sheet``), with the changes made meanwhile named. Subclasses keep their rows' agencies in
    ``self.agencies`` and are built again from new data by ``rebuilt``."""

    agencies: Sequence  # the rows' records (agencies): a pk and a name each

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

    def snapshot(self) -> dict:
        """What the page carries of the values it showed (``SheetVersionForm.loaded``), read back as
        ``conflict``'s ``loaded``: the cells shown, unless a subclass needs more."""
        return self.shown()

    def carrying(self, version: int | str) -> SheetVersionForm:
        """The hidden form of a page showing this sheet, built from the record at ``version``."""
        return SheetVersionForm.carrying(version, self.snapshot())

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
        shown, loaded = self.shown(), texts_of(loaded)
        data, conflicts, changed = merge_sheet(shown.items(), typed=typed, loaded=loaded, same=self.same)
        form = self.rebuilt(data)
        form.is_valid()
        mark_conflicts(form, conflicts)
        return form, [
            change_line(self.label_of(n), self.shown_text(n, loaded.get(n, "")), self.shown_text(n, shown[n]))
            for n in changed
        ]

    def merged(
        self, error: ValidationError, *, version: int | str, typed: Mapping[str, str], sent: SheetVersionForm
    ) -> tuple[SheetForm, SheetVersionForm, dict]:
        """A save refused as stale (``is_stale``), with ``self`` built from what is stored now at ``version``:
        the sheet to show again (``conflict``), the hidden form that now carries ``version`` (saving again
        is a knowing overwrite), and the notice naming the changes made meanwhile (``conflict_notice``).
        ``typed``: the cells as the user sent them; ``sent``: the hidden form the page sent."""
        form, changes = self.conflict(typed=typed, loaded=sent.loaded_values())
        return form, self.carrying(version), conflict_notice(error, changes)

    def shown_text(self, name: str, text: str) -> str:
        """A cell's text as a change line names it: a box "có"/"không", a choice its label (an agency's name,
        "Đồng ý"), not its value."""
        field = self.fields[name]
        if isinstance(field.widget, forms.CheckboxInput):
            return str(_("có") if text else _("không"))
        if text and hasattr(field, "choices"):
            return next((str(label) for value, label in field.choices if str(value) == text), text)
        return text


MERGED_ADVICE = _(
    "Những gì bạn nhập vẫn được giữ bên dưới; các ô bạn không sửa đã lấy giá trị mới, ô bị sửa ở cả hai "
    "phía được đánh dấu. Kiểm tra lại rồi bấm Lưu lần nữa."
)


def is_stale(error: ValidationError) -> bool:
    """Whether a service refused a save because the page was built from an older version of the record."""
    return getattr(error, "code", None) == STALE


def conflict_notice(error: ValidationError, changes: list[str], advice: str = MERGED_ADVICE) -> dict:
    """What a page says after a refused stale save (``includes/_sheet_version.html``)."""
    return {"message": error.messages[0], "changes": changes, "advice": advice}


def add_service_errors(
    form: forms.Form,
    error: ValidationError,
    *,
    rename: Mapping[str, str] | None = None,
    elsewhere: str | None = None,
) -> None:
    """Show a service's refusal: messages keyed by a field of the form (or by a name ``rename`` maps to one)
    go beside it, the others beside the field ``elsewhere`` names, or on top of the form."""
    items = error.error_dict.items() if hasattr(error, "error_dict") else [(None, [error])]
    for key, errors in items:
        name = (rename or {}).get(key, key)
        form.add_error(name if name in form.fields else elsewhere, [m for e in errors for m in e.messages])


class ModelIdsField(forms.ModelMultipleChoiceField):
    """Records chosen by id (ticked boxes, a multiple select). An id beyond 64 bits is refused as invalid before
    any query: SQLite cannot bind it (OverflowError) and Django's ``__in`` lookup does not filter it out as its
    ``exact`` lookup does."""

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


class ConfirmForm(forms.Form):
    """The button of a confirmation page: nothing to fill in, but a POST with its CSRF token."""

    def __init__(self, *args, action: str = "", submit: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = crispy_helper(action=action, submit=submit or _("Xác nhận"), css_class="btn-danger")


def clear_filters_link() -> HTML:
    """The "Bỏ lọc" link beside a filter form's button: the page without its filters."""
    return HTML(format_html('<a class="btn btn-link" href="?">{}</a>', _("Bỏ lọc")))


def crispy_button(label, variant: str = "btn-primary", name: str = "submit") -> Submit:
    button = Submit(name, label)
    button.field_classes = f"btn {variant}"  # crispy's default "btn btn-primary" would fight other variants
    return button


def crispy_helper(*, action: str = "", submit: str, css_class: str = "btn-primary") -> FormHelper:
    helper = FormHelper()
    helper.form_action = action
    helper.add_input(crispy_button(submit, css_class))
    return helper
