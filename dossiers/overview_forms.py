"""Forms of the board's year overview: its filters (GET) and the province's deadline for the year (POST)."""

from __future__ import annotations

from collections.abc import Iterable

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from blocs.models import YEAR_VALIDATORS
from core.forms import VietnameseDateField, clear_filters_link, crispy_button

from .models import Dossier
from .selectors import NO_DOSSIER, NO_DOSSIER_LABEL, OverviewFilters


class OverviewFilterForm(forms.Form):
    """The year shown (it also becomes the navigation bar's), the dossier's state, late blocs only, and a name
    typed with or without diacritics."""

    year = forms.TypedChoiceField(label=_("Năm thi đua"), coerce=int, required=False)
    state = forms.ChoiceField(
        label=_("Hồ sơ"),
        required=False,
        choices=[("", _("Mọi trạng thái")), (NO_DOSSIER, NO_DOSSIER_LABEL), *Dossier.State.choices],
    )
    q = forms.CharField(label=_("Tên khối, cụm"), required=False, max_length=200)
    late = forms.BooleanField(label=_("Chỉ các khối trễ hạn"), required=False)

    def __init__(self, *args, years: Iterable[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.attrs = {"aria-label": _("Lọc bảng tổng hợp")}
        self.helper.layout = Layout(
            Row(
                Column("year", css_class="col-6 col-sm-4 col-lg-2"),
                Column("state", css_class="col-6 col-sm-4 col-lg-3"),
                Column(Field("q", placeholder=_("Ví dụ: noi chinh")), css_class="col-12 col-sm-4 col-lg-3"),
                Column("late", css_class="col-12 col-sm-6 col-lg-2 pt-lg-4"),
                Column(
                    crispy_button(_("Lọc"), name="filter"),
                    clear_filters_link(),
                    css_class="col-12 col-sm-6 col-lg-2 pt-lg-4 d-flex align-items-start gap-1",
                ),
            )
        )

    def filters(self) -> OverviewFilters:
        """The filters chosen; none while the form is invalid (the page says which field is wrong)."""
        if not self.is_valid():
            return OverviewFilters()
        data = self.cleaned_data
        return OverviewFilters(state=data["state"], late=data["late"], q=data["q"])

    @property
    def filtered(self) -> bool:
        return self.is_bound and self.is_valid() and any(self.cleaned_data[n] for n in ("state", "q", "late"))


class DeadlineForm(forms.Form):
    """The province's deadline for the year's dossiers (``reminders.deadline_set``)."""

    year = forms.IntegerField(widget=forms.HiddenInput, validators=YEAR_VALIDATORS)
    due_on = VietnameseDateField(label=_("Hạn gửi hồ sơ"))

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.attrs = {"aria-label": _("Hạn gửi hồ sơ đề nghị khen thưởng")}
        self.helper.layout = Layout(
            "year",
            Row(
                Column("due_on", css_class="col-auto"),
                Column(crispy_button(_("Lưu hạn")), css_class="col-auto mb-3"),
                css_class="g-2 align-items-end",
            ),
        )
