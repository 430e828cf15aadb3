"""The agency page (its blocs, leadership terms and awards across the years, through renames and mergers),
and the history pages of records."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from blocs.access import get_agency_for_user
from portal.history import change_rows, get_subject_for_user
from portal.selectors import agency_page

HISTORY_PAGE_SIZE = 25  # entries per page: a change can list many values (a whole score sheet)


@login_required
@require_safe
def agency_detail(request, pk: int):
    agency = get_agency_for_user(request.user, pk)
    page = agency_page(agency, request.user)
    return render(request, "members/agency_detail.html", {"agency": agency, "page": page})


@login_required
@require_safe
def history(request, kind: str, pk: int):
    """A record's history of changes, newest first, a page at a time: board staff of its organizer only, anyone
    else 404."""
    subject = get_subject_for_user(request.user, kind, pk)
    page = Paginator(subject.entries(), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    entries = [(entry, subject.other_record(entry), change_rows(entry)) for entry in page.object_list]
    context = {
        "subject": subject,
        "page_obj": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "entries": entries,
    }
    return render(request, "members/auditentry_list.html", context)
