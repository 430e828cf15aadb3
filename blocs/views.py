from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import blocs_for_year, search
from .year import selected_year


@login_required
def bloc_list(request):
    year = selected_year(request)
    return render(request, "blocs/bloc_list.html", {"blocs": blocs_for_year(request.user, year), "year": year})


@login_required
def search_view(request):
    return render(request, "blocs/search.html", {"results": search(request.user, request.GET.get("q", "")[:200])})
