from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .selectors import blocs_for_year, search


def _year_from(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 1945 <= year <= 2100 else timezone.localdate().year


@login_required
def bloc_list(request):
    year = _year_from(request)
    this_year = timezone.localdate().year
    years = sorted({*range(this_year - 9, this_year + 2), year}, reverse=True)
    return render(
        request, "blocs/bloc_list.html", {"blocs": blocs_for_year(request.user, year), "year": year, "years": years}
    )


@login_required
def search_view(request):
    return render(request, "blocs/search.html", {"results": search(request.user, request.GET.get("q", "")[:200])})
