"""What an uploaded file is, read from its content rather than its name or the browser's word, and whether its
size may be kept: the one check behind every upload (evidence files, achievement reports)."""

from __future__ import annotations

import zipfile
from decimal import ROUND_UP, Decimal

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from core.numbers import number_text

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = "image/png"
JPEG = "image/jpeg"

# The Office Open XML part each kind of document holds (besides [Content_Types].xml).
_OFFICE_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX}


def megabytes(size: int) -> Decimal:
    """A size in MB to one decimal, rounded up: a file over the 20 MB limit never reads as "20 MB"."""
    return (Decimal(size) / (1024 * 1024)).quantize(Decimal("0.1"), rounding=ROUND_UP)


def size_text(size: int) -> str:
    """The size in MB as the messages print it ("20,1")."""
    return number_text(megabytes(size))


def size_problem(upload: UploadedFile, max_bytes: int) -> str | None:
    """Why the file cannot be kept for its size (empty, over ``max_bytes``), else None."""
    if not upload.size:
        return _("Tệp rỗng.")
    if upload.size > max_bytes:
        return _("Tệp %(size)s MB, quá giới hạn 20 MB.") % {"size": size_text(upload.size)}
    return None


def content_type_of(upload: UploadedFile) -> str | None:
    """The file's type read from its first bytes: PDF, PNG, JPEG, or a Word .docx or Excel .xlsx (a zip holding
    the document's main part); None for anything else. The file is left at its start."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
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
    return None
