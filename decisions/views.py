"""The board's award pages: award types, legal bases, award decisions, and the Excel exports.

- Award types, legal bases and decisions are board work: board staff of the organizer only; anyone else gets
  404. The national legal bases (of no organizer) are listed to them, and changed only in the admin.
- The year's list of every bloc's proposals is board work too.
- A bloc's workbook (leadership, members, proposals and decisions across the years) is open to anyone
  who may read the bloc (``blocs.access.get_bloc_for_user``): its members and secretaries already see
  all of this for their own bloc, and they are the ones who keep its history.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from awards import services as awards_services
from awards.access import get_award_type_for_user, get_legal_basis_for_user
from awards.forms import AwardTypeCreateForm, AwardTypeForm, LegalBasisForm
from awards.models import AwardType, LegalBasis
from blocs.access import can_manage_organizer, get_bloc_for_user, get_managed_organizer
from blocs.models import YEAR_VALIDATORS
from core.forms import ConfirmForm, add_service_errors
from decisions import excel, services
from decisions.access import get_decision_for_user, readable_decisions
from decisions.forms import DecisionForm, ProposalFilterForm
from decisions.models import Decision, DecisionAward
from decisions.selectors import awaiting_decision
from meetings.models import Meeting, Proposal

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


# Award types


@login_required
def award_type_list(request):
    organizer = get_managed_organizer(request.user)
    award_types = AwardType.objects.filter(organizer=organizer).order_by("position", "code")
    return render(request, "awards/awardtype_list.html", {"organizer": organizer, "award_types": award_types})


@login_required
def award_type_update(request, pk: int):
    """Change the rule or quota; proposals of meetings not finalized are recomputed, the others kept."""
    award_type = get_award_type_for_user(request.user, pk, edit=True)
    form = AwardTypeForm(request.POST or None, initial=AwardTypeForm.initial_of(award_type))
    if request.method == "POST" and form.is_valid():
        try:
            services.award_type_update(award_type=award_type, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã lưu %(award)s; kết quả các đề nghị của hội nghị chưa chốt đã được tính lại.")
                % {"award": form.cleaned_data["name"]},
            )
            return redirect("awards:award_type_list")
    drafts = Meeting.objects.filter(status=Meeting.Status.DRAFT, proposals__award_type=award_type).distinct().count()
    context = {"award_type": award_type, "form": form, "draft_meetings": drafts}
    return render(request, "awards/awardtype_form.html", context)


@login_required
def award_type_create(request):
    """A province's own award type, with its vote rule and quota."""
    organizer = get_managed_organizer(request.user)
    initial = {"basis": AwardType.Basis.MEMBERS, "ratio": 0.5, "strict": True}
    form = AwardTypeCreateForm(request.POST or None, initial=initial, organizer=organizer)
    if request.method == "POST" and form.is_valid():
        try:
            award_type = awards_services.award_type_create(organizer=organizer, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm %(award)s.") % {"award": award_type})
            return redirect("awards:award_type_list")
    return render(request, "awards/awardtype_form.html", {"award_type": None, "form": form, "draft_meetings": 0})


# Legal bases


@login_required
def legal_basis_list(request):
    organizer = get_managed_organizer(request.user)
    own = LegalBasis.objects.filter(organizer=organizer).order_by("-valid_from", "number")
    national = LegalBasis.objects.filter(organizer__isnull=True).order_by("-valid_from", "number")
    context = {"organizer": organizer, "own": own, "national": national}
    return render(request, "awards/legalbasis_list.html", context)


def _legal_basis_page(request, *, organizer, legal_basis: LegalBasis | None):
    initial = LegalBasisForm.initial_of(legal_basis) if legal_basis is not None else None
    form = LegalBasisForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if legal_basis is None:
                saved = awards_services.legal_basis_create(organizer=organizer, **form.cleaned_data, by=request.user)
            else:
                saved = awards_services.legal_basis_update(
                    legal_basis=legal_basis, **form.cleaned_data, by=request.user
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu %(legal_basis)s.") % {"legal_basis": saved})
            return redirect("awards:legal_basis_list")
    return render(request, "awards/legalbasis_form.html", {"legal_basis": legal_basis, "form": form})


@login_required
def legal_basis_create(request):
    organizer = get_managed_organizer(request.user)
    return _legal_basis_page(request, organizer=organizer, legal_basis=None)


@login_required
def legal_basis_update(request, pk: int):
    legal_basis = get_legal_basis_for_user(request.user, pk)
    return _legal_basis_page(request, organizer=legal_basis.organizer, legal_basis=legal_basis)


@login_required
def legal_basis_delete(request, pk: int):
    """A confirmation page, then the removal of a legal basis entered by mistake."""
    legal_basis = get_legal_basis_for_user(request.user, pk)
    posted = request.method == "POST"
    form = ConfirmForm(
        request.POST if posted else None,
        action=reverse("awards:legal_basis_delete", kwargs={"pk": legal_basis.pk}),
        submit=_("Xoá căn cứ pháp lý"),
    )
    if posted and form.is_valid():
        try:
            awards_services.legal_basis_delete(legal_basis=legal_basis, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã xoá %(legal_basis)s.") % {"legal_basis": legal_basis})
            return redirect("awards:legal_basis_list")
    return render(request, "awards/legalbasis_confirm_delete.html", {"legal_basis": legal_basis, "form": form})


# Decisions


@login_required
def decision_list(request):
    """The province's decisions, and read-only those of the provinces merged into it, named with their province."""
    organizer = get_managed_organizer(request.user)
    decisions = readable_decisions(request.user).select_related("organizer").annotate(award_count=Count("awards"))
    awaiting = awaiting_decision().filter(bloc__organizer=organizer).count()
    context = {"organizer": organizer, "decisions": decisions, "awaiting": awaiting}
    return render(request, "awards/decision_list.html", context)


def _awards_of(decision: Decision):
    return decision.awards.select_related(
        "proposal__bloc", "proposal__nominee", "proposal__award_type", "proposal__meeting"
    ).order_by(
        "proposal__year", "proposal__bloc__sort_key", "proposal__award_type__position", "proposal__nominee__sort_key"
    )


@login_required
def decision_detail(request, pk: int):
    """A decision; one of a province merged into the user's is shown read-only."""
    decision = get_decision_for_user(request.user, pk)
    context = {
        "decision": decision,
        "awards": _awards_of(decision),
        "read_only": not can_manage_organizer(request.user, decision.organizer_id),
    }
    return render(request, "awards/decision_detail.html", context)


def _decision_form_page(request, *, organizer, decision: Decision | None):
    """Create or edit a decision. "Lọc" re-shows the page with the list filtered and nothing typed lost."""
    posted = request.method == "POST"
    filtering = posted and "loc" in request.POST
    if filtering:
        # Shown again as typed, unvalidated: no error before the user asks to save.
        typed = {name: request.POST.get(name, "") for name in ("number", "signed_on", "issued_by")}
        form = DecisionForm(
            initial={**typed, "proposals": request.POST.getlist("proposals")}, organizer=organizer, decision=decision
        )
    else:
        if decision is not None:
            initial = {"number": decision.number, "signed_on": decision.signed_on, "issued_by": decision.issued_by}
        else:
            initial = {"issued_by": _("Chủ tịch %(organizer)s") % {"organizer": organizer.short_name or organizer.name}}
            # Started from a received dossier (dossiers:decision_start): its passed proposals come ticked.
            initial["proposals"] = request.GET.getlist("proposals")
        form = DecisionForm(request.POST if posted else None, initial=initial, organizer=organizer, decision=decision)
    filters = ProposalFilterForm(request.POST if posted else request.GET, organizer=organizer)
    if posted and not filtering and form.is_valid():
        data = form.cleaned_data
        fields = {"number": data["number"], "signed_on": data["signed_on"], "issued_by": data["issued_by"]}
        try:
            if decision is None:
                saved = services.decision_create(
                    organizer=organizer, **fields, proposals=data["proposals"], by=request.user
                )
            else:
                saved = services.decision_update(decision=decision, **fields, add=data["proposals"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error, rename={"proposal": "proposals"})
        else:
            messages.success(request, _("Đã lưu %(decision)s.") % {"decision": saved})
            return redirect("awards:decision_detail", pk=saved.pk)
    selected = form.selected_ids()
    available = awaiting_decision().filter(bloc__organizer=organizer)
    listed = (
        (filters.apply(available) | Proposal.objects.filter(bloc__organizer=organizer, pk__in=selected))
        .select_related("bloc", "nominee", "award_type", "meeting")
        .order_by("-year", "bloc__sort_key", "award_type__position", "nominee__sort_key")
    )
    context = {
        "decision": decision,
        "form": form,
        "filters": filters,
        "proposals": listed,
        "selected": selected,
        "awards": _awards_of(decision) if decision is not None else [],
    }
    return render(request, "awards/decision_form.html", context)


@login_required
def decision_create(request):
    organizer = get_managed_organizer(request.user)
    return _decision_form_page(request, organizer=organizer, decision=None)


@login_required
def decision_update(request, pk: int):
    decision = get_decision_for_user(request.user, pk, edit=True)
    return _decision_form_page(request, organizer=decision.organizer, decision=decision)


@login_required
def decision_award_remove(request, pk: int, award_pk: int):
    """Confirm, then take a proposal off the decision."""
    organizer = get_managed_organizer(request.user)
    award = get_object_or_404(
        DecisionAward.objects.select_related("decision", "proposal__bloc", "proposal__nominee", "proposal__award_type"),
        pk=award_pk,
        decision_id=pk,
        decision__organizer=organizer,
    )
    if request.method == "POST":
        services.decision_remove_award(award=award, by=request.user)
        messages.success(
            request,
            _("Đã gỡ %(proposal)s khỏi quyết định số %(number)s.")
            % {"proposal": award.proposal, "number": award.decision.number},
        )
        return redirect("awards:decision_detail", pk=award.decision_id)
    return render(request, "awards/decisionaward_confirm_delete.html", {"award": award, "decision": award.decision})
