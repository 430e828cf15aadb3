"""The bloc page, and the chair and vice-chair chosen from it: next year's, and the year shown's (board staff)."""

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
from blocs.selectors import Successions, bloc_successions
from core.year import selected_year
from members.models import Agency
from portal.forms import YearSelectForm
from portal.selectors import BlocPage, bloc_page

# The prefix of the form of the year shown (board staff): next year's form is on the same page.
CURRENT_PREFIX = "nam-nay"


def _leaders_url(bloc: Bloc, year: int, *, current: bool = False) -> str:
    """Where a leadership form posts ``year``'s leaders: from the page of the year before (next year's form), or
    with ``current`` from the page of that year itself (``?year=`` the same year: the board's form)."""
    url = reverse("blocs:leadership_override", kwargs={"pk": bloc.pk, "year": year})
    return f"{url}?year={year}" if current else url


def _finalized_election(lead) -> bool:
    """An election recorded at a finalized meeting changes only by reopening it (services.leadership_override)."""
    return lead is not None and lead.elected_at is not None and lead.elected_at.is_finalized


def _initial(lead, suggested: tuple = (None, None)) -> dict:
    if lead is not None:
        return {"chair": lead.chair_id, "vice_chair": lead.vice_chair_id}
    return {"chair": getattr(suggested[0], "pk", None), "vice_chair": getattr(suggested[1], "pk", None)}


class BlocShown:
    """What the bloc page shows, worked out when the template first asks for it. ``posted_form``: a leadership
    form sent back with its errors (``posted_current``: the form of the year shown, else next year's)."""

    def __init__(
        self, user, bloc: Bloc, year: int, *, page: BlocPage | None = None, posted_form=None, posted_current=False
    ):
        self.user = user
        self.bloc = bloc
        self.year = year
        self.posted_form = posted_form
        self.posted_current = posted_current
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
        return _finalized_election(self.page.next_leadership)

    @cached_property
    def current_locked(self) -> bool:
        return _finalized_election(self.page.leadership_of_year)

    @cached_property
    def current_form(self) -> RotationForm | None:
        """The chair and vice-chair of the year shown, set by board staff outside an election."""
        if self.posted_form is not None and self.posted_current:
            return self.posted_form
        if self.current_locked or not self.can.set_leaders:
            return None
        return RotationForm(
            agencies=[m.agency for m in self.page.members_of_year],
            action=_leaders_url(self.bloc, self.year, current=True),
            prefix=CURRENT_PREFIX,
            submit=_("Lưu trưởng, phó khối năm %(year)s") % {"year": self.year},
            initial=_initial(self.page.leadership_of_year),
        )

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
        if self.posted_form is not None and not self.posted_current:
            return self.posted_form
        if self.locked or not self.can.choose_next_leaders:
            return None
        return RotationForm(
            agencies=self.page.next_year_agencies,
            action=_leaders_url(self.bloc, self.year + 1),
            initial=_initial(self.page.next_leadership, self.suggestion),
        )

    @cached_property
    def successions(self) -> Successions:
        """The blocs after and before this one ("Kế tục bởi …", "Kế tục …")."""
        return bloc_successions(self.user, self.bloc)

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
    """Set ``year``'s chair and vice-chair: from the page of the year before, accept or override the suggested
    rotation (its secretaries, or the board); from the page of that year itself (``?year=`` the same year),
    board staff set the year's own leaders outside an election."""
    bloc = get_bloc_for_user(request.user, pk)
    current = request.GET.get("year") == str(year)
    shown_year = year if current else year - 1
    page = bloc_page(bloc, shown_year)
    can = BlocCapabilities(request.user, bloc, shown_year, leaderships=page.leaderships)
    if not (can.set_leaders if current else can.choose_next_leaders):
        raise Http404
    form = RotationForm(
        request.POST,
        agencies=[m.agency for m in page.members_of_year] if current else page.next_year_agencies,
        action=_leaders_url(bloc, year, current=current),
        prefix=CURRENT_PREFIX if current else None,
    )
    if form.is_valid():
        chair, vice_chair = form.cleaned_data["chair"], form.cleaned_data["vice_chair"]
        try:
            services.leadership_override(bloc=bloc, year=year, chair=chair, vice_chair=vice_chair, by=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if vice_chair is None:
                message = _("Đã lưu trưởng khối %(chair)s năm %(year)s, không có phó trưởng khối.")
            else:
                message = _("Đã lưu trưởng khối %(chair)s và phó trưởng khối %(vice_chair)s năm %(year)s.")
            messages.success(request, message % {"chair": chair, "vice_chair": vice_chair, "year": year})
            anchor = "truong-khoi" if current else "luan-phien"
            return redirect(reverse("blocs:detail", kwargs={"pk": bloc.pk}) + f"?year={shown_year}#{anchor}")
    shown = BlocShown(request.user, bloc, shown_year, page=page, posted_form=form, posted_current=current)
    return _render_bloc(request, shown)
