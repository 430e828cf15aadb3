"""The board's page of digital signatures (``/chu-ky-so/``): which CA certificates the province trusts when it
checks a signed copy, and the organization certificate the application signs its documents with.

Board work: board staff of the province only (``get_managed_organizer``); anyone else gets 404. The
installation's anchors are listed read-only (``manage.py trust_anchors`` changes them)."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from blocs.access import get_managed_organizer
from core.forms import ConfirmForm, add_service_errors

from . import crypto, services
from .forms import OrganizationSignerForm, TrustAnchorForm
from .models import OrganizationSigner, TrustAnchor


def _signer_of(organizer) -> OrganizationSigner | None:
    return OrganizationSigner.objects.filter(organizer=organizer).select_related("updated_by").first()


@login_required
def settings_page(request):
    """The lists of anchors, the form that adds one (POST here), and the organization certificate's state."""
    organizer = get_managed_organizer(request.user)
    form = TrustAnchorForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            anchor = services.trust_anchor_add(
                pem=form.cleaned_data["pem"], name=form.cleaned_data["name"], organizer=organizer, by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm chứng thư gốc tin cậy %(name)s.") % {"name": anchor.name})
            return redirect("signatures:settings")
    anchors = TrustAnchor.objects.filter(Q(organizer=organizer) | Q(organizer__isnull=True)).order_by("name")
    signer = _signer_of(organizer)
    context = {
        "organizer": organizer,
        "own": [anchor for anchor in anchors if anchor.organizer_id],
        "installation": [anchor for anchor in anchors if not anchor.organizer_id],
        "form": form,
        "signer": signer,
        "status": services.signer_status(signer),
    }
    return render(request, "signatures/settings.html", context, status=400 if form.errors else 200)


@login_required
def anchor_remove(request, pk: int):
    """A confirmation page, then the province stops trusting the certificate."""
    organizer = get_managed_organizer(request.user)
    anchor = get_object_or_404(TrustAnchor, pk=pk, organizer=organizer)
    posted = request.method == "POST"
    form = ConfirmForm(
        request.POST if posted else None,
        action=reverse("signatures:anchor_remove", kwargs={"pk": anchor.pk}),
        submit=_("Bỏ chứng thư gốc này"),
    )
    if posted and form.is_valid():
        services.trust_anchor_remove(anchor=anchor, by=request.user)
        messages.success(request, _("Đã bỏ chứng thư gốc %(name)s.") % {"name": anchor.name})
        return redirect("signatures:settings")
    return render(request, "signatures/trustanchor_confirm_delete.html", {"anchor": anchor, "form": form})


@login_required
def signer(request):
    """Upload (or replace) the organization's PKCS#12 and the images of its seal and signature."""
    organizer = get_managed_organizer(request.user)
    available = crypto.available()
    form = OrganizationSignerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not available:
        form.add_error(None, _("Chưa cấu hình khoá DOCUMENT_SIGNING_KEY: ứng dụng không thể lưu chứng thư để ký."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.organization_signer_set(
                organizer=organizer,
                p12=data["p12"],
                password=data["password"],
                seal_png=data["seal_png"],
                signature_png=data["signature_png"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu chữ ký số của tổ chức: các văn bản ban hành từ nay được ký số."))
            return redirect("signatures:settings")
    context = {"form": form, "available": available, "signer": _signer_of(organizer)}
    return render(request, "signatures/organizationsigner_form.html", context, status=400 if form.errors else 200)


@login_required
def signer_disable(request):
    """A confirmation page, then the application stops signing the province's documents."""
    organizer = get_managed_organizer(request.user)
    current = _signer_of(organizer)
    if current is None or not current.enabled:
        raise Http404
    posted = request.method == "POST"
    form = ConfirmForm(
        request.POST if posted else None,
        action=reverse("signatures:signer_disable"),
        submit=_("Ngừng ký số"),
    )
    if posted and form.is_valid():
        services.organization_signer_disable(organizer=organizer, by=request.user)
        messages.success(request, _("Đã ngừng ký số văn bản bằng chứng thư của tổ chức."))
        return redirect("signatures:settings")
    return render(request, "signatures/organizationsigner_confirm_disable.html", {"signer": current, "form": form})


@login_required
@require_safe
def signer_image(request, kind: str):
    """The seal or signature image the board uploaded (for the page to show it)."""
    organizer = get_managed_organizer(request.user)
    current = _signer_of(organizer)
    field = {"con-dau": "seal_png", "chu-ky": "signature_png"}.get(kind)
    data = getattr(current, field, None) if current is not None and field else None
    if not data:
        raise Http404
    data = bytes(data)
    response = FileResponse(io.BytesIO(data), content_type=services.image_type(data))
    response["Cache-Control"] = "private, no-store"
    return response
