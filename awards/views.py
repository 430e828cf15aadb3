"""Excel exports of proposals and awards.

- The year's list of every bloc's proposals is board work: board staff of the organizer only.
- A bloc's workbook (leadership, members, proposals and decisions across the years) is open to anyone
  who may read the bloc (``blocs.access.get_bloc_for_user``): its members and secretaries already see
  all of this for their own bloc, and they are the ones who keep its history.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from blocs.access import get_bloc_for_user
from blocs.interchange.views import get_managed_organizer
from blocs.models import YEAR_VALIDATORS

from . import excel

_YEAR = forms.IntegerField(validators=YEAR_VALIDATORS)


def _xlsx_response(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=excel.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    return response


@login_required
@require_safe
def proposals_year_xlsx(request):
    organizer = get_managed_organizer(request.user)
    try:
        year = _YEAR.clean(request.GET.get("year"))
    except ValidationError:
        messages.error(request, _("Hãy chọn một năm thi đua hợp lệ (1945–2100)."))
        return redirect("interchange:home")
    content = excel.proposals_workbook(organizer=organizer, year=year, proposals=excel.year_proposals(organizer, year))
    return _xlsx_response(content, f"de-nghi-khen-thuong-{year}.xlsx")


@login_required
@require_safe
def bloc_xlsx(request, pk: int):
    bloc = get_bloc_for_user(request.user, pk)
    content = excel.bloc_workbook(
        bloc=bloc,
        leaderships=excel.bloc_leaderships(bloc),
        memberships=excel.bloc_memberships(bloc),
        proposals=excel.bloc_proposals(bloc),
    )
    return _xlsx_response(content, f"khoi-{bloc.code}.xlsx")
