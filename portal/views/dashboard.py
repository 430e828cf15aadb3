"""The home page (the dashboard of the selected year) and search."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.year import selected_year
from portal.forms import DashboardFilterForm
from portal.search import search
from portal.selectors import DashboardFilters, dashboard_blocs


@login_required
@require_safe
def bloc_list(request):
    """Every bloc of the year for board staff; the user's own blocs of the year for everyone else.

    Agency users see the same columns as the board: the proposals and decisions of their blocs are
    also on the bloc page and in the bloc's workbook, which they may read.
    """
    year = selected_year(request)
    form = DashboardFilterForm(request.GET or None)
    filters = DashboardFilters(**form.cleaned_data) if form.is_valid() else DashboardFilters()
    user = request.user
    context = {
        "year": year,
        "form": form,
        "filtered": form.is_bound and form.is_valid() and any(form.cleaned_data.values()),
        "blocs": dashboard_blocs(user, year, filters),
    }
    return render(request, "blocs/bloc_list.html", context)


@login_required
@require_safe
def search_view(request):
    query = request.GET.get("q", "")[:200]
    results = search(request.user, query)
    return render(request, "blocs/search.html", {"query": query, "results": results})
