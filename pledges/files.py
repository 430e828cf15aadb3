"""What an uploaded evidence file is, read from its content rather than its name or the browser's word
(``core.uploads``), and the kinds an evidence file may be."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from core.uploads import content_type_of, size_problem
from pledges.models import EVIDENCE_MAX_BYTES, Evidence


def evidence_kind(upload: UploadedFile) -> str:
    """The evidence's content type read from its content: PDF, Word .docx, Excel .xlsx, PNG or JPEG. Anything
    else, empty or over 20 MB is refused with the reason."""
    if problem := size_problem(upload, EVIDENCE_MAX_BYTES):
        raise ValidationError({"file": problem})
    kind = content_type_of(upload)
    if kind not in Evidence.Kind.values:
        raise ValidationError(
            {"file": _("Tệp minh chứng phải là PDF, Word (.docx), Excel (.xlsx), PNG hoặc JPEG; tệp này không phải.")}
        )
    return kind
