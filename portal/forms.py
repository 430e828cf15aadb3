"""Forms of the dashboard and the bloc page: what they show (GET); and the board's choice of what the public
page shows."""

from __future__ import annotations

from collections.abc import Iterable

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from blocs.models import YEAR_VALIDATORS, Bloc
from core.forms import clear_filters_link, crispy_button


class DashboardFilterForm(forms.Form):
    """Filters of the dashboard (GET): kind, a name filter without diacritics, and two work lists."""

    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=[("", _("Khối và cụm")), *Bloc.Kind.choices])
    name = forms.CharField(label=_("Tên khối, cụm"), required=False, max_length=200)
    without_year_end = forms.BooleanField(label=_("Chưa có hội nghị tổng kết"), required=False)
    awaiting_decision = forms.BooleanField(label=_("Có đề nghị chờ quyết định"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.form_class = "mb-3"
        self.helper.attrs = {"aria-label": _("Lọc danh sách khối")}
        self.helper.layout = Layout(
            Row(
                Column("kind", css_class="col-12 col-sm-6 col-lg-3"),
                Column(Field("name", placeholder=_("Ví dụ: noi chinh")), css_class="col-12 col-sm-6 col-lg-3"),
                Column("without_year_end", "awaiting_decision", css_class="col-12 col-sm-6 col-lg-3 pt-lg-4"),
                Column(
                    crispy_button(_("Lọc"), name="filter"),
                    clear_filters_link(),
                    css_class="col-12 col-sm-6 col-lg-3 pt-lg-4 d-flex align-items-start gap-1",
                ),
            )
        )


class YearSelectForm(forms.Form):
    """The year a page shows (GET ``year``: it also becomes the year of the navigation bar's switcher).
    Rendered by templates/blocs/_year_form.html."""

    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False)

    def __init__(self, *args, years: Iterable[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]


class PublicResultsForm(forms.Form):
    """Whether a year's results, and its minutes, are on the province's public page
    (``publication.public_results_set``)."""

    year = forms.IntegerField(widget=forms.HiddenInput, validators=YEAR_VALIDATORS)
    published = forms.BooleanField(
        label=_("Công khai kết quả năm này"),
        required=False,
        help_text=_("Các khối, trưởng và phó khối, đơn vị dẫn đầu, đề nghị đạt và quyết định khen thưởng."),
    )
    minutes_published = forms.BooleanField(
        label=_("Công khai cả biên bản"),
        required=False,
        help_text=_("Bản biên bản hiện hành của mỗi hội nghị đã chốt, tải về không cần đăng nhập."),
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.attrs = {"aria-label": _("Công khai kết quả")}
        self.helper.layout = Layout("year", "published", "minutes_published", crispy_button(_("Lưu")))
