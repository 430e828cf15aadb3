"""The status, download (PDF and Word) and retry of the minutes and pledge documents of a meeting."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from core.validation import error_messages
from meetings.access import MeetingCapabilities, get_meeting_for_user
from meetings.models import Meeting
from records import docx, downloads, signed_copies
from records.forms import SignedCopyForm
from records.models import MinutesVersion
from records.services import current_version, minutes_version_retry
from records.signed_copies import can_upload_signed_copy, official_copy

logger = logging.getLogger(__name__)


def _url(name: str, version: MinutesVersion) -> str:
    return reverse(
        f"meetings:{name}",
        kwargs={"pk": version.meeting_id, "doc": downloads.SLUG_OF[version.document], "number": version.number},
    )


def _status_payload(version: MinutesVersion | None) -> dict:
    if version is None:
        return {"status": None, "status_display": _("Hội nghị chưa chốt biên bản."), "ready": False}
    return {
        "number": version.number,
        "status": version.status,
        "status_display": version.get_status_display(),
        "ready": version.is_ready,
        "error": version.error,
        "minutes_number": version.minutes_number,
        "download_url": _url("minutes_version_download", version) if version.is_ready else None,
        "docx_url": _url("minutes_version_docx", version) if version.is_ready else None,
    }


def _status_page(request, meeting: Meeting, document: str, *, status: int = 200, signed_copy_form=None):
    versions = list(meeting.minutes_versions.filter(document=document).select_related("created_by").order_by("-number"))
    can = MeetingCapabilities(request.user, meeting)
    current = versions[0] if versions else None
    ready = current is not None and current.is_ready
    context = {
        "meeting": meeting,
        "doc": downloads.SLUG_OF[document],
        "document_label": MinutesVersion.Document(document).label,
        "current": current,
        "older": versions[1:] if can.see_older_versions else [],
        "can": can,
        # The official copy the download serves, when a signed one was uploaded (records/signed_copies.py).
        "official": official_copy(current) if ready else None,
        "signed_copy_form": (signed_copy_form or SignedCopyForm()) if ready and can.enter_records else None,
    }
    return render(request, "meetings/minutes/minutesversion_status.html", context, status=status)


@login_required
@never_cache
def minutes_status(request, pk: int, doc: str):
    """The state of the current version; the page polls ``minutes_status_json`` while a worker renders."""
    meeting = get_meeting_for_user(request.user, pk)
    return _status_page(request, meeting, downloads.SLUGS[doc])


@login_required
@never_cache
def minutes_status_json(request, pk: int, doc: str):
    meeting = get_meeting_for_user(request.user, pk)
    return JsonResponse(_status_payload(current_version(meeting, downloads.SLUGS[doc])))


def _downloadable(request, pk: int, doc: str, number: int | None) -> tuple[Meeting, MinutesVersion]:
    """The version asked for: the current one (anyone who sees the meeting) or an older one (board staff
    only; others get 404)."""
    meeting = get_meeting_for_user(request.user, pk)
    document = downloads.SLUGS[doc]
    current = current_version(meeting, document)
    if number is None or (current is not None and number == current.number):
        version = current
    elif MeetingCapabilities(request.user, meeting).see_older_versions:
        version = get_object_or_404(MinutesVersion, meeting=meeting, document=document, number=number)
    else:
        raise Http404  # older versions are the board's archive
    if version is None:
        raise Http404
    version.meeting = meeting
    return meeting, version


def _attachment(response: HttpResponse, version: MinutesVersion, extension: str) -> HttpResponse:
    response["Content-Disposition"] = downloads.content_disposition(version, extension)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def minutes_download(request, pk: int, doc: str, number: int | None = None):
    """The PDF of the current version (anyone who sees the meeting) or of an older one (board staff only): its
    official copy, i.e. the newest signed copy uploaded, else the issued file; a version still being rendered
    answers with the status page."""
    meeting, version = _downloadable(request, pk, doc, number)
    if not version.is_ready:
        return _status_page(request, meeting, version.document)
    official = official_copy(version)
    stored = official.file if official is not None else version.file
    try:
        handle = stored.open("rb")
    except OSError:
        # The row says ready but the store lost the file (a restore from an older backup, a bucket emptied):
        # say so on the status page rather than fail.
        logger.exception("minutes version %s: the stored file %s cannot be read", version.pk, stored.name)
        messages.error(
            request,
            _(
                "Không đọc được tệp PDF của phiên bản %(number)s trong kho lưu trữ. Hãy báo quản trị viên khôi "
                "phục tệp từ bản sao lưu; tệp Word của phiên bản vẫn tải được."
            )
            % {"number": version.number},
        )
        return _status_page(request, meeting, version.document, status=404)
    return _attachment(FileResponse(handle, content_type="application/pdf"), version, "pdf")


@login_required
def minutes_docx_download(request, pk: int, doc: str, number: int | None = None):
    """The Word file of a version, to the same people as its PDF, made from the version's frozen snapshot (the
    same document every time, in a few hundredths of a second). Versions rendered between 2026-12-05 and
    2026-12-06 also stored one, served as it is."""
    meeting, version = _downloadable(request, pk, doc, number)
    if not version.is_ready:
        return _status_page(request, meeting, version.document)
    try:
        response = FileResponse(version.docx.open("rb"), content_type=docx.CONTENT_TYPE) if version.docx else None
    except OSError:  # the stored file is gone: the same document again from the snapshot
        logger.exception("minutes version %s: the stored file %s cannot be read", version.pk, version.docx.name)
        response = None
    if response is None:
        response = HttpResponse(docx.render_docx(version.snapshot), content_type=docx.CONTENT_TYPE)
    return _attachment(response, version, "docx")


@login_required
@require_POST
def minutes_retry(request, pk: int, doc: str, number: int):
    """Queue a failed version again (secretaries of the bloc's year and board staff; others get 403)."""
    meeting = get_meeting_for_user(request.user, pk)
    version = get_object_or_404(MinutesVersion, meeting=meeting, document=downloads.SLUGS[doc], number=number)
    try:
        minutes_version_retry(version=version, by=request.user)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã đưa phiên bản %(number)s vào hàng đợi tạo tệp.") % {"number": number})
    return redirect("meetings:minutes_status", pk=meeting.pk, doc=doc)


@login_required
@require_POST
def signed_copy_upload(request, pk: int, doc: str, number: int):
    """Keep a PDF of the version signed outside the application as its official copy (secretaries of the bloc's
    year and board staff; others who see the meeting get 403): refused with the reasons, the status page shown
    again with them."""
    meeting = get_meeting_for_user(request.user, pk)
    version = get_object_or_404(MinutesVersion, meeting=meeting, document=downloads.SLUGS[doc], number=number)
    version.meeting = meeting
    if not can_upload_signed_copy(request.user, version):
        raise PermissionDenied
    form = SignedCopyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            copy = signed_copies.signed_copy_upload(version=version, upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error, elsewhere="file")
        else:
            signers = ", ".join(row["signer"] for row in copy.signers)
            messages.success(
                request,
                _(
                    "Đã lưu bản có chữ ký số của phiên bản %(number)s (ký bởi %(signers)s); tệp tải về từ nay là"
                    " bản này."
                )
                % {"number": version.number, "signers": signers},
            )
            return redirect("meetings:minutes_status", pk=meeting.pk, doc=doc)
    return _status_page(request, meeting, version.document, signed_copy_form=form)
