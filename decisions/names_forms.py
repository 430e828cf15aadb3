"""The board's names over time (members.models.BoardName), edited as a list: a row for each period."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import VietnameseDateField
from core.text import nfc
from members.models import BoardName, board_name_problems
from pledges.forms import RowsFormSet


class BoardNameForm(forms.Form):
    name = forms.CharField(
        label=_("Tên cơ quan thi đua, khen thưởng"),
        max_length=500,
        help_text=_("Kèm cơ quan chủ quản nếu văn bản in cả tên đó, ví dụ Phòng Thi đua, khen thưởng - Sở Nội vụ"),
    )
    valid_from = VietnameseDateField(label=_("Từ ngày"))
    valid_until = VietnameseDateField(
        label=_("Đến hết ngày"), required=False, help_text=_("Để trống nếu tên này đang được dùng.")
    )

    def clean_name(self) -> str:
        return nfc(self.cleaned_data["name"].strip())


class BaseBoardNameFormSet(RowsFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Xoá tên này")

    def clean(self) -> None:
        # The rules of board_names_set (members.models.board_name_problems), each beside its row; the service
        # still decides. A row refused already (a date that is no date) says why.
        kept = [form for form in self.kept_forms() if not form.errors]
        rows = [
            BoardName(name=form.cleaned_data["name"], valid_from=form.cleaned_data["valid_from"],
                      valid_until=form.cleaned_data.get("valid_until"))
            for form in kept
        ]  # fmt: skip
        for index, by_field in board_name_problems(rows).items():
            for field, messages in by_field.items():
                kept[index].add_error(field if field in kept[index].fields else None, messages)

    def names(self) -> list[tuple[str, datetime.date, datetime.date | None]]:
        """The rows kept, as ``board_names_set`` takes them: (name, from, until or None)."""
        return [
            (form.cleaned_data["name"], form.cleaned_data["valid_from"], form.cleaned_data.get("valid_until"))
            for form in self.kept_forms()
        ]


def board_name_formset(*, extra: int) -> type[BaseBoardNameFormSet]:
    return forms.formset_factory(
        BoardNameForm, formset=BaseBoardNameFormSet, extra=extra, can_delete=True, can_delete_extra=False
    )


def board_names_initial(names: Sequence[BoardName]) -> list[dict]:
    return [{"name": n.name, "valid_from": n.valid_from, "valid_until": n.valid_until} for n in names]
