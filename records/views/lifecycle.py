"""Finalizing a meeting (it locks the record and asks for the minutes), reopening it (board staff, with a
reason), and asking for the minutes of a finalized meeting that has none (board staff)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.forms import ConfirmForm, add_service_errors
from core.validation import error_messages
from meetings.access import MeetingCapabilities, get_meeting_for_user
from meetings.checklist import meeting_checklist
from meetings.forms import ReasonForm
from meetings.models import Meeting
from meetings.views.common import detail_url, editable_meeting, locked_response
from records import rendering, services, snapshot


def _minutes_status(meeting: Meeting):
    return redirect("meetings:minutes_status", pk=meeting.pk, doc="bien-ban")


@login_required
def meeting_finalize(request, pk: int):
    """The meeting's checklist and a confirmation; finalizing (refused while a required item is missing) locks
    the record and queues the minutes."""
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
    checklist = meeting_checklist(meeting)
    context = {
        "bloc": meeting.bloc,
        "meeting": meeting,
        "form": form,
        "checklist": checklist,
        "blocking": any(check.blocking for check in checklist),
    }
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


@login_required
@require_safe
def minutes_preview(request, pk: int):
    """The draft minutes as they would print now (watermark "DỰ THẢO", no number yet), for those who enter the
    meeting's records to read before finalizing. Rendered here as HTML from the same snapshot and template as
    the PDF: nothing is stored, nothing queued."""
    meeting = editable_meeting(request, pk)
    if meeting.is_finalized:
        return _minutes_status(meeting)
    draft = snapshot.draft_snapshot(meeting)
    html = rendering.render_html(
        draft, stylesheet=static("css/minutes.css"), back_url=reverse("meetings:detail", kwargs={"pk": meeting.pk})
    )
    response = HttpResponse(html)
    response["Cache-Control"] = "no-store"
    return response
