"""What an uploaded evidence file is, read from its content rather than its name or the browser's word."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from pledges.models import EVIDENCE_MAX_BYTES, Evidence

# The Office Open XML part each kind of document holds (besides [Content_Types].xml).
_OFFICE_PARTS = {"word/document.xml": Evidence.Kind.DOCX, "xl/workbook.xml": Evidence.Kind.XLSX}


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def evidence_kind(upload: UploadedFile) -> str:
    """The evidence's content type read from its first bytes: PDF, PNG, JPEG, or a Word .docx or Excel .xlsx
    (a zip holding the document's main part). Anything else, empty or over 20 MB is refused with the reason."""
    if not upload.size:
        raise ValidationError({"file": _("Tệp rỗng.")})
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"file": _("Tệp %(size)s MB, quá giới hạn 20 MB.") % {"size": size_text(upload.size)}})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return Evidence.Kind.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Evidence.Kind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return Evidence.Kind.JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            names = set()
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for part, kind in _OFFICE_PARTS.items():
                if part in names:
                    return kind
    raise ValidationError(
        {"file": _("Tệp minh chứng phải là PDF, Word (.docx), Excel (.xlsx), PNG hoặc JPEG; tệp này không phải.")}
    )
