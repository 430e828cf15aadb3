"""Self-scoring pages: the member agency's sheet (``self_score``), its evidence files (``evidence``), the
secretary's summary (``scoring``: open the round, who submitted, self and reviewed totals, bands, ranks), the
review of one agency (``scoring_review``) and the workbook of both (``scoring_xlsx``).

The agency's page is its users' (``access.scoring_agency``); the summary, review and workbook are for whoever
changes the pledge (the bloc's secretaries of the year, board staff). Anything else answers 404.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.excel import xlsx_response
from core.forms import add_service_errors
from core.validation import error_messages
from pledges import scoring
from pledges.access import get_evidence_for_user, get_pledge_for_user, scoring_agency
from pledges.models import Evidence, Pledge, Score, ScoreSubmission, ScoringRound, SelfScore
from pledges.scoring_excel import scoring_workbook
from pledges.scoring_forms import ReviewForm, ScoringOpenForm, SelfScoreForm
from pledges.selectors import by_rank, pledge_members, score_sheet

logger = logging.getLogger(__name__)


def _round_of(pledge: Pledge) -> ScoringRound | None:
    return ScoringRound.objects.filter(pledge=pledge).first()


def _lines(pledge: Pledge, agency, criteria) -> tuple[dict, dict]:
    """The agency's self-scores (with their evidence) and the bloc's reviewed scores, by criterion id."""
    own = {
        s.criterion_id: s
        for s in SelfScore.objects.filter(criterion__pledge=pledge, agency=agency).prefetch_related("evidence")
    }
    reviewed = {s.criterion_id: s for s in Score.objects.filter(criterion__pledge=pledge, agency=agency)}
    return own, reviewed


def _totals(pledge: Pledge, agency, criteria) -> object | None:
    """The agency's row of the score sheet: its self total, reviewed total, band and rank among the members."""
    rows = score_sheet(pledge, pledge_members(pledge), criteria)
    return next((row for row in rows if row.agency.pk == agency.pk), None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def self_score(request, pk: int):
    """The member agency scores itself: points, explanation and evidence per criterion; drafts, then submit."""
    pledge = get_pledge_for_user(request.user, pk)
    agency = scoring_agency(request.user, pledge)
    if agency is None:
        raise Http404
    round_ = _round_of(pledge)
    criteria = list(pledge.criteria.all())
    own, reviewed = _lines(pledge, agency, criteria)
    submission = ScoreSubmission.objects.filter(pledge=pledge, agency=agency).first()
    editable = round_ is not None and submission is None and not round_.is_closed()
    posted = request.method == "POST"
    if posted and not editable:
        messages.error(request, _("Không thể thay đổi bảng tự chấm điểm: khối chưa mở, đã quá hạn hoặc đã nộp."))
        return redirect("pledges:self_score", pk=pledge.pk)
    form = SelfScoreForm(
        request.POST if posted else None, request.FILES if posted else None, criteria=criteria, stored=own
    )
    if posted and form.is_valid():
        action = request.POST.get("action", "draft")
        if action == "submit" and not form.cleaned_data["confirm"]:
            form.add_error("confirm", _("Đánh dấu ô xác nhận để nộp bảng tự chấm điểm."))
        else:
            try:
                with transaction.atomic():
                    _save_sheet(request, pledge, agency, form)
                    if action == "submit":
                        scoring.self_scoring_submit(pledge=pledge, agency=agency, by=request.user)
            except PermissionDenied as error:
                raise Http404 from error
            except ValidationError as error:
                add_service_errors(form, error)
                messages.error(request, _("Chưa lưu: xem các thông báo bên dưới."))
            else:
                if action == "submit":
                    messages.success(request, _("Đã nộp bảng tự chấm điểm. Thư ký khối sẽ xem xét từng tiêu chí."))
                else:
                    messages.success(request, _("Đã lưu bản nháp bảng tự chấm điểm."))
                return redirect("pledges:self_score", pk=pledge.pk)
    totals = _totals(pledge, agency, criteria) if submission is not None else None
    context = {
        "pledge": pledge,
        "bloc": pledge.bloc,
        "agency": agency,
        "round": round_,
        "submission": submission,
        "editable": editable,
        "form": form,
        "lines": [(c, own.get(c.pk), reviewed.get(c.pk), form.row(c)) for c in criteria],
        "self_total": totals.self_total if totals else None,
        "totals": totals,
        "any_reviewed": bool(reviewed),
    }
    return render(request, "pledges/self_score_form.html", context)


def _save_sheet(request, pledge: Pledge, agency, form: SelfScoreForm) -> None:
    """The draft, the files chosen and the evidence deleted, in the caller's transaction."""
    saved = scoring.self_score_save(pledge=pledge, agency=agency, lines=form.lines(), by=request.user)
    for criterion_id, upload in form.uploads().items():
        if criterion_id not in saved:
            raise ValidationError({f"{criterion_id}-file": _("Nhập điểm tự chấm trước khi đính kèm minh chứng.")})
        try:
            scoring.evidence_add(self_score=saved[criterion_id], upload=upload, by=request.user)
        except ValidationError as error:
            raise ValidationError({f"{criterion_id}-file": error_messages(error)}) from error
    if deleted := request.POST.get("delete_evidence"):
        if not deleted.isdecimal() or len(deleted) > 18:
            raise Http404
        evidence = Evidence.objects.filter(
            pk=int(deleted), self_score__agency=agency, self_score__criterion__pledge=pledge
        ).first()
        if evidence is None:
            raise Http404
        scoring.evidence_delete(evidence=evidence, by=request.user)


@login_required
@require_safe
def evidence(request, pk: int):
    """An evidence file, to the agency that attached it, the bloc's secretaries of the year and board staff."""
    item = get_evidence_for_user(request.user, pk)
    try:
        handle = item.file.open("rb")
    except OSError as error:
        logger.exception("pledges: the evidence file %s cannot be read", item.file.name)
        raise Http404(_("Không đọc được tệp trong kho lưu trữ; hãy báo quản trị viên.")) from error
    response = FileResponse(handle, content_type=item.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=item.name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def scoring_summary(request, pk: int):
    """The secretary's page: open the round (or move its deadline), then who submitted, self and reviewed
    totals, bands and ranks (ties share a rank)."""
    pledge = get_pledge_for_user(request.user, pk, edit=True)
    round_ = _round_of(pledge)
    posted = request.method == "POST"
    form = ScoringOpenForm(request.POST if posted else None, initial={"deadline": round_.deadline if round_ else None})
    if posted and form.is_valid():
        try:
            scoring.scoring_open(pledge=pledge, deadline=form.cleaned_data["deadline"], by=request.user)
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if round_ is None:
                messages.success(request, _("Đã mở tự chấm điểm cho các đơn vị thành viên."))
            else:
                messages.success(request, _("Đã lưu hạn nộp bảng tự chấm điểm."))
            return redirect("pledges:scoring", pk=pledge.pk)
    criteria = list(pledge.criteria.all())
    rows = by_rank(score_sheet(pledge, pledge_members(pledge), criteria))
    submitted = {s.agency_id: s for s in ScoreSubmission.objects.filter(pledge=pledge)}
    context = {
        "pledge": pledge,
        "bloc": pledge.bloc,
        "round": round_,
        "form": form,
        "criteria": criteria,
        "rows": [(row, submitted.get(row.agency.pk), sum(1 for p in row.points if p is not None)) for row in rows],
        "submitted_count": len(submitted),
    }
    return render(request, "pledges/scoring_summary.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def scoring_review(request, pk: int, agency_pk: int):
    """The secretary reviews one agency's submitted lines: accept its points, or set the bloc's with a reason."""
    pledge = get_pledge_for_user(request.user, pk, edit=True)
    agency = next((a for a in pledge_members(pledge) if a.pk == agency_pk), None)
    if agency is None:
        raise Http404
    criteria = list(pledge.criteria.all())
    own, reviewed = _lines(pledge, agency, criteria)
    submission = ScoreSubmission.objects.filter(pledge=pledge, agency=agency).first()
    posted = request.method == "POST"
    if posted and submission is None:
        messages.error(request, _("%(agency)s chưa nộp bảng tự chấm điểm.") % {"agency": agency.name})
        return redirect("pledges:scoring_review", pk=pledge.pk, agency_pk=agency.pk)
    form = ReviewForm(request.POST if posted else None, criteria=criteria, own=own, reviewed=reviewed)
    if posted and form.is_valid():
        try:
            count = _review(request, pledge, agency, form)
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            add_service_errors(form, error)
            messages.error(request, _("Chưa lưu: xem các dòng được đánh dấu."))
        else:
            messages.success(
                request, _("Đã duyệt %(count)s tiêu chí của %(agency)s.") % {"count": count, "agency": agency.name}
            )
            return redirect("pledges:scoring_review", pk=pledge.pk, agency_pk=agency.pk)
    context = {
        "pledge": pledge,
        "bloc": pledge.bloc,
        "agency": agency,
        "submission": submission,
        "form": form,
        "lines": [(c, own.get(c.pk), reviewed.get(c.pk), form.row(c)) for c in criteria],
        "totals": _totals(pledge, agency, criteria),
    }
    return render(request, "pledges/scoring_review.html", context)


@transaction.atomic
def _review(request, pledge: Pledge, agency, form: ReviewForm) -> int:
    """Every line decided, all or none: the problems of every line are reported at once."""
    errors: dict[str, list[str]] = {}
    decisions = form.decisions()
    for criterion, arguments in decisions:
        try:
            scoring.score_review(pledge=pledge, agency=agency, criterion=criterion, by=request.user, **arguments)
        except ValidationError as error:
            items = error.message_dict.items() if hasattr(error, "error_dict") else [("decision", error.messages)]
            for field, messages_ in items:
                name = field if field in ("points", "reason") else "decision"
                errors.setdefault(f"{criterion.pk}-{name}", []).extend(messages_)
    if errors:
        raise ValidationError(errors)
    return len(decisions)


@login_required
@require_safe
def scoring_xlsx(request, pk: int):
    """Each member's own and reviewed points side by side, totals, band and rank, and the reasons given."""
    pledge = get_pledge_for_user(request.user, pk, edit=True)
    criteria = list(pledge.criteria.all())
    rows = by_rank(score_sheet(pledge, pledge_members(pledge), criteria))
    submitted = set(ScoreSubmission.objects.filter(pledge=pledge).values_list("agency_id", flat=True))
    notes = list(
        Score.objects.filter(criterion__pledge=pledge)
        .exclude(note="")
        .select_related("agency", "criterion")
        .order_by("agency__sort_key", "criterion__position", "criterion_id")
    )
    content = scoring_workbook(pledge=pledge, criteria=criteria, rows=rows, submitted=submitted, notes=notes)
    return xlsx_response(content, f"tu-cham-diem-{pledge.bloc.code}-{pledge.year}.xlsx")
