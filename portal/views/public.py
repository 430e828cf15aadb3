"""The public results of a province's year (no login, rate-limited) and the board's page choosing which years,
and whether with their minutes, are published."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from blocs.access import get_managed_organizer
from core.forms import add_service_errors
from core.ratelimit import rate_limited
from core.year import selected_year
from meetings.models import Meeting
from portal.forms import PublicResultsForm
from portal.publication import public_results_of, public_results_set, public_year, published_minutes, published_results
from records import downloads
from records.signed_copies import official_copy

logger = logging.getLogger(__name__)


def _settings_page(request, organizer, year: int, form: PublicResultsForm | None = None):
    rows = public_results_of(organizer)
    if form is None:
        row = rows.get(year)
        initial = {"year": year, "published": bool(row and row.published)}
        initial["minutes_published"] = bool(row and row.minutes_published)
        form = PublicResultsForm(initial=initial, action=reverse("public_settings"))
    finalized = Meeting.objects.filter(bloc__organizer=organizer, status=Meeting.Status.FINALIZED)
    years = {*rows, *finalized.order_by().values_list("year", flat=True).distinct(), year}
    context = {
        "organizer": organizer,
        "year": year,
        "form": form,
        "years": [(y, rows.get(y)) for y in sorted(years, reverse=True)],
    }
    return render(request, "portal/publicresults_form.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def public_settings(request):
    """Board staff of a province choose, year by year, whether its results (and minutes) are public."""
    organizer = get_managed_organizer(request.user)
    if request.method != "POST":
        return _settings_page(request, organizer, selected_year(request))
    form = PublicResultsForm(request.POST, action=reverse("public_settings"))
    if form.is_valid():
        data = form.cleaned_data
        try:
            row = public_results_set(
                organizer=organizer,
                year=data["year"],
                published=data["published"],
                minutes_published=data["minutes_published"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not row.published:
                message = _("Kết quả năm %(year)s không còn công khai.")
            elif row.minutes_published:
                message = _("Đã công khai kết quả và biên bản năm %(year)s.")
            else:
                message = _("Đã công khai kết quả năm %(year)s (không kèm biên bản).")
            messages.success(request, message % {"year": row.year})
            return redirect(reverse("public_settings") + f"?year={row.year}")
    year = form.cleaned_data.get("year") or selected_year(request)
    return _settings_page(request, organizer, year, form)


# The public pages count every request, a refused one too: trying provinces or codes costs the same.
@rate_limited("public", per_minute=60)
@require_safe
def public_results(request, organizer: str, year: int):
    """A province's published results of a year, for anyone; 404 for anything not published."""
    shown = public_year(published_results(organizer, year))
    return render(request, "portal/publicresults_detail.html", {"shown": shown})


@rate_limited("public", per_minute=60)
@require_safe
def public_document(request, organizer: str, year: int, code: str):
    """The official copy of the current minutes of a published year, by its verification code: the newest signed
    copy uploaded, else the issued file (as ``meetings:minutes_download`` serves it)."""
    version = published_minutes(organizer, year, code)
    official = official_copy(version)
    stored = official.file if official is not None else version.file
    try:
        handle = stored.open("rb")
    except OSError:
        logger.exception("minutes version %s: the stored file %s cannot be read", version.pk, stored.name)
        raise Http404 from None
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = downloads.content_disposition(version, "pdf")
    response["Cache-Control"] = "no-cache"  # withdrawn by the board: no copy kept on the way
    response["X-Content-Type-Options"] = "nosniff"
    return response
