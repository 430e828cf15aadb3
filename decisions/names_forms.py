"""The board's names over time (members.models.BoardName), edited as a list: a row for each period."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.fields import validate_name
from core.forms import VietnameseDateField
from core.text import nfc
from members.models import BoardName
from pledges.forms import RowsFormSet


class BoardNameForm(forms.Form):
    name = forms.CharField(
        label=_("Tên cơ quan thi đua, khen thưởng"),
        max_length=500,
        validators=[validate_name],  # the record's own check, beside the row (the service's would be on top)
        help_text=_("Kèm cơ quan chủ quản nếu văn bản in cả tên đó, ví dụ Phòng Thi đua, khen thưởng - Sở Nội vụ"),
    )
    valid_from = VietnameseDateField(label=_("Từ ngày"))
    valid_until = VietnameseDateField(
        label=_("Đến hết ngày"), required=False, help_text=_("Để trống nếu tên này đang được dùng.")
    )

    def clean_name(self) -> str:
        return nfc(self.cleaned_data["name"].strip())

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:  # mirrors board_name_period_ordered, beside the row
            self.add_error("valid_until", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return cleaned


class BaseBoardNameFormSet(RowsFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Xoá tên này")

    def clean(self) -> None:
        # Mirrors board_names_set's "no two periods overlap" beside the later row; the service still decides.
        kept = sorted(
            (form for form in self.kept_forms() if not form.errors),  # a row refused already says why
            key=lambda form: form.cleaned_data["valid_from"],
        )
        for previous, form in itertools.pairwise(kept):
            until = previous.cleaned_data.get("valid_until")
            if until is None or until >= form.cleaned_data["valid_from"]:
                form.add_error(
                    "valid_from",
                    ValidationError(
                        _("Tên “%(name)s” bắt đầu khi tên “%(previous)s” còn hiệu lực.")
                        % {"name": form.cleaned_data.get("name", ""), "previous": previous.cleaned_data.get("name", "")}
                    ),
                )

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
