"""Pledge pages: the year's pledge of a bloc, its criteria, signatures and the score grid.

Everyone who may read the bloc reads its pledges; the bloc's secretaries for the pledge's year and the
board staff edit them (``pledges.access``). Anything else answers 404.

The criteria, signature and score pages carry the pledge's version: when someone else saved the pledge
after the page was opened, the save is refused and the page comes back naming what changed meanwhile,
with what the user typed kept (``pledge_forms.SheetVersionForm``).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from blocs.access import Capabilities, get_bloc_for_user
from blocs.models import YEAR_VALIDATORS
from core.excel import xlsx_response
from core.forms import SheetVersionForm, add_service_errors, conflict_notice, is_stale
from core.validation import error_messages
from core.year import selected_year
from pledges import excel, services
from pledges.access import PledgeCapabilities, get_pledge_for_user
from pledges.forms import (
    PledgeCreateForm,
    ScoreSheetForm,
    SignatureSheetForm,
    band_formset,
    bands_changes,
    bands_initial,
    bands_snapshot,
    criteria_changes,
    criteria_initial,
    criteria_snapshot,
    criterion_formset,
)
from pledges.models import Criterion, Pledge
from pledges.selectors import by_rank, pledge_members, score_sheet


def _detail(pledge: Pledge):
    return redirect("pledges:detail", pk=pledge.pk)


def _reread(pledge: Pledge) -> None:
    """The pledge's version (and signing date) as stored now, read before the values a refused page shows
    again: a save landing in between makes the next attempt stale too, instead of going unseen."""
    pledge.refresh_from_db(fields=["version", "signed_on"])


@login_required
def pledge_detail(request, pk: int):
    pledge = get_pledge_for_user(request.user, pk)
    criteria = list(pledge.criteria.all())
    members = pledge_members(pledge)
    signatures = {s.agency_id: s for s in pledge.signatures.all()}
    rows = score_sheet(pledge, members, criteria)
    can = PledgeCapabilities(request.user, pledge)
    context = {
        "pledge": pledge,
        "bloc": pledge.bloc,
        "criteria": criteria,
        "total_points": scale_of(criteria),
        "signature_rows": [(agency, signatures.get(agency.pk)) for agency in members],
        "signed_count": sum(1 for agency in members if agency.pk in signatures),
        "score_rows": by_rank(rows),
        "bands": list(pledge.bands.all()),
        "scored": any(row.total is not None for row in rows),
        "can": can,
        "lock_reason": services.pledge_criteria_lock_reason(pledge) if can.edit else None,
        "other_years": Pledge.objects.filter(bloc_id=pledge.bloc_id).exclude(pk=pledge.pk).values("pk", "year"),
    }
    return render(request, "pledges/pledge_detail.html", context)


@login_required
@require_safe
def pledge_scores_xlsx(request, pk: int):
    """The score sheet as an Excel workbook, for whoever reads the pledge (blank cells where nothing is scored)."""
    pledge = get_pledge_for_user(request.user, pk)
    criteria = list(pledge.criteria.all())
    rows = by_rank(score_sheet(pledge, pledge_members(pledge), criteria))
    content = excel.score_workbook(pledge=pledge, criteria=criteria, rows=rows, bands=list(pledge.bands.all()))
    return xlsx_response(content, f"bang-diem-{pledge.bloc.code}-{pledge.year}.xlsx")


@login_required
def pledge_create(request, bloc_pk: int):
    """The year's pledge (``?year=``, else the year chosen in the switcher) with its criteria."""
    bloc = get_bloc_for_user(request.user, bloc_pk)
    year = selected_year(request)
    if not Capabilities(request.user, bloc, year).enter_records:
        raise Http404
    if existing := Pledge.objects.filter(bloc=bloc, year=year).first():
        messages.info(request, _("Khối đã có giao ước thi đua năm %(year)s.") % {"year": year})
        return _detail(existing)
    posted = request.method == "POST"
    form = PledgeCreateForm(request.POST if posted else None)
    formset = criterion_formset(extra=3)(request.POST if posted else None, prefix="criteria")
    if posted and all([form.is_valid(), formset.is_valid()]):
        try:
            pledge = services.pledge_create(
                bloc=bloc, year=year, criteria=formset.rows(), signed_on=form.cleaned_data["signed_on"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã tạo giao ước thi đua năm %(year)s.") % {"year": year})
            return _detail(pledge)
    context = {
        "bloc": bloc,
        "year": year,
        "form": form,
        "formset": formset,
        "previous": Pledge.objects.filter(bloc=bloc, year__lt=year).order_by("-year").first(),
    }
    return render(request, "pledges/pledge_form.html", context)


@login_required
@require_POST
def pledge_copy(request, bloc_pk: int):
    """Start the year's pledge from the latest earlier one."""
    bloc = get_bloc_for_user(request.user, bloc_pk)
    try:
        year = int(request.POST.get("year", ""))
        for validator in YEAR_VALIDATORS:
            validator(year)
    except (ValueError, ValidationError):
        raise Http404 from None
    if not Capabilities(request.user, bloc, year).enter_records:
        raise Http404
    source = Pledge.objects.filter(bloc=bloc, year__lt=year).order_by("-year").first()
    if source is None:
        raise Http404
    try:
        pledge = services.pledge_copy(source=source, year=year, by=request.user)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
        return redirect(f"{reverse('pledges:create', kwargs={'bloc_pk': bloc.pk})}?year={year}")
    messages.success(
        request,
        _("Đã tạo giao ước năm %(year)s từ các tiêu chí năm %(source)s; có thể sửa trước khi chấm điểm.")
        % {"year": year, "source": source.year},
    )
    return _detail(pledge)


@login_required
def pledge_criteria(request, pk: int):
    """Change the criteria while nothing has locked them (see ``services.pledge_criteria_lock_reason``)."""
    pledge = get_pledge_for_user(request.user, pk, edit=True)
    if reason := services.pledge_criteria_lock_reason(pledge):
        messages.warning(request, reason)
        return _detail(pledge)
    posted = request.method == "POST"
    criteria = list(pledge.criteria.all())
    formset = criterion_formset(extra=2)(
        request.POST if posted else None, initial=criteria_initial(criteria), prefix="criteria"
    )
    version_form = (
        SheetVersionForm(request.POST)
        if posted
        else SheetVersionForm.carrying(pledge.version, criteria_snapshot(criteria))
    )
    page_errors: list[str] = []
    conflict = None
    if posted and formset.is_valid():
        try:
            services.pledge_criteria_set(
                pledge=pledge,
                criteria=formset.rows(),
                expected_version=version_form.expected_version(),
                by=request.user,
            )
        except ValidationError as error:
            if not is_stale(error):
                page_errors = formset.add_service_errors(error)
            else:
                # The list typed stays as it is: it is the whole list the user wants, and saving it again
                # after reading the changes replaces them knowingly.
                _reread(pledge)
                criteria = list(pledge.criteria.all())
                changes = criteria_changes(version_form.loaded_values(), criteria)
                version_form = SheetVersionForm.carrying(pledge.version, criteria_snapshot(criteria))
                conflict = conflict_notice(
                    error,
                    changes,
                    _(
                        "Danh sách tiêu chí bạn nhập vẫn được giữ bên dưới. Bấm Lưu lần nữa thì danh sách này "
                        "thay thế các tiêu chí đang lưu, kể cả những thay đổi trên."
                    ),
                )
        else:
            messages.success(request, _("Đã lưu các tiêu chí của giao ước."))
            return _detail(pledge)
    context = {
        "pledge": pledge,
        "bloc": pledge.bloc,
        "formset": formset,
        "page_errors": page_errors,
        "version_form": version_form,
        "conflict": conflict,
    }
    return render(request, "pledges/pledge_criteria_form.html", context)


@login_required
def pledge_signatures(request, pk: int):
    """Who signed the pledge for each member agency of its year; a row emptied withdraws the signature."""
    pledge = get_pledge_for_user(request.user, pk, edit=True)
    members = pledge_members(pledge)
    posted = request.method == "POST"
    form = _signature_sheet(pledge, members, request.POST if posted else None)
    version_form = SheetVersionForm(request.POST) if posted else form.carrying(pledge.version)
    conflict = None
    if posted and form.is_valid():
        try:
            services.signatures_record(
                pledge=pledge,
                signed_on=form.cleaned_data["signed_on"],
                rows=form.signatures(),
                expected_version=version_form.expected_version(),
                by=request.user,
            )
        except ValidationError as error:
            if not is_stale(error):
                add_service_errors(form, error)
            else:
                _reread(pledge)
                stored = _signature_sheet(pledge, members, None)
                form, version_form, conflict = stored.merged(
                    error, version=pledge.version, typed=request.POST, sent=version_form
                )
        else:
            messages.success(request, _("Đã lưu chữ ký giao ước."))
            return _detail(pledge)
    context = {"pledge": pledge, "bloc": pledge.bloc, "form": form, "version_form": version_form, "conflict": conflict}
    return render(request, "pledges/signature_form.html", context)


def _signature_sheet(pledge: Pledge, members, data) -> SignatureSheetForm:
    return SignatureSheetForm(
        data,
        agencies=members,
        signatures={s.agency_id: s for s in pledge.signatures.all()},
        initial={"signed_on": pledge.signed_on},
    )


@login_required
def pledge_scores(request, pk: int):
    """The agency × criterion grid; totals and ranks are those of the points saved."""
    pledge = get_pledge_for_user(request.user, pk, edit=True)
    members = pledge_members(pledge)
    posted = request.method == "POST"
    criteria, rows, form = _score_sheet(pledge, members, request.POST if posted else None)
    version_form = SheetVersionForm(request.POST) if posted else form.carrying(pledge.version)
    conflict = None
    if posted and form.is_valid():
        try:
            services.scores_record(
                pledge=pledge,
                points=form.points(),
                expected_version=version_form.expected_version(),
                by=request.user,
            )
        except ValidationError as error:
            if not is_stale(error):
                add_service_errors(form, error)
                messages.error(request, _("Chưa lưu: có ô điểm chưa hợp lệ, xem các ô được đánh dấu."))
            else:
                _reread(pledge)
                criteria, rows, stored = _score_sheet(pledge, members, None)
                form, version_form, conflict = stored.merged(
                    error, version=pledge.version, typed=request.POST, sent=version_form
                )
        else:
            messages.success(request, _("Đã lưu bảng chấm điểm."))
            return redirect("pledges:scores", pk=pledge.pk)
    totals = {row.agency.pk: row for row in rows}
    context = {
        "pledge": pledge,
        "bloc": pledge.bloc,
        "form": form,
        "criteria": criteria,
        "total_points": scale_of(criteria),
        "bands": list(pledge.bands.all()),
        "grid": [(agency, cells, totals[agency.pk]) for agency, cells in form.grid()],
        "version_form": version_form,
        "conflict": conflict,
    }
    return render(request, "pledges/score_form.html", context)


def _score_sheet(pledge: Pledge, members, data) -> tuple[list, list, ScoreSheetForm]:
    """The criteria, the score rows (totals, ranks) and the grid form of the points stored now."""
    criteria = list(pledge.criteria.all())
    rows = score_sheet(pledge, members, criteria)
    stored = {(row.agency.pk, c.pk): p for row in rows for c, p in zip(criteria, row.points, strict=True)}
    return criteria, rows, ScoreSheetForm(data, agencies=members, criteria=criteria, stored=stored)


@login_required
def pledge_bands(request, pk: int):
    """The pledge's classification bands (xếp loại): a name and the total it starts from, changeable at any time."""
    pledge = get_pledge_for_user(request.user, pk, edit=True)
    posted = request.method == "POST"
    bands = list(pledge.bands.all())
    formset = band_formset(extra=1 if bands else 3)(
        request.POST if posted else None, initial=bands_initial(bands), prefix="bands"
    )
    version_form = (
        SheetVersionForm(request.POST) if posted else SheetVersionForm.carrying(pledge.version, bands_snapshot(bands))
    )
    page_errors: list[str] = []
    conflict = None
    if posted and formset.is_valid():
        try:
            services.pledge_bands_set(
                pledge=pledge, bands=formset.rows(), expected_version=version_form.expected_version(), by=request.user
            )
        except ValidationError as error:
            if not is_stale(error):
                page_errors = formset.add_service_errors(error)
            else:
                _reread(pledge)
                bands = list(pledge.bands.all())
                changes = bands_changes(version_form.loaded_values(), bands)
                version_form = SheetVersionForm.carrying(pledge.version, bands_snapshot(bands))
                conflict = conflict_notice(
                    error,
                    changes,
                    _(
                        "Các mức bạn nhập vẫn được giữ bên dưới. Bấm Lưu lần nữa thì các mức này thay thế các mức "
                        "đang lưu, kể cả những thay đổi trên."
                    ),
                )
        else:
            messages.success(request, _("Đã lưu các mức xếp loại của giao ước."))
            return _detail(pledge)
    context = {
        "pledge": pledge,
        "bloc": pledge.bloc,
        "formset": formset,
        "page_errors": page_errors,
        "version_form": version_form,
        "conflict": conflict,
    }
    return render(request, "pledges/band_form.html", context)


def scale_of(criteria) -> Decimal:
    """The points scale of criteria read already: the standard ones' maximum, as ``Pledge.total_points``."""
    return sum((c.max_points for c in criteria if c.kind == Criterion.Kind.STANDARD), Decimal(0))
