"""The dossier page of a bloc's year and its steps: achievement reports, sending, the board's answer."""

from __future__ import annotations

import logging
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, OuterRef, Prefetch, Subquery
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from blocs.access import can_edit_bloc_year, can_manage_organizer, get_bloc_for_user, get_managed_organizer
from blocs.models import YEAR_VALIDATORS
from core.forms import ConfirmForm, add_service_errors
from core.validation import error_messages
from dossiers import services
from dossiers.forms import ReportForm, ReturnForm, SendForm
from dossiers.models import Dossier, Submission, SubmittedReport
from dossiers.services import dossier_url
from meetings import eligibility
from meetings.models import Proposal
from records import downloads, rendering, snapshot
from records.models import MinutesVersion

logger = logging.getLogger(__name__)


def _year(year: int) -> int:
    low, high = (v.limit_value for v in YEAR_VALIDATORS)
    if not low <= year <= high:
        raise Http404
    return year


class DossierCapabilities:
    """What the dossier page offers the user."""

    def __init__(self, user, view: services.DossierView):
        self.user, self.view = user, view

    @property
    def send(self) -> bool:
        return self.view.editable and can_edit_bloc_year(self.user, self.view.bloc, self.view.year)

    @property
    def answer(self) -> bool:
        return can_manage_organizer(self.user, self.view.bloc.organizer_id)

    def _step(self, step: str) -> bool:
        return self.answer and self.view.dossier is not None and self.view.dossier.allows(step)

    @property
    def receive(self) -> bool:
        return self._step("receive")

    @property
    def return_dossier(self) -> bool:
        return self._step("return")

    @property
    def close(self) -> bool:
        return self._step("close")

    def upload(self, proposal: Proposal) -> bool:
        return self.view.editable and services.can_upload_report(self.user, proposal)


def _submissions(dossier: Dossier | None) -> list[Submission]:
    if dossier is None:
        return []
    return list(
        dossier.submissions.select_related("letter", "sent_by", "answered_by")
        .prefetch_related(
            "documents",
            Prefetch(
                "reports", queryset=SubmittedReport.objects.select_related("proposal__nominee", "proposal__award_type")
            ),
        )
        .order_by("-number")
    )


def _version_links(version, *, downloadable: bool) -> dict:
    """A sent document's downloads: a version replaced since is the board's archive (others see its name)."""
    slug = downloads.SLUG_OF[version.document]
    args = {"pk": version.meeting_id, "doc": slug, "number": version.number}
    return {
        "version": version,
        "downloadable": downloadable,
        "pdf": reverse("meetings:minutes_version_download", kwargs=args),
        "docx": reverse("meetings:minutes_version_docx", kwargs=args),
    }


def _latest_numbers(meeting_ids: set[int]) -> dict[tuple[int, str], int]:
    rows = (
        MinutesVersion.objects.filter(meeting_id__in=meeting_ids)
        .values("meeting_id", "document")
        .annotate(latest=Max("number"))
        .order_by()
    )
    return {(row["meeting_id"], row["document"]): row["latest"] for row in rows}


@login_required
@require_safe
def dossier_detail(request, pk: int, year: int):
    """The dossier of a bloc's year: its state and history, what is missing, the passed proposals and their
    achievement reports, the documents; the secretary's and the board's buttons."""
    bloc = get_bloc_for_user(request.user, pk)
    view = services.dossier_view(bloc, _year(year))
    can = DossierCapabilities(request.user, view)
    submissions = _submissions(view.dossier)
    latest = _latest_numbers({s.meeting_id for s in submissions})
    order = {d: i for i, d in enumerate(("letter", "minutes", "vote_count", "scores"))}
    for submission in submissions:
        versions = sorted([submission.letter, *submission.documents.all()], key=lambda v: order.get(v.document, 9))
        submission.links = [
            _version_links(v, downloadable=can.answer or latest.get((v.meeting_id, v.document)) == v.number)
            for v in versions
        ]
    findings = eligibility.shown_findings(
        bloc=bloc, year=view.year, votes=[(p, eligibility.votes_for_of(p)) for p in view.proposals]
    )
    rows = [(p, services.report_of(p), can.upload(p), findings.get(p.pk, [])) for p in view.proposals]
    context = {
        "bloc": bloc,
        "year": view.year,
        "view": view,
        "can": can,
        "rows": rows,
        "submissions": submissions,
        "deadline": bloc.organizer.dossier_deadlines.filter(year=view.year).first(),
    }
    return render(request, "dossiers/dossier_detail.html", context)


