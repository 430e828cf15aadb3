"""Forms of the record's pages: a signed copy to upload, and the public verification page's code and file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import size_problem
from records.models import SIGNED_COPY_MAX_BYTES, normalize_code


class PdfUploadForm(forms.Form):
    """A PDF to check (the public page) or to keep as the signed copy (the status page)."""

    file = forms.FileField(
        label=_("Tệp PDF (tối đa 20 MB)"),
        max_length=300,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if problem := size_problem(upload, SIGNED_COPY_MAX_BYTES):
            raise forms.ValidationError(problem)
        return upload


class SignedCopyForm(PdfUploadForm):
    file = forms.FileField(
        label=_("Bản có chữ ký số (PDF, tối đa 20 MB)"),
        max_length=300,
        help_text=_(
            "Tệp PDF của phiên bản này đã ký số bằng USB token hoặc dịch vụ ký số từ xa. Hệ thống kiểm tra chữ ký"
            " và chứng thư trước khi lưu."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )


class CodeForm(forms.Form):
    """The verification code printed under the QR code of an issued document."""

    code = forms.CharField(
        label=_("Mã xác minh"),
        max_length=40,
        help_text=_("In ở chân trang đầu của văn bản, ví dụ K7QM-2XDP-9RTA."),
    )

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Mã xác minh gồm 12 ký tự chữ và số, ví dụ K7QM-2XDP-9RTA."))
        return code
