"""The board's year overview: every bloc of the province for a year, from the pledge to the decisions, with the
province's deadline for the dossiers; and its Excel copy. Board work: board staff of the province only, anyone
else 404 (``get_managed_organizer``), like the decision pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from blocs.access import get_managed_organizer
from core.excel import xlsx_response
from core.forms import add_service_errors
from core.year import selected_year, year_choices
from dossiers import excel, reminders
from dossiers.overview_forms import DeadlineForm, OverviewFilterForm
from dossiers.selectors import year_overview


def _filter_form(request, year: int) -> OverviewFilterForm:
    data = request.GET.copy()
    data["year"] = str(year)  # the year read (``selected_year``), whatever was sent
    return OverviewFilterForm(data, years=year_choices(year))


def _overview_page(request, *, organizer, year: int, deadline_form: DeadlineForm | None = None):
    form = _filter_form(request, year)
    overview = year_overview(organizer, year, form.filters())
    if deadline_form is None:
        initial = {"year": year, "due_on": overview.deadline.due_on if overview.deadline else None}
        deadline_form = DeadlineForm(initial=initial, action=reverse("dossiers:deadline"))
    query = request.GET.copy()
    query["year"] = str(year)
    context = {
        "year": year,
        "overview": overview,
        "form": form,
        "deadline_form": deadline_form,
        "xlsx_query": query.urlencode(),
    }
    return render(request, "dossiers/overview.html", context)


@login_required
@require_safe
def overview(request):
    organizer = get_managed_organizer(request.user)
    return _overview_page(request, organizer=organizer, year=selected_year(request))


@login_required
@require_safe
def overview_xlsx(request):
    """The rows the page shows, with the same filters."""
    organizer = get_managed_organizer(request.user)
    year = selected_year(request)
    shown = year_overview(organizer, year, _filter_form(request, year).filters())
    return xlsx_response(excel.overview_workbook(shown), f"tong-hop-nam-{year}.xlsx")


@login_required
@require_POST
def deadline(request):
    """Set or move the province's deadline for a year; a refusal shows the overview again with the form."""
    organizer = get_managed_organizer(request.user)
    form = DeadlineForm(request.POST, action=reverse("dossiers:deadline"))
    if form.is_valid():
        year, due_on = form.cleaned_data["year"], form.cleaned_data["due_on"]
        try:
            reminders.deadline_set(organizer=organizer, year=year, due_on=due_on, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error, elsewhere="due_on")
        else:
            messages.success(
                request,
                _("Đã đặt hạn gửi hồ sơ đề nghị khen thưởng năm %(year)s: %(date)s.")
                % {"year": year, "date": f"{due_on:%d/%m/%Y}"},
            )
            return redirect(reverse("dossiers:overview") + f"?year={year}")
    year = form.cleaned_data.get("year") or selected_year(request)
    return _overview_page(request, organizer=organizer, year=year, deadline_form=form)
