"""Import and export in the browser, for board staff: upload → preview → confirm, and the export download.

Between preview and confirmation the uploaded bytes wait in the default storage under an unguessable
name; the session keeps that name with the uploader, the organizer and the bytes' SHA-256, so a
confirmation imports exactly what was previewed, for the person who previewed it, and only once.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from blocs.access import get_managed_organizer
from blocs.models import Bloc
from imports.forms import ConfirmForm, UploadForm
from imports.importer import KIND_LABELS, ImportReport, import_text
from interchange.exporter import export_organizer
from meetings.models import Proposal
from members.models import Organizer

PENDING_SESSION_KEY = "interchange_pending_upload"
UPLOAD_DIR = "imports"
# Uploads previewed but never confirmed are removed when a later upload is stored.
ABANDONED_AFTER = datetime.timedelta(days=1)
# A 20 MB document may list tens of thousands of records: the preview shows the first ones.
DETAILS_SHOWN = 500


@login_required
def interchange_home(request):
    """The upload form, the export download and the Excel exports; a posted upload is previewed."""
    organizer = get_managed_organizer(request.user)
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        organizer=organizer,
        action=reverse("interchange:home"),
    )
    if posted and form.is_valid():
        reopen = form.cleaned_data["reopen"]
        report = import_text(form.raw, by=request.user, dry_run=True, reopen=reopen)
        _discard_pending(request)
        token = _store_pending(request, organizer, form.raw, reopen=reopen) if report.ok else None
        return _preview(request, report, token=token)
    proposal_years = set(Proposal.objects.filter(bloc__organizer=organizer).values_list("year", flat=True).distinct())
    last_year = timezone.localdate().year - 1  # the last finished emulation year, listed even before any entry
    context = {
        "organizer": organizer,
        "form": form,
        "years": sorted({last_year, *proposal_years}, reverse=True),
        "selected_year": max(proposal_years, default=last_year),
        "blocs": Bloc.objects.filter(organizer=organizer).order_by("sort_key", "code"),
    }
    return render(request, "blocs/interchange/home.html", context)


@login_required
@require_POST
def import_confirm(request):
    """Import the upload previewed in this session; nothing is written unless the whole import succeeds."""
    get_managed_organizer(request.user)
    form = ConfirmForm(request.POST)
    pending = _take_pending(request, form.cleaned_data["token"]) if form.is_valid() else None
    if pending is None:
        messages.error(
            request,
            _("Không tìm thấy tệp đã xem trước (có thể đã được nhập hoặc đã hết hạn). Hãy tải tệp lên lại."),
        )
        return redirect("interchange:home")
    raw, reopen = pending
    report = import_text(raw, by=request.user, reopen=reopen)
    if not report.ok:
        # The records changed since the preview (someone else edited or imported): say what now fails.
        return _preview(request, report, token=None, confirming=True)
    messages.success(
        request,
        _("Đã nhập xong. %(summary)s") % {"summary": "; ".join(_summary_text(row) for row in _summary(report))},
    )
    return redirect("interchange:home")


@login_required
@require_safe
def export_download(request):
    """The organizer's whole interchange document, as the ``export_blocs`` command writes it."""
    organizer = get_managed_organizer(request.user)
    text = json.dumps(export_organizer(organizer), ensure_ascii=False, indent=2) + "\n"
    response = HttpResponse(text.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{organizer.code}-emulation-blocs.json")
    return response


# -- the preview ---------------------------------------------------------------------------------------------


def _summary(report: ImportReport) -> list[tuple[str, int, int, int]]:
    """(kind in Vietnamese, created, changed, unchanged) for each kind the document holds."""
    return [(_(KIND_LABELS[kind]), c, u, s) for kind, c, u, s in report.summary_rows() if c or u or s]


def _summary_text(row: tuple[str, int, int, int]) -> str:
    kind, created, changed, unchanged = row
    return _("%(kind)s: %(c)s thêm mới, %(u)s cập nhật, %(s)s không đổi") % {
        "kind": kind,
        "c": created,
        "u": changed,
        "s": unchanged,
    }


def _value_text(value) -> str:
    """A value before or after a change, as the history page shows it."""
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, list):
        return "; ".join(_value_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value_text(v)}" for k, v in value.items())
    return str(value)


def _preview(request, report: ImportReport, *, token: str | None, confirming: bool = False):
    statuses = {"created": _("thêm mới"), "changed": _("cập nhật")}
    details = [(statuses[status], _(KIND_LABELS[kind]), label) for status, kind, label in report.details]
    changes = [
        (_(KIND_LABELS[c.kind]), c.record, c.what, _value_text(c.old), _value_text(c.new))
        for c in report.ordered_changes()
    ]
    context = {
        "report": report,
        "summary": _summary(report),
        "changes": changes[:DETAILS_SHOWN],
        "changes_hidden": max(0, len(changes) - DETAILS_SHOWN),
        "details": details[:DETAILS_SHOWN],
        "details_hidden": max(0, len(details) - DETAILS_SHOWN),
        "confirm_form": ConfirmForm(initial={"token": token}) if token else None,
        "confirming": confirming,
    }
    return render(request, "blocs/interchange/import_preview.html", context)


# -- uploads waiting for confirmation ------------------------------------------------------------------------


def _store_pending(request, organizer: Organizer, raw: bytes, *, reopen: bool) -> str:
    _remove_abandoned_uploads()
    token = uuid.uuid4().hex
    name = default_storage.save(f"{UPLOAD_DIR}/{token}.json", ContentFile(raw))
    request.session[PENDING_SESSION_KEY] = {
        "token": token,
        "name": name,
        "user": request.user.pk,
        "organizer": organizer.pk,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "reopen": reopen,  # as previewed: the confirmation cannot choose otherwise
    }
    return token


def _take_pending(request, token: str) -> tuple[bytes, bool] | None:
    """The previewed bytes for this token, user and organizer, removed from storage so they import once,
    with the choice previewed: whether finalized meetings are reopened."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if not pending or pending.get("token") != token:
        return None
    del request.session[PENDING_SESSION_KEY]
    name = pending["name"]
    try:
        with default_storage.open(name, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        return None
    finally:
        default_storage.delete(name)
    if (
        pending.get("user") != request.user.pk
        or pending.get("organizer") != request.user.organizer_id
        or hashlib.sha256(raw).hexdigest() != pending.get("sha256")
    ):
        return None
    return raw, bool(pending.get("reopen"))


def _discard_pending(request) -> None:
    pending = request.session.pop(PENDING_SESSION_KEY, None)
    if pending:
        default_storage.delete(pending["name"])


def _remove_abandoned_uploads() -> None:
    try:
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - ABANDONED_AFTER
    for file_name in files:
        name = f"{UPLOAD_DIR}/{file_name}"
        try:
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
        except FileNotFoundError:  # another request removed it first
            continue