@login_required
def dossier_send(request, pk: int, year: int):
    """The letter's number, date and signer, the checklist, then sending (confirmed by the button)."""
    bloc = get_bloc_for_user(request.user, pk)
    view = services.dossier_view(bloc, _year(year))
    if not can_edit_bloc_year(request.user, bloc, view.year):
        raise Http404
    if not view.editable:
        messages.info(request, _("Hồ sơ đã được gửi; chỉ gửi lại khi Ban Thi đua - Khen thưởng trả lại."))
        return redirect(dossier_url(bloc.pk, view.year))
    posted = request.method == "POST"
    initial = services.letter_defaults(view.meeting) if view.meeting is not None else {}
    form = SendForm(request.POST if posted else None, initial=initial)
    if posted and form.is_valid():
        try:
            submission = services.dossier_send(bloc=bloc, year=view.year, by=request.user, **form.cleaned_data)
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã gửi hồ sơ (lần %(number)s) đến Ban Thi đua - Khen thưởng. Tờ trình đang được tạo tệp.")
                % {"number": submission.number},
            )
            return redirect(dossier_url(bloc.pk, view.year))
    context = {"bloc": bloc, "year": view.year, "view": view, "form": form}
    return render(request, "dossiers/dossier_send.html", context)


@login_required
@require_safe
def letter_preview(request, pk: int, year: int):
    """The proposal letter as it would print if sent today, as HTML from the same snapshot and template as the
    PDF, for reading before sending: nothing stored, no number taken."""
    bloc = get_bloc_for_user(request.user, pk)
    view = services.dossier_view(bloc, _year(year))
    if view.meeting is None or not can_edit_bloc_year(request.user, bloc, view.year):
        raise Http404
    data = snapshot.letter_snapshot(view.meeting, **services.letter_defaults(view.meeting))
    html = rendering.render_html(data, stylesheet=static("css/minutes.css"), back_url=dossier_url(bloc.pk, view.year))
    response = HttpResponse(html)
    response["Cache-Control"] = "no-store"
    return response


def _board_dossier(request, dossier_pk: int) -> Dossier:
    organizer = get_managed_organizer(request.user)
    return get_object_or_404(Dossier.objects.select_related("bloc"), pk=dossier_pk, bloc__organizer=organizer)


@login_required
def dossier_receive(request, dossier_pk: int):
    dossier = _board_dossier(request, dossier_pk)
    return _confirm(
        request,
        dossier,
        action=services.dossier_receive,
        title=_("Tiếp nhận hồ sơ"),
        text=_("Tiếp nhận hồ sơ như đã gửi; thư ký khối được báo."),
        submit=_("Tiếp nhận hồ sơ"),
        done=_("Đã tiếp nhận hồ sơ."),
    )


@login_required
def dossier_close(request, dossier_pk: int):
    dossier = _board_dossier(request, dossier_pk)
    return _confirm(
        request,
        dossier,
        action=services.dossier_close,
        title=_("Kết thúc hồ sơ"),
        text=_(
            "Ghi nhận hồ sơ đã có quyết định khen thưởng. Hồ sơ tự kết thúc khi mọi đề nghị đã gửi được khen thưởng;"
            " dùng nút này khi có đề nghị không được khen thưởng."
        ),
        submit=_("Kết thúc hồ sơ"),
        done=_("Đã kết thúc hồ sơ."),
    )


def _confirm(request, dossier: Dossier, *, action, title: str, text: str, submit: str, done: str):
    posted = request.method == "POST"
    form = ConfirmForm(request.POST if posted else None, action=request.path, submit=submit)
    if posted and form.is_valid():
        try:
            action(dossier=dossier, by=request.user)
        except ValidationError as error:
            for message in error_messages(error):
                messages.error(request, message)
        else:
            messages.success(request, done)
        return redirect(dossier_url(dossier.bloc_id, dossier.year))
    context = {"bloc": dossier.bloc, "year": dossier.year, "dossier": dossier, "form": form, "title": title,
               "text": text}  # fmt: skip
    return render(request, "dossiers/dossier_confirm.html", context)


