"""The province's eligibility data: its rules (awards.models.AwardPolicy), holds on agencies, women's shares.

Board work of the user's own province (``get_managed_organizer``): anyone else gets 404. The rules are applied
where proposals are voted (``meetings.eligibility``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from awards import services
from awards.models import AgencyHold, WomenShare
from blocs.access import get_managed_organizer
from core.forms import ConfirmForm, add_service_errors
from core.year import selected_year
from decisions.eligibility_forms import AwardPolicyForm, HoldForm, WomenSharesForm
from members.models import Agency, User


@login_required
def award_policy(request):
    """The province's rules: warn or refuse for the flags, the Government flag's share, the women's share of
    the tie note, and the legal basis every message names."""
    organizer = get_managed_organizer(request.user)
    policy = services.policy_of(organizer.pk)
    form = AwardPolicyForm(request.POST or None, initial=AwardPolicyForm.initial_of(policy))
    if request.method == "POST" and form.is_valid():
        try:
            services.award_policy_update(organizer=organizer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu điều kiện xét khen thưởng của tỉnh."))
            return redirect("awards:award_policy")
    return render(request, "awards/awardpolicy_form.html", {"organizer": organizer, "policy": policy, "form": form})


@login_required
def hold_list(request):
    """The holds on the province's agencies, newest year first, and the form adding one."""
    organizer = get_managed_organizer(request.user)
    form = HoldForm(request.POST or None, organizer=organizer, initial={"year": selected_year(request)})
    if request.method == "POST" and form.is_valid():
        try:
            hold = services.agency_hold_add(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã ghi %(hold)s.") % {"hold": hold})
            return redirect("awards:hold_list")
    holds = AgencyHold.objects.filter(agency__organizer=organizer).select_related("agency")
    context = {"organizer": organizer, "holds": holds, "form": form}
    return render(request, "awards/agencyhold_list.html", context)


def _hold_for_user(user: User, pk: int) -> AgencyHold:
    """A hold on an agency of the province whose board work the user does, else 404."""
    organizer = get_managed_organizer(user)
    return get_object_or_404(AgencyHold.objects.select_related("agency"), pk=pk, agency__organizer=organizer)


@login_required
def hold_delete(request, pk: int):
    """A confirmation page, then the hold is lifted (the case closed, or entered by mistake)."""
    hold = _hold_for_user(request.user, pk)
    posted = request.method == "POST"
    form = ConfirmForm(
        request.POST if posted else None,
        action=reverse("awards:hold_delete", kwargs={"pk": hold.pk}),
        submit=_("Bỏ trường hợp này"),
    )
    if posted and form.is_valid():
        label = str(hold)
        try:
            services.agency_hold_remove(hold=hold, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã bỏ %(hold)s.") % {"hold": label})
            return redirect("awards:hold_list")
    return render(request, "awards/agencyhold_confirm_delete.html", {"hold": hold, "form": form})


@login_required
def women_shares(request):
    """The share of women of each agency of the province in the year chosen (``?year=``): the tie note's data."""
    organizer = get_managed_organizer(request.user)
    year = selected_year(request)
    stored = dict(WomenShare.objects.filter(agency__organizer=organizer, year=year).values_list("agency_id", "share"))
    # The agencies in being that year, and any with a share recorded for it.
    agencies = (
        Agency.objects.filter(organizer=organizer)
        .filter(Q(until__isnull=True) | Q(until__year__gte=year) | Q(pk__in=list(stored)))
        .order_by("sort_key", "code")
    )
    form = WomenSharesForm(request.POST or None, agencies=agencies, stored=stored)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        try:
            with transaction.atomic():  # all the year's shares typed, or none
                for agency, share in changes.items():
                    services.women_share_set(agency=agency, year=year, share=share, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if changes:
                messages.success(request, _("Đã lưu tỷ lệ nữ năm %(year)s.") % {"year": year})
            else:
                messages.info(request, _("Không có thay đổi nào."))
            return redirect(f"{reverse('awards:women_shares')}?year={year}")
    context = {"organizer": organizer, "year": year, "form": form}
    return render(request, "awards/womenshare_form.html", context)
