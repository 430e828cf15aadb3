"""The bloc page, and the chair and vice-chair of next year chosen from it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from blocs import services
from blocs.access import BlocCapabilities, get_bloc_for_user
from blocs.forms import RotationForm
from blocs.models import Bloc, SecretaryAssignment
from core.year import selected_year
from members.models import Agency
from portal.forms import YearSelectForm
from portal.selectors import BlocPage, bloc_page


class BlocShown:
    """What the bloc page shows, worked out when the template first asks for it."""

    def __init__(self, user, bloc: Bloc, year: int, *, page: BlocPage | None = None, posted_form=None):
        self.user = user
        self.bloc = bloc
        self.year = year
        self.posted_form = posted_form
        if page is not None:
            self.page = page

    @cached_property
    def can(self) -> BlocCapabilities:
        return BlocCapabilities(self.user, self.bloc, self.year, leaderships=self.page.leaderships)

    @cached_property
    def page(self) -> BlocPage:
        return bloc_page(self.bloc, self.year)

    @cached_property
    def year_form(self) -> YearSelectForm:
        return YearSelectForm(initial={"year": self.year}, years=self.page.years)

    @cached_property
    def locked(self) -> bool:
        """An election recorded at a finalized meeting changes only by reopening it (services.leadership_override)."""
        lead = self.page.next_leadership
        return lead is not None and lead.elected_at is not None and lead.elected_at.is_finalized

    @cached_property
    def suggestion(self) -> tuple[Agency | None, Agency | None]:
        return self.page.rotation()

    @property
    def suggested_chair(self) -> Agency | None:
        return self.suggestion[0]

    @property
    def suggested_vice_chair(self) -> Agency | None:
        return self.suggestion[1]

    @cached_property
    def rotation_form(self) -> RotationForm | None:
        if self.posted_form is not None:
            return self.posted_form
        if self.locked or not self.can.choose_next_leaders:
            return None
        current = self.page.next_leadership
        suggested_chair, suggested_vice_chair = self.suggestion
        return RotationForm(
            agencies=self.page.next_year_agencies,
            action=reverse("blocs:leadership_override", kwargs={"pk": self.bloc.pk, "year": self.year + 1}),
            initial={
                "chair": current.chair_id if current else getattr(suggested_chair, "pk", None),
                "vice_chair": current.vice_chair_id if current else getattr(suggested_vice_chair, "pk", None),
            },
        )

    @cached_property
    def secretaries(self) -> list[SecretaryAssignment]:
        if not self.can.assign_secretaries:
            return []
        return list(
            SecretaryAssignment.objects.filter(bloc=self.bloc)
            .select_related("user", "user__agency")
            .order_by("-year", "user__username")
        )


def _render_bloc(request, shown: BlocShown):
    context = {
        "bloc": shown.bloc,
        "year": shown.year,
        "next_year": shown.year + 1,
        "can": shown.can,
        "shown": shown,
    }
    return render(request, "blocs/bloc_detail.html", context)


@login_required
@require_safe
def bloc_detail(request, pk: int):
    bloc = get_bloc_for_user(request.user, pk)
    return _render_bloc(request, BlocShown(request.user, bloc, selected_year(request)))


@login_required
@require_POST
def leadership_override(request, pk: int, year: int):
    """Accept or override the suggested rotation for ``year``: the secretaries of the year before, or the board."""
    bloc = get_bloc_for_user(request.user, pk)
    shown_year = year - 1
    page = bloc_page(bloc, shown_year)
    if not BlocCapabilities(request.user, bloc, shown_year, leaderships=page.leaderships).choose_next_leaders:
        raise Http404
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
    return _render_bloc(request, BlocShown(request.user, bloc, shown_year, page=page, posted_form=form))
