"""How a version is offered for download: its address slug and its file names (RFC 5987)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.utils.text import slugify

from records.models import MinutesVersion

Document = MinutesVersion.Document
# The document part of the addresses: /hoi-nghi/<pk>/bien-ban/, /hoi-nghi/<pk>/giao-uoc/, …
SLUGS = {
    "bien-ban": Document.MINUTES,
    "giao-uoc": Document.PLEDGE,
    "kiem-phieu": Document.VOTE_COUNT,
    "bang-diem": Document.SCORES,
    "to-trinh": Document.LETTER,
}
SLUG_OF = {document: slug for slug, document in SLUGS.items()}

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def download_name(version: MinutesVersion, extension: str = "pdf") -> str:
    """The Vietnamese file name: ``Biên bản Hội nghị tổng kết … năm 2017 - KTĐ - 04-01-2018.pdf`` (or .docx)."""
    meeting = version.meeting
    bloc = meeting.bloc
    short = bloc.short_name or bloc.code
    if version.document == Document.PLEDGE:
        stem = f"Giao ước thi đua năm {meeting.signed_pledge_year or meeting.year} - {short}"
    elif version.document == Document.VOTE_COUNT:
        stem = f"Biên bản kiểm phiếu {meeting.display_title} - {short} - {meeting.held_on:%d-%m-%Y}"
    elif version.document == Document.SCORES:
        stem = f"Bảng tổng hợp kết quả chấm điểm, xếp hạng năm {meeting.year} - {short}"
    elif version.document == Document.LETTER:
        stem = f"Tờ trình đề nghị khen thưởng năm {meeting.year} - {short}"
    else:
        stem = f"Biên bản {meeting.display_title} - {short} - {meeting.held_on:%d-%m-%Y}"
    if version.number > 1:
        stem += f" (phiên bản {version.number})"
    stem = " ".join(_UNSAFE.sub(" ", unicodedata.normalize("NFC", stem)).split())
    return f"{stem[:180]}.{extension}"


def ascii_name(version: MinutesVersion, extension: str = "pdf") -> str:
    """The fallback for clients without RFC 5987: ``bien-ban-tmth-2018-01-04-v1.pdf`` (or .docx)."""
    meeting = version.meeting
    slug = SLUG_OF[version.document]
    code = slugify(meeting.bloc.code) or "khoi"
    return f"{slug}-{code}-{meeting.held_on:%Y-%m-%d}-v{version.number}.{extension}"


def content_disposition(version: MinutesVersion, extension: str = "pdf") -> str:
    ascii_fallback, name = ascii_name(version, extension), quote(download_name(version, extension), safe="")
    return f"attachment; filename=\"{ascii_fallback}\"; filename*=UTF-8''{name}"
