"""Forms of the dossier pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import VietnameseDateField
from dossiers.models import REPORT_MAX_BYTES


class SendForm(forms.Form):
    """What the proposal letter (tờ trình) prints that the record does not hold: its number, date and signer."""

    number = forms.CharField(label=_("Số tờ trình"), max_length=200, help_text=_("Ví dụ: 01/TTr-KTĐ"))
    dated = VietnameseDateField(label=_("Ngày tờ trình"))
    signer_name = forms.CharField(
        label=_("Người ký (Trưởng khối)"), max_length=300, help_text=_("Lãnh đạo cơ quan Trưởng khối.")
    )
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=300, required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Thư ký khối sẽ đọc lý do này để sửa và gửi lại."),
    )


class ReportForm(forms.Form):
    file = forms.FileField(
        label=_("Báo cáo thành tích (PDF hoặc Word .docx, tối đa 20 MB)"),
        max_length=300,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,application/pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > REPORT_MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá giới hạn 20 MB."))
        return upload
