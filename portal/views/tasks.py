"""The member agency's page of things to do (and done), and its signing of a pledge from its own login."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from blocs.models import is_member
from core.forms import add_service_errors
from pledges.access import get_pledge_for_user
from pledges.services import pledge_sign
from portal.tasks import agency_tasks


class SignForm(forms.Form):
    signer = forms.CharField(label=gettext_lazy("Họ tên người ký"), max_length=300)
    title = forms.CharField(label=gettext_lazy("Chức vụ"), max_length=300, required=False)


def _own_agency(request):
    """The signed-in user's agency; 404 for a user acting for none (board staff)."""
    if not request.user.agency_id:
        raise Http404
    return request.user.agency


@login_required
@require_safe
def tasks(request):
    agency = _own_agency(request)
    found = agency_tasks(agency, timezone.localdate())
    return render(request, "members/agency_tasks.html", {"agency": agency, "tasks": found})


@login_required
@require_http_methods(["GET", "POST"])
def sign(request, pk: int):
    agency = _own_agency(request)
    pledge = get_pledge_for_user(request.user, pk)
    if not is_member(pledge.bloc_id, agency.pk, pledge.year):
        raise Http404
    signed = pledge.signatures.filter(agency=agency).first()
    form = SignForm(request.POST if request.method == "POST" else None)
    if signed is None and form.is_bound and form.is_valid():
        try:
            pledge_sign(pledge=pledge, agency=agency, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(agency)s đã ký giao ước thi đua năm %(year)s.") % {"agency": agency, "year": pledge.year}
            )
            return redirect("members:tasks")
    context = {
        "agency": agency,
        "pledge": pledge,
        "signed": signed,
        "form": form,
        "criteria": list(pledge.criteria.all()),
        "bands": list(pledge.bands.all()),
    }
    return render(request, "members/pledge_sign.html", context)
