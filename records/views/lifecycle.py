"""Finalizing a meeting (it locks the record and asks for the minutes), reopening it (board staff, with a
reason), and asking for the minutes of a finalized meeting that has none (board staff)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import ConfirmForm, add_service_errors
from core.validation import error_messages
from meetings.access import MeetingCapabilities, get_meeting_for_user
from meetings.forms import ReasonForm
from meetings.models import Meeting
from meetings.selectors import MeetingPage, meeting_page
from meetings.views.common import detail_url, editable_meeting, locked_response
from records import services


def _minutes_status(meeting: Meeting):
    return redirect("meetings:minutes_status", pk=meeting.pk, doc="bien-ban")


def _missing(page: MeetingPage) -> tuple[list[str], list[str]]:
    """What stops finalizing (the service refuses it) and what is only worth a look first."""
    meeting = page.meeting
    blocking = [
        _("Đề nghị %(proposal)s chưa có kết quả biểu quyết: nhập phiếu hoặc rút đề nghị.") % {"proposal": p}
        for p in page.pending_proposals
    ]
    warnings = []
    if not page.attendance_taken:
        warnings.append(_("Chưa điểm danh các đơn vị."))
    if not page.presiding:
        warnings.append(_("Chưa ghi người chủ trì."))
    if page.secretary is None:
        warnings.append(_("Chưa ghi thư ký hội nghị."))
    if not meeting.report.strip():
        warnings.append(_("Chưa có báo cáo kết quả."))
    if meeting.kind == Meeting.Kind.YEAR_END_REVIEW:
        if page.election is None:
            warnings.append(
                _("Chưa ghi kết quả bầu trưởng khối, phó trưởng khối năm %(year)s.") % {"year": meeting.year + 1}
            )
        if not page.rankings:
            warnings.append(_("Chưa xếp hạng các đơn vị."))
    return blocking, warnings


@login_required
def meeting_finalize(request, pk: int):
    """A confirmation page listing what is missing; finalizing locks the record and queues the minutes."""
    meeting = editable_meeting(request, pk)
    if locked := locked_response(request, meeting):
        return locked
    posted = request.method == "POST"
    form = ConfirmForm(
        request.POST if posted else None,
        action=reverse("meetings:finalize", kwargs={"pk": meeting.pk}),
        submit=_("Chốt hội nghị và tạo biên bản"),
    )
    form.helper.form_show_errors = False  # shown above the list of what is missing
    if posted and form.is_valid():
        try:
            services.meeting_finalize(meeting=meeting, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã chốt hội nghị. Biên bản đang được tạo; trang sẽ tự cập nhật khi xong."))
            return _minutes_status(meeting)
    blocking, warnings = _missing(meeting_page(meeting))
    context = {"bloc": meeting.bloc, "meeting": meeting, "form": form, "blocking": blocking, "warnings": warnings}
    return render(request, "meetings/meeting_confirm_finalize.html", context)


def _board_meeting(request, pk: int) -> Meeting:
    meeting = get_meeting_for_user(request.user, pk)
    if not MeetingCapabilities(request.user, meeting).manage:
        raise Http404
    return meeting


@login_required
def meeting_reopen(request, pk: int):
    """Board staff reopen a finalized meeting to correct it; the reason goes into the next minutes version."""
    meeting = _board_meeting(request, pk)
    if not meeting.is_finalized:
        messages.info(request, _("Hội nghị chưa chốt nên không cần mở lại."))
        return redirect(detail_url(meeting))
    posted = request.method == "POST"
    form = ReasonForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            services.meeting_reopen(meeting=meeting, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã mở lại hội nghị để sửa. Chốt lại sẽ tạo phiên bản biên bản mới."))
            return redirect(detail_url(meeting))
    return render(
        request, "meetings/meeting_reopen_form.html", {"bloc": meeting.bloc, "meeting": meeting, "form": form}
    )


@login_required
@require_POST
def minutes_request(request, pk: int):
    """The "Tạo biên bản" button: the next minutes version of a finalized meeting that has none being made."""
    meeting = _board_meeting(request, pk)
    try:
        services.minutes_version_request(meeting=meeting, by=request.user)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
        return redirect(detail_url(meeting, "bien-ban"))
    messages.success(request, _("Đã yêu cầu tạo biên bản; trang sẽ tự cập nhật khi tệp sẵn sàng."))
    return _minutes_status(meeting)