@login_required
def dossier_return(request, dossier_pk: int):
    dossier = _board_dossier(request, dossier_pk)
    posted = request.method == "POST"
    form = ReturnForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            services.dossier_return(dossier=dossier, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã trả lại hồ sơ; thư ký khối được báo kèm lý do."))
            return redirect(dossier_url(dossier.bloc_id, dossier.year))
    context = {"bloc": dossier.bloc, "year": dossier.year, "dossier": dossier, "form": form}
    return render(request, "dossiers/dossier_return.html", context)


def _proposal_for_user(request, proposal_pk: int) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("bloc", "nominee", "award_type"), pk=proposal_pk)
    get_bloc_for_user(request.user, proposal.bloc_id)  # 404 to whoever may not read the bloc
    return proposal


@login_required
def report_upload(request, proposal_pk: int):
    proposal = _proposal_for_user(request, proposal_pk)
    if not services.can_upload_report(request.user, proposal):
        raise Http404
    dossier = Dossier.objects.filter(bloc_id=proposal.bloc_id, year=proposal.year).first()
    if dossier is not None and not dossier.editable:
        messages.info(request, _("Hồ sơ đã được gửi; báo cáo chỉ thay được khi hồ sơ bị trả lại."))
        return redirect(dossier_url(proposal.bloc_id, proposal.year, "de-nghi"))
    secretary = can_edit_bloc_year(request.user, proposal.bloc, proposal.year)
    posted = request.method == "POST"
    form = ReportForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            services.report_upload(proposal=proposal, upload=form.cleaned_data["file"], by=request.user)
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu báo cáo thành tích của %(agency)s.") % {"agency": proposal.nominee})
            if not secretary:
                return redirect("members:tasks")  # the nominee's user came from its to-do page
            return redirect(dossier_url(proposal.bloc_id, proposal.year, "de-nghi"))
    context = {
        "bloc": proposal.bloc,
        "year": proposal.year,
        "secretary": secretary,
        "proposal": proposal,
        "report": services.report_of(proposal),
        "form": form,
    }
    return render(request, "dossiers/report_form.html", context)


def _file_response(field, name: str, content_type: str):
    try:
        handle = field.open("rb")
    except OSError as error:
        logger.exception("dossier: the stored file %s cannot be read", field.name)
        raise Http404(_("Không đọc được tệp trong kho lưu trữ; hãy báo quản trị viên.")) from error
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def report_download(request, proposal_pk: int):
    proposal = _proposal_for_user(request, proposal_pk)
    report = services.report_of(proposal)
    if report is None:
        raise Http404
    return _file_response(report.file, report.name, report.content_type)


@login_required
@require_safe
def submitted_report_download(request, pk: int):
    """A report as it was sent (its copy), to whoever may read the bloc."""
    copy = get_object_or_404(SubmittedReport.objects.select_related("submission__dossier"), pk=pk)
    get_bloc_for_user(request.user, copy.submission.dossier.bloc_id)
    return _file_response(copy.file, copy.name, copy.content_type)


@login_required
@require_safe
def decision_start(request):
    """The decision form starts here: the received dossiers whose passed proposals await a decision (three
    queries, whatever the number of dossiers)."""
    organizer = get_managed_organizer(request.user)
    latest = Submission.objects.filter(dossier=OuterRef("pk")).order_by("-number").values("pk")[:1]
    dossiers = list(
        Dossier.objects.filter(bloc__organizer=organizer, state=Dossier.State.RECEIVED)
        .annotate(latest_submission=Subquery(latest))
        .select_related("bloc")
        .order_by("-year", "bloc__sort_key")
    )
    awaiting: dict[int, list[Proposal]] = defaultdict(list)
    reports = (
        SubmittedReport.objects.filter(
            submission_id__in=[d.latest_submission for d in dossiers], proposal__decision_award__isnull=True
        )
        .select_related("proposal__nominee", "proposal__award_type")
        .order_by("proposal__award_type__position", "proposal__position", "proposal_id")
    )
    for report in reports:
        awaiting[report.submission_id].append(report.proposal)
    rows = []
    for dossier in dossiers:
        proposals = awaiting[dossier.latest_submission]
        query = "&".join(f"proposals={p.pk}" for p in proposals)
        rows.append({"dossier": dossier, "proposals": proposals,
                     "url": f"{reverse('awards:decision_create')}?{query}"})  # fmt: skip
    return render(request, "dossiers/decision_start.html", {"rows": rows})
