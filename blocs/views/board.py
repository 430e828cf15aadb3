"""Board work on a bloc: memberships and assigned secretaries. Board staff of the bloc's organizer only;
everyone else gets 404, as for a bloc they cannot see."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from blocs.forms import MembershipEndForm, MembershipsAddForm, MembershipsMoveForm, SecretaryAssignForm
from core.forms import ConfirmForm, add_service_errors
from core.year import selected_year

from .. import services
from ..access import get_bloc_for_user
from ..models import Bloc, Membership, SecretaryAssignment


def _managed_bloc(request, pk: int) -> Bloc:
    return get_bloc_for_user(request.user, pk, edit=True)


def _bloc_url(bloc: Bloc, anchor: str) -> str:
    return reverse("blocs:detail", kwargs={"pk": bloc.pk}) + f"#{anchor}"


@login_required
def membership_add(request, pk: int):
    """Board staff tick the agencies that join the bloc, all from the same year: one submission, all or none."""
    bloc = _managed_bloc(request, pk)
    action = reverse("blocs:membership_add", kwargs={"pk": bloc.pk})
    if request.method != "POST":
        form = MembershipsAddForm(bloc=bloc, action=action, initial={"from_year": selected_year(request)})
    else:
        form = MembershipsAddForm(request.POST, bloc=bloc, action=action)
        if form.is_valid():
            try:
                added = services.memberships_add(bloc=bloc, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Đã thêm %(count)s đơn vị vào khối từ năm %(year)s: %(agencies)s.",
                        "Đã thêm %(count)s đơn vị vào khối từ năm %(year)s: %(agencies)s.",
                        len(added),
                    )
                    % {
                        "count": len(added),
                        "year": form.cleaned_data["from_year"],
                        "agencies": ", ".join(m.agency.name for m in added),
                    },
                )
                return redirect(_bloc_url(bloc, "thanh-vien"))
    return render(request, "blocs/membership_form.html", {"bloc": bloc, "form": form, "adding": True})


@login_required
def memberships_move(request, pk: int):
    """Board staff tick members of the bloc that move to another bloc of the province from a year (the 2025
    reorganization: clusters of districts give their members to others): one submission, all or none."""
    bloc = _managed_bloc(request, pk)
    year = selected_year(request)
    action = reverse("blocs:memberships_move", kwargs={"pk": bloc.pk})
    if request.method != "POST":
        form = MembershipsMoveForm(bloc=bloc, year=year, action=action, initial={"from_year": year})
    else:
        form = MembershipsMoveForm(request.POST, bloc=bloc, year=year, action=action)
        if form.is_valid():
            data = form.cleaned_data
            try:
                moved = services.memberships_move(
                    source=bloc,
                    target=data["target"],
                    agencies=list(data["agencies"]),
                    from_year=data["from_year"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Đã chuyển %(count)s đơn vị sang %(target)s từ năm %(year)s: %(agencies)s.",
                        "Đã chuyển %(count)s đơn vị sang %(target)s từ năm %(year)s: %(agencies)s.",
                        len(moved),
                    )
                    % {
                        "count": len(moved),
                        "target": data["target"],
                        "year": data["from_year"],
                        "agencies": ", ".join(m.agency.name for m in moved),
                    },
                )
                return redirect(_bloc_url(bloc, "thanh-vien"))
    return render(request, "blocs/membership_move_form.html", {"bloc": bloc, "form": form})


@login_required
def membership_end(request, pk: int, membership_pk: int):
    bloc = _managed_bloc(request, pk)
    membership = get_object_or_404(Membership.objects.select_related("agency"), pk=membership_pk, bloc=bloc)
    action = reverse("blocs:membership_end", kwargs={"pk": bloc.pk, "membership_pk": membership.pk})
    if request.method != "POST":
        form = MembershipEndForm(action=action, initial={"to_year": membership.to_year or selected_year(request)})
    else:
        form = MembershipEndForm(request.POST, action=action)
        if form.is_valid():
            try:
                services.membership_end(membership=membership, to_year=form.cleaned_data["to_year"], by=request.user)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _("%(agency)s ở trong khối đến hết năm %(year)s.")
                    % {"agency": membership.agency, "year": membership.to_year},
                )
                return redirect(_bloc_url(bloc, "thanh-vien"))
    return render(request, "blocs/membership_form.html", {"bloc": bloc, "form": form, "membership": membership})


@login_required
def membership_delete(request, pk: int, membership_pk: int):
    """A confirmation page, then the removal of a membership entered by mistake."""
    bloc = _managed_bloc(request, pk)
    membership = get_object_or_404(Membership.objects.select_related("agency"), pk=membership_pk, bloc=bloc)
    posted = request.method == "POST"
    form = ConfirmForm(
        request.POST if posted else None,
        action=reverse("blocs:membership_delete", kwargs={"pk": bloc.pk, "membership_pk": membership.pk}),
        submit=_("Xoá thành viên"),
    )
    if posted and form.is_valid():
        try:
            services.membership_remove(membership=membership, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã xoá %(membership)s khỏi khối.") % {"membership": membership})
            return redirect(_bloc_url(bloc, "thanh-vien"))
    records = services.membership_records(
        bloc=bloc, agency=membership.agency, from_year=membership.from_year, to_year=membership.to_year
    )
    context = {"bloc": bloc, "membership": membership, "form": form, "records": records}
    return render(request, "blocs/membership_confirm_delete.html", context)


@login_required
def secretary_add(request, pk: int):
    bloc = _managed_bloc(request, pk)
    action = reverse("blocs:secretary_add", kwargs={"pk": bloc.pk})
    if request.method != "POST":
        form = SecretaryAssignForm(bloc=bloc, action=action, initial={"year": selected_year(request)})
    else:
        form = SecretaryAssignForm(request.POST, bloc=bloc, action=action)
        if form.is_valid():
            try:
                assignment = services.secretary_assign(bloc=bloc, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _("Đã phân công %(user)s làm thư ký khối năm %(year)s.")
                    % {"user": assignment.user.get_full_name() or assignment.user.username, "year": assignment.year},
                )
                return redirect(_bloc_url(bloc, "thu-ky"))
    return render(request, "blocs/secretaryassignment_form.html", {"bloc": bloc, "form": form})


@login_required
def secretary_delete(request, pk: int, assignment_pk: int):
    bloc = _managed_bloc(request, pk)
    assignment = get_object_or_404(
        SecretaryAssignment.objects.select_related("user", "user__agency"), pk=assignment_pk, bloc=bloc
    )
    posted = request.method == "POST"
    form = ConfirmForm(
        request.POST if posted else None,
        action=reverse("blocs:secretary_delete", kwargs={"pk": bloc.pk, "assignment_pk": assignment.pk}),
        submit=_("Thôi phân công"),
    )
    if posted and form.is_valid():
        services.secretary_unassign(assignment=assignment, by=request.user)
        messages.success(
            request,
            _("%(user)s không còn là thư ký được phân công của khối năm %(year)s.")
            % {"user": assignment.user.get_full_name() or assignment.user.username, "year": assignment.year},
        )
        return redirect(_bloc_url(bloc, "thu-ky"))
    return render(
        request, "blocs/secretaryassignment_confirm_delete.html", {"bloc": bloc, "assignment": assignment, "form": form}
    )
