"""Forms of the browser import: the upload, and the confirmation of a previewed upload."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from core.numbers import number_text
from core.uploads import megabytes
from interchange.problems import parse
from members.models import Organizer

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class UploadForm(forms.Form):
    """An interchange document for the user's organizer: at most 20 MB of JSON.

    The file's name and content type are only hints; what decides is whether the bytes parse as JSON.
    The document's own rules (schema, codes, votes…) are checked by the importer's dry run, not here.
    """

    document = forms.FileField(
        label=_("Tệp dữ liệu (JSON)"),
        help_text=_("Tài liệu định dạng emulation-blocs/1, tối đa 20 MB. Chưa ghi gì cho đến khi bạn xác nhận."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    reopen = forms.BooleanField(
        label=_("Sửa cả hội nghị đã chốt"),
        required=False,
        help_text=_(
            "Hội nghị đã chốt là hồ sơ chính thức: không chọn thì tài liệu thay đổi hội nghị đã chốt bị từ chối. "
            "Chọn thì mỗi hội nghị đó được mở lại với lý do “Nhập dữ liệu”, sửa, rồi chốt lại với biên bản "
            "phiên bản mới."
        ),
    )

    def __init__(self, *args, organizer: Organizer, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.organizer = organizer
        self.raw: bytes = b""
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.add_input(Submit("preview", _("Tải lên và xem trước")))

    def clean_document(self):
        upload = self.cleaned_data["document"]
        # Refuse by the size the client declared before reading anything into memory.
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Tệp dài %(size)s MB, vượt quá giới hạn 20 MB. Hãy chia nhỏ tài liệu hoặc liên hệ quản trị viên.")
                % {"size": number_text(megabytes(upload.size))}
            )
        raw = upload.read()
        document, problems = parse(raw)
        if problems:
            raise forms.ValidationError(
                _("Tệp không phải là tài liệu JSON (%(reason)s). Hãy chọn tệp .json được xuất từ hệ thống.")
                % {"reason": problems[0].message.rstrip(".")}
            )
        self.check_organizer(document)
        self.raw = raw
        return upload

    def check_organizer(self, document) -> None:
        """A board imports only its own province's records; a document without an organizer is left
        to the importer, which reports the missing field with its path."""
        header = document.get("organizer") if isinstance(document, dict) else None
        code = header.get("code") if isinstance(header, dict) else None
        if isinstance(code, str) and code != self.organizer.code:
            raise forms.ValidationError(
                _("Tài liệu này thuộc tỉnh %(code)s, không phải tỉnh của bạn (%(mine)s). Không có gì được nhập.")
                % {"code": code, "mine": self.organizer.code}
            )


class ConfirmForm(forms.Form):
    """The token naming an upload previewed in this session."""

    token = forms.CharField(
        widget=forms.HiddenInput,
        validators=[RegexValidator(r"^[0-9a-f]{32}$", _("Mã xác nhận không hợp lệ."))],
    )
