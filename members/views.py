"""The agency page: its blocs, leadership terms and awards across the years, through renames and mergers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from blocs.access import get_agency_for_user
from blocs.selectors import agency_page


@login_required
@require_safe
def agency_detail(request, pk: int):
    agency = get_agency_for_user(request.user, pk)
    return render(request, "members/agency_detail.html", {"agency": agency, "page": agency_page(agency, request.user)})
