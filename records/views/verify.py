"""The public verification pages (no login, rate-limited): what an issued document is and whether it is current,
and a form to check a PDF. The address each issued document's QR code opens is ``verify_document``.

They show nothing the document itself does not print: who holds a code holds the document."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.ratelimit import rate_limited
from records.forms import CodeForm, PdfUploadForm
from records.models import MinutesVersion, normalize_code
from records.signed_copies import official_copy
from records.verification import Report, document_identity, newest_version, verify_pdf


def _checked(request, version: MinutesVersion | None = None) -> tuple[PdfUploadForm, Report | None]:
    """The upload form and, when a valid one was posted, the report on its file."""
    if request.method != "POST":
        return PdfUploadForm(), None
    form = PdfUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, None
    upload = form.cleaned_data["file"]
    upload.seek(0)
    return PdfUploadForm(), verify_pdf(upload.read(), version=version)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limited("verify", per_minute=30)
@rate_limited("verify_upload", per_minute=6, methods=("POST",))
def verify_lookup(request):
    """Type a verification code (to its page) or upload a PDF (its report)."""
    code_form = CodeForm(request.GET if "code" in request.GET else None)
    if code_form.is_bound and code_form.is_valid():
        return redirect("verify:document", code=code_form.cleaned_data["code"])
    form, report = _checked(request)
    context = {"code_form": code_form, "form": form, "report": report}
    return render(request, "records/verify_lookup.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limited("verify", per_minute=30)
@rate_limited("verify_upload", per_minute=6, methods=("POST",))
def verify_document(request, code: str):
    """What the document of ``code`` is, whether it is current or replaced, its official signed copy, and a form
    to check a PDF against it. Unknown, malformed or not issued (no file yet): 404."""
    normalized = normalize_code(code)
    if not normalized:
        raise Http404
    if normalized != code:
        return redirect("verify:document", code=normalized)
    version = (
        MinutesVersion.objects.select_related("meeting__bloc__organizer")
        .filter(code=normalized, status=MinutesVersion.Status.READY)
        .first()
    )
    if version is None:
        raise Http404
    replaced_by = newest_version(version)
    form, report = _checked(request, version)
    context = {
        "version": version,
        "document": document_identity(version, replaced_by),
        "replaced_by": replaced_by,
        # A newer version still being made has no page yet: named, not linked.
        "replaced_link": replaced_by is not None and replaced_by.is_ready,
        "official": official_copy(version),
        "form": form,
        "report": report,
    }
    return render(request, "records/minutesversion_verify.html", context)
