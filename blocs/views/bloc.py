"""The bloc page, and the chair and vice-chair of next year chosen from it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import services
from ..access import can_edit_bloc_year, can_manage_organizer, get_bloc_for_user
from ..forms import RotationForm, YearSelectForm
from ..models import Bloc, SecretaryAssignment
from ..selectors import BlocPage, bloc_page
from ..year import selected_year


def _render_bloc(request, bloc: Bloc, page: BlocPage, *, rotation_form: RotationForm | None = None):
    user = request.user
    year = page.year
    board = can_manage_organizer(user, bloc.organizer_id)
    next_leadership = page.next_leadership
    # An election recorded at a finalized meeting changes only by reopening it (services.leadership_override).
    locked = (
        next_leadership is not None
        and next_leadership.elected_at is not None
        and next_leadership.elected_at.is_finalized
    )
    suggested_chair, suggested_vice_chair = page.rotation()
    if rotation_form is None and not locked and can_edit_bloc_year(user, bloc, year):
        current = next_leadership
        rotation_form = RotationForm(
            agencies=page.next_year_agencies,
            action=reverse("blocs:leadership_override", kwargs={"pk": bloc.pk, "year": year + 1}),
            initial={
                "chair": current.chair_id if current else getattr(suggested_chair, "pk", None),
                "vice_chair": current.vice_chair_id if current else getattr(suggested_vice_chair, "pk", None),
            },
        )
    context = {
        "bloc": bloc,
        "year": year,
        "next_year": year + 1,
        "page": page,
        "year_form": YearSelectForm(initial={"year": year}, years=page.years),
        "board": board,
        "suggested_chair": suggested_chair,
        "suggested_vice_chair": suggested_vice_chair,
        "next_leadership": next_leadership,
        "next_leadership_locked": locked,
        "rotation_form": rotation_form,
        "secretaries": (
            list(
                SecretaryAssignment.objects.filter(bloc=bloc)
                .select_related("user", "user__agency")
                .order_by("-year", "user__username")
            )
            if board
            else []
        ),
    }
    return render(request, "blocs/bloc_detail.html", context)


@login_required
@require_safe
def bloc_detail(request, pk: int):
    bloc = get_bloc_for_user(request.user, pk)
    return _render_bloc(request, bloc, bloc_page(bloc, selected_year(request)))


@login_required
@require_POST
def leadership_override(request, pk: int, year: int):
    """Accept or override the suggested rotation for ``year``: the secretaries of the year before, or the board."""
    bloc = get_bloc_for_user(request.user, pk)
    shown_year = year - 1
    if not can_edit_bloc_year(request.user, bloc, shown_year):
        raise Http404
    page = bloc_page(bloc, shown_year)
    form = RotationForm(
        request.POST,
        agencies=page.next_year_agencies,
        action=reverse("blocs:leadership_override", kwargs={"pk": bloc.pk, "year": year}),
    )
    if form.is_valid():
        try:
            services.leadership_override(
                bloc=bloc,
                year=year,
                chair=form.cleaned_data["chair"],
                vice_chair=form.cleaned_data["vice_chair"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Đã lưu trưởng khối %(chair)s và phó trưởng khối %(vice_chair)s năm %(year)s.")
                % {"chair": form.cleaned_data["chair"], "vice_chair": form.cleaned_data["vice_chair"], "year": year},
            )
            return redirect(reverse("blocs:detail", kwargs={"pk": bloc.pk}) + f"?year={shown_year}#luan-phien")
    return _render_bloc(request, bloc, page, rotation_form=form)
