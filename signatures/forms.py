"""The board's forms: a trust anchor (a CA certificate file) and the organization's certificate (PKCS#12)."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import crispy_helper

from .services import IMAGE_MAX_BYTES, P12_MAX_BYTES, PEM_MAX_BYTES


def _read(upload: UploadedFile | None, max_bytes: int, too_big: str) -> bytes | None:
    """The file's bytes, read only once its size is known to be reasonable."""
    if not upload:
        return None
    if upload.size > max_bytes:
        raise forms.ValidationError(too_big)
    upload.seek(0)
    return upload.read()


class TrustAnchorForm(forms.Form):
    pem = forms.FileField(
        label=gettext_lazy("Tệp chứng thư gốc (.pem, .cer, .crt)"),
        help_text=gettext_lazy("Chứng thư của tổ chức cung cấp dịch vụ chứng thực (CA), dạng PEM hoặc DER."),
    )
    name = forms.CharField(
        label=gettext_lazy("Tên gọi"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Để trống: lấy tên trong chứng thư."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = crispy_helper(action=reverse("signatures:settings"), submit=_("Thêm chứng thư gốc"))
        self.helper.form_id = "anchor-form"

    def clean_pem(self) -> bytes:
        return _read(self.cleaned_data.get("pem"), PEM_MAX_BYTES, _("Tệp chứng thư quá lớn (tối đa 256 KB)."))


class OrganizationSignerForm(forms.Form):
    p12 = forms.FileField(
        label=gettext_lazy("Tệp chứng thư số của tổ chức (.p12, .pfx)"),
        help_text=gettext_lazy("Tệp PKCS#12 chứa chứng thư và khoá bí mật; được mã hoá khi lưu."),
    )
    password = forms.CharField(
        label=gettext_lazy("Mật khẩu của tệp"),
        required=False,
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    seal_png = forms.FileField(
        label=gettext_lazy("Ảnh con dấu (màu đỏ)"),
        required=False,
        help_text=gettext_lazy("PNG (nền trong suốt) hoặc JPEG, tối đa 1 MB. Để trống: giữ ảnh đã có."),
    )
    signature_png = forms.FileField(
        label=gettext_lazy("Ảnh chữ ký (màu xanh)"),
        required=False,
        help_text=gettext_lazy("PNG (nền trong suốt) hoặc JPEG, tối đa 1 MB. Để trống: giữ ảnh đã có."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = crispy_helper(action=reverse("signatures:signer"), submit=_("Lưu chữ ký số của tổ chức"))

    def clean_p12(self) -> bytes:
        return _read(self.cleaned_data.get("p12"), P12_MAX_BYTES, _("Tệp chứng thư quá lớn (tối đa 256 KB)."))

    def clean_seal_png(self) -> bytes | None:
        return _read(self.cleaned_data.get("seal_png"), IMAGE_MAX_BYTES, _("Ảnh lớn hơn 1 MB."))

    def clean_signature_png(self) -> bytes | None:
        return _read(self.cleaned_data.get("signature_png"), IMAGE_MAX_BYTES, _("Ảnh lớn hơn 1 MB."))
